/**
 * The engine's today room: access to the day service (today's status from the
 * cache or DingTalk, a refresh, another date, a day the server says changed)
 * and the work date. Reads are tracked: the snapshot shows one in progress and
 * the last error one ended with.
 */
import { toErrorPayload } from '../../shared/errors';
import type { DayStatus, Identity } from '../../shared/model';
import type { Settings } from '../../shared/settings';
import { dateKey } from '../../shared/time';
import { DayService } from '../attendance/day-service';
import type { Outbox } from '../attendance/outbox';
import type { CallMeter } from '../attendance/quota';
import type { Clock, Logger, Store } from '../ports';
import type { ConnectionRoom } from './connection-room';
import type { IdentityRoom } from './identity-room';
import type { LiveStatus } from './snapshot';

export interface TodayRoomDeps {
  conn: ConnectionRoom;
  identity: IdentityRoom;
  state: Store;
  clock: Clock;
  meter: CallMeter;
  outbox: Outbox;
  settings: () => Settings;
  deviceId: string;
  logger: Logger;
  status: LiveStatus;
  onChanged: () => void;
  onReplan: () => void;
}

export class TodayRoom {
  private service: DayService | null = null;

  constructor(private readonly deps: TodayRoomDeps) {}

  /** The day service for the current connection (rebuilt after a reset). */
  days(): DayService {
    const { conn } = this.deps;
    this.service ??= new DayService({
      api: {
        scheduleByDay: (u, d, o) => conn.connection().scheduleByDay(u, d, o),
        listRecords: (u, f, t) => conn.connection().listRecords(u, f, t),
        pastDaysCached: conn.kind() === 'server',
        // A refused schedule falls back to the group's class times: DingTalk's own API only.
        ...(conn.kind() === 'server'
          ? {}
          : { getUserGroup: (u: string) => conn.api().getUserGroup(u) }),
      },
      store: this.deps.state,
      clock: this.deps.clock,
      meter: this.deps.meter,
      outbox: this.deps.outbox,
      settings: this.deps.settings,
      timeZone: () => conn.timeZone(),
      deviceId: this.deps.deviceId,
      operatorUserId: () => conn.config()?.operatorUserId ?? null,
      logger: this.deps.logger,
    });
    return this.service;
  }

  reset(): void {
    this.service = null;
  }

  /** Today's status without a call (null before the first load). */
  cached(): DayStatus | null {
    const identity = this.signedIn();
    return identity ? this.days().cached(identity.userId) : null;
  }

  /** The popup opened or the app started: reads only when the cache is from another day. */
  async open(): Promise<DayStatus | null> {
    if (!this.signedIn()) return null;
    return this.track(() => this.days().get(this.deps.identity.require().userId, 'open'));
  }

  /** Explicit refresh (rate-limited, skipped in budget mode). */
  async refresh(): Promise<DayStatus | null> {
    if (!this.signedIn()) return null;
    return this.track(() => this.days().get(this.deps.identity.require().userId, 'refresh'));
  }

  /** A given date (CLI `status --date`). */
  async status(date?: string): Promise<DayStatus> {
    const userId = this.deps.identity.require().userId;
    const today = this.days().today(userId);
    const other = date !== undefined && date !== today;
    // Today without a date: the day service may then find a night shift still open from yesterday.
    return this.track(() =>
      this.days().get(userId, other ? 'date' : 'open', other ? date : undefined),
    );
  }

  /** A fresh read of a day before a reminder nags about it (null when it cannot be read). */
  verify(day: DayStatus): Promise<DayStatus | null> {
    return this.days()
      .get(day.userId, 'verify', day.date)
      .catch(() => null);
  }

  /** The work date reminders belong to (yesterday's while a night shift is still open). */
  workDate(now: number): string {
    const identity = this.signedIn();
    return identity ? this.days().today(identity.userId) : dateKey(now, this.deps.conn.timeZone());
  }

  /** Server mode: a day of ours changed in DingTalk (a phone punch, an evaluation). */
  pushed(date: string): void {
    const identity = this.deps.identity.identity();
    if (!identity) return;
    void this.days()
      .get(identity.userId, 'pushed', date)
      .then(() => {
        this.deps.onChanged();
        this.deps.onReplan();
      })
      .catch(() => undefined);
  }

  forget(userId: string): void {
    this.days().forget(userId);
  }

  private signedIn(): Identity | null {
    const identity = this.deps.identity.identity();
    return identity && this.deps.conn.configured() ? identity : null;
  }

  private async track<T>(fn: () => Promise<T>): Promise<T> {
    const { status } = this.deps;
    status.refreshing = true;
    this.deps.onChanged();
    try {
      const value = await fn();
      status.lastError = null;
      return value;
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code !== 'refreshTooSoon' && payload.code !== 'budgetExceeded') {
        status.lastError = payload;
      }
      throw error;
    } finally {
      status.refreshing = false;
      this.deps.onChanged();
    }
  }
}
