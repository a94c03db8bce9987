/** Today's state at a glance, for the tray icon (pure). */
import type { AppMode } from '../../shared/contract';
import type { AppErrorPayload } from '../../shared/errors';
import type { DayStatus, OutboxEntry, TrayState } from '../../shared/model';

export interface TrayInputs {
  mode: AppMode;
  signedIn: boolean;
  online: boolean;
  today: DayStatus | null;
  outbox: OutboxEntry[];
  lastError: AppErrorPayload | null;
}

export function trayStateOf(i: TrayInputs): TrayState {
  if (i.mode === 'demo') return 'demo';
  if (i.mode === 'unconfigured' || !i.signedIn) return 'problem';
  if (!i.online) return 'offline';
  if (i.lastError || i.outbox.some((e) => e.state === 'held' || e.state === 'unknown')) {
    return 'problem';
  }
  const day = i.today;
  if (!day) return 'notPunched';
  if (day.restDay || day.onLeave) return 'rest';
  if (day.checkPoints.some((c) => c.state === 'missed')) return 'problem';
  const on = day.checkPoints.find((c) => c.type === 'OnDuty');
  if (day.next === 'OnDuty' || (on && on.state === 'pending')) return 'notPunched';
  if (day.next === 'OffDuty') return 'onDuty';
  return 'done';
}
