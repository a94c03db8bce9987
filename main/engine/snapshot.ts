/**
 * The engine's snapshot room: the live status the rooms share (online, the
 * last error, a read in progress) and the Snapshot the UI and the tray show,
 * assembled from what each room says. No decisions of its own beyond the tray
 * state's pure function.
 */
import type {
  ConnectionInfo,
  Policies,
  SecretStorageInfo,
  Snapshot,
  UpdateInfo,
} from '../../shared/contract';
import type { AppErrorPayload } from '../../shared/errors';
import type { DayStatus, Identity, Reminder } from '../../shared/model';
import type { Settings } from '../../shared/settings';
import { toZonedIso } from '../../shared/time';
import type { OutboxEntry } from '../../shared/model';
import { workClockOf } from '../../shared/work-clock';
import { nextReminder, type ReminderMemory } from '../attendance/reminders';
import { typeWithoutDay } from '../attendance/punch';
import { trayStateOf } from '../attendance/tray-state';

/** What the rooms tell each other about the moment: shared by reference. */
export class LiveStatus {
  online = true;
  lastError: AppErrorPayload | null = null;
  refreshing = false;
}

export interface SnapshotParts {
  /** This computer's clock. */
  now: number;
  /** DingTalk's clock minus this computer's, as the punch is corrected (skewCorrection). */
  clockOffsetMs: number;
  timeZone: string;
  mode: Snapshot['mode'];
  connection: ConnectionInfo;
  appKey: string | null;
  identity: Identity | null;
  policies: Policies;
  today: DayStatus | null;
  outbox: OutboxEntry[];
  punchUnavailable: AppErrorPayload | null;
  quota: Snapshot['quota'];
  status: LiveStatus;
  reminder: Reminder | null;
  memory: ReminderMemory;
  settings: Settings;
  robotTokenSet: boolean;
  secretStorage: SecretStorageInfo;
  startAtLogin: boolean;
  platform: Snapshot['platform'];
  version: string;
  /** From the shell's updater; absent where there is none (CLI, tests, the browser harness). */
  updates?: UpdateInfo;
}

/** No updater in this process: nothing is checked, and About says it is a development run. */
export const NO_UPDATER: UpdateInfo = {
  feed: null,
  source: 'none',
  reason: 'development',
  state: 'off',
  version: null,
};

export function buildSnapshot(p: SnapshotParts): Snapshot {
  const { status, memory } = p;
  const next = nextReminder({ settings: p.settings, day: p.today, now: p.now, memory });
  // A snooze is only news while something can still remind then: a punch made ends it.
  const snoozedUntil = next?.snoozeEnd ? toZonedIso(next.at, p.timeZone) : null;
  return {
    mode: p.mode,
    connection: p.connection,
    appKeyMasked: p.appKey ? maskKey(p.appKey) : null,
    identity: p.identity,
    policies: p.policies,
    today: p.today,
    trayState: trayStateOf({
      mode: p.mode,
      signedIn: p.identity !== null,
      online: status.online,
      today: p.today,
      outbox: p.outbox,
      lastError: status.lastError,
    }),
    outbox: p.outbox,
    punch: {
      available: p.punchUnavailable === null,
      reason: p.punchUnavailable,
      // Offline before today has loaded: the click is still saved (and sent when online).
      ...(p.today === null && p.punchUnavailable === null
        ? { withoutDay: typeWithoutDay(p.now + p.clockOffsetMs, p.settings, p.timeZone) }
        : {}),
    },
    quota: p.quota,
    online: status.online,
    lastError: status.lastError,
    reminder: p.reminder,
    snoozedUntil,
    notToday: memory.notToday,
    clockOffsetMs: p.clockOffsetMs,
    work: workClockOf(p.today),
    nextReminder: next && { at: toZonedIso(next.at, p.timeZone), checkType: next.checkType },
    refreshing: status.refreshing,
    settings: p.settings,
    robotTokenSet: p.robotTokenSet,
    secretStorage: p.secretStorage,
    startAtLogin: p.startAtLogin,
    platform: p.platform,
    version: p.version,
    updates: p.updates ?? NO_UPDATER,
  };
}

/** "ding1234abcd" → "ding…abcd": enough for IT to recognise, not to copy. */
export function maskKey(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}…` : `${key.slice(0, 4)}…${key.slice(-4)}`;
}
