/**
 * The engine's history room: a month of the signed-in employee's attendance
 * (history/service.ts) for the popup's history view and `daka history`, and the
 * month as CSV for the export. Today comes from the today room, so the month's
 * last day is the one the Today view shows.
 */
import { AppError } from '../../shared/errors';
import type { HistoryMonth } from '../../shared/history';
import type { UiLanguage } from '../../shared/i18n';
import { historyCsv } from '../history/csv';
import { HistoryService } from '../history/service';
import type { CallMeter } from '../attendance/quota';
import type { Clock, Logger, Store } from '../ports';
import type { ConnectionRoom } from './connection-room';
import type { IdentityRoom } from './identity-room';
import type { TodayRoom } from './today-room';

export interface HistoryRoomDeps {
  conn: ConnectionRoom;
  identity: IdentityRoom;
  today: TodayRoom;
  state: Store;
  clock: Clock;
  meter: CallMeter;
  logger: Logger;
}

export class HistoryRoom {
  private readonly service: HistoryService;

  constructor(private readonly deps: HistoryRoomDeps) {
    this.service = new HistoryService({
      connection: () => deps.conn.connection(),
      store: deps.state,
      clock: deps.clock,
      timeZone: () => deps.conn.timeZone(),
      budgetMode: () => deps.meter.budgetMode(),
      live: () => deps.today.open().catch(() => null),
      logger: deps.logger,
    });
  }

  month(month: string, refresh = false): Promise<HistoryMonth> {
    if (!this.deps.conn.configured()) {
      return Promise.reject(new AppError('notConfigured', 'Not configured'));
    }
    const identity = this.deps.identity.identity();
    if (!identity) return Promise.reject(new AppError('notSignedIn', 'Not signed in'));
    return this.service.month(identity.userId, month, { refresh });
  }

  /** The month as CSV text (UTF-8 with a BOM, for Excel) and a file name for it. */
  async csv(month: string, language: UiLanguage): Promise<{ name: string; text: string }> {
    const data = await this.month(month);
    return { name: `daka-${data.userId}-${month}.csv`, text: historyCsv(data, language) };
  }

  forget(): void {
    this.service.cache.forget();
  }
}
