/**
 * The IPC contract between the renderer and the main process: one map of
 * channels, each with a zod schema for its request and the TypeScript type of
 * its reply, plus the events main pushes. The preload derives `window.daka`
 * from it; the main process validates every request against it; the browser
 * harness serves the same handlers over HTTP. No channel returns a secret.
 */
import { z } from 'zod';
import type { AppErrorPayload } from './errors';
import type {
  CheckType,
  DayStatus,
  DoctorReport,
  Identity,
  OutboxEntry,
  PunchOutcome,
  QuotaFigures,
  Reminder,
  TrayState,
} from './model';
import type { Settings } from './settings';
import type { HistoryMonth } from './history';
import { CHANNEL_NAMES, EVENT_NAME_LIST, IPC_PREFIX, type ChannelName } from './channels';

export type AppMode = 'unconfigured' | 'demo' | 'configured';

/** How secrets are kept on this machine (Electron safeStorage backend). */
export interface SecretStorageInfo {
  /** 'os': Keychain / DPAPI / libsecret / kwallet. 'basicText': Linux fallback with a hard-coded key. */
  kind: 'os' | 'basicText' | 'unavailable' | 'memory';
  /** The employee accepted writing secrets with the weaker basic_text storage. */
  weakAccepted: boolean;
  /** Secrets are held in memory only for this run (not persisted). */
  memoryOnly: boolean;
  /** Absent when every stored secret was read; else what could not be (kept on disk). */
  unreadable?: UnreadableSecrets;
}

/**
 * Secrets stored on this machine that could not be read this run: nothing was deleted, and
 * without them setup may show again. 'locked': the keychain was unavailable (read as soon as
 * it is); 'failed': it refused, its key changed, or an entry is damaged.
 */
export interface UnreadableSecrets {
  /** The vault's names ('appSecret', 'userRefreshToken', ...). */
  names: string[];
  reason: 'locked' | 'failed';
}

/** What the organisation's administrator allowed (from provisioning). */
export interface Policies {
  punchingEnabled: boolean;
  mobileLookupAllowed: boolean;
  manualUserIdAllowed: boolean;
  maxOfflineMinutes: number;
}

export interface PunchAvailability {
  available: boolean;
  /** Why not: punchingDisabled, missingPermission, notSignedIn, notConfigured... */
  reason: AppErrorPayload | null;
  /**
   * Today's status is not loaded (offline before the first read): the punch a click saves
   * now, judged by the default hours. It waits in the outbox without the schedule.
   */
  withoutDay?: CheckType;
}

/**
 * How this install reaches DingTalk. 'direct': it holds the company app's secret
 * itself (whoever has the file can punch for anyone). 'server': through the
 * company's Daka Server, which holds the secret. 'demo': the in-process simulator.
 */
export interface ConnectionInfo {
  kind: 'none' | 'direct' | 'server' | 'demo';
  /** The company server's address (server mode), e.g. "https://daka.example.com". */
  server: string | null;
  /** What the server said about itself at sign-in or the last /v1/me; null before. */
  serverInfo: { version: string; apiVersion: number; mode: 'live' | 'demo' } | null;
  /** The server's event stream: 'connected', 'connecting' (retrying), 'off' (not signed in). */
  events: 'connected' | 'connecting' | 'off';
  /** Why the server signed this device out (sessionRevoked...), until the next sign-in. */
  signedOutReason: AppErrorPayload | null;
}

/**
 * Why automatic updates are off, or what the last check ran into (About translates it):
 * development (not a packaged app), packageManager (a deb/rpm: the system updates it),
 * noFeed (the build names no feed and no signed provisioning file does), unsigned (a
 * Windows build without a publisher to check, or an unsigned macOS app: nothing to verify
 * an update against), checkFailed (offline, server down, a signature or checksum mismatch).
 */
export type UpdateReason = 'development' | 'packageManager' | 'noFeed' | 'unsigned' | 'checkFailed';

/** Automatic updates as About shows them (main/shell/updater.ts). */
export interface UpdateInfo {
  /** The feed's https URL; null when there is none. */
  feed: string | null;
  /** Where the feed came from: the build itself, or a provisioning file signed for this build. */
  source: 'build' | 'provisioning' | 'none';
  /** Set when state is 'off' or 'error'. */
  reason: UpdateReason | null;
  state: 'off' | 'idle' | 'checking' | 'available' | 'downloaded' | 'upToDate' | 'error';
  /** The newer version found (available) or ready to install at quit (downloaded). */
  version: string | null;
}

/**
 * Today's working time as anchors (shared/work-clock.ts): the popup and the tray only
 * subtract the ticking minute. Null before the first clock-in, on rest days and on leave.
 */
export interface WorkClock {
  /** Minutes of the periods already clocked out (split shifts: 上班1→下班1, …). */
  closedMinutes: number;
  /** The clock-in of the period running now (its clock-out still due), else null. */
  since: string | null;
  /** That period's planned clock-out ("距下班 …" counts down to it). */
  leaveAt: string | null;
}

/** The next reminder Daka will show today, as planned now (also the end of a snooze). */
export interface NextReminder {
  at: string;
  checkType: CheckType;
}

/**
 * The moments of a demo day "play the day" jumps to: before work (08:40), the clock-in
 * reminder, lunch, just before clock-out, the forgot-to-clock-out reminder, the next morning.
 */
export type DemoMoment =
  'beforeWork' | 'clockIn' | 'lunch' | 'beforeClockOut' | 'afterWork' | 'nextDay';

/** Demo mode's simulated day (only in demo mode). */
export interface DemoInfo {
  /** The simulated time (org zone ISO) when the snapshot was built: the popup's clock follows it. */
  now: string;
  /** Where "play the day" goes next. */
  next: { moment: DemoMoment; at: string };
}

/** Everything the popup shows, pushed on every change and returned by `getSnapshot`. */
export interface Snapshot {
  mode: AppMode;
  connection: ConnectionInfo;
  /** The AppKey is not a secret but is shown masked anyway. */
  appKeyMasked: string | null;
  identity: Identity | null;
  policies: Policies;
  today: DayStatus | null;
  trayState: TrayState;
  outbox: OutboxEntry[];
  punch: PunchAvailability;
  quota: QuotaFigures;
  online: boolean;
  /** The last error of a background action (refresh, send), cleared by the next success. */
  lastError: AppErrorPayload | null;
  /** A reminder currently showing, if any. */
  reminder: Reminder | null;
  /** Set while a snooze still has something to remind about (a punch made ends it). */
  snoozedUntil: string | null;
  notToday: boolean;
  /**
   * DingTalk's clock (the company server's in server mode) minus this computer's, in ms, as
   * the punch itself is corrected (whole seconds; 0 when unknown or under 2 s). The popup's
   * and the tray's "now" add it, so the button (早退 or not), the countdown and the ticking
   * time follow the clock DingTalk records the punch by.
   */
  clockOffsetMs: number;
  work: WorkClock | null;
  nextReminder: NextReminder | null;
  refreshing: boolean;
  settings: Settings;
  /** Whether the receipts robot's access_token is in the vault (the token never leaves main). */
  robotTokenSet: boolean;
  secretStorage: SecretStorageInfo;
  startAtLogin: boolean;
  platform: 'darwin' | 'win32' | 'linux';
  version: string;
  /** Demo mode: the simulated clock and the next moment of the demo day. */
  demo?: DemoInfo;
  updates: UpdateInfo;
}

export type LoginResult = { identity: Identity };

/**
 * What became of a history export: saved to the path the employee chose, the dialog
 * cancelled, or (no file dialog here: the browser harness) the file to download instead.
 */
export type HistoryExport =
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' }
  | { kind: 'download'; name: string; text: string };

/**
 * What became of a test reminder: 'shown' (the system said it showed it), 'unconfirmed'
 * (handed to the system, which said neither shown nor failed: denied notifications on
 * some systems look like this), 'unsupported' (no notifications here: the CLI, the
 * browser harness, a desktop without a notification service), 'failed' (the system
 * refused it, e.g. notifications turned off for Daka).
 */
export type NotificationDelivery = 'shown' | 'unconfirmed' | 'unsupported' | 'failed';
export type TestReminderResult = { delivery: NotificationDelivery };

const empty = z.object({}).strict();
const id = z.string().min(1).max(100);

/**
 * Every string a request may carry has a length limit, so nothing the popup sends is
 * unbounded work for main nor echoed back in an error (zod's messages name the limit,
 * not the value). A section's fields are checked by the settings schema after the merge.
 */
const section = z.record(z.string().max(64), z.unknown());

const settingsPatch = z
  .object({
    reminders: section.optional(),
    punch: section.optional(),
    fallbackSchedule: section.optional(),
    quota: section.optional(),
    ui: section.optional(),
    timeZone: z.string().max(64).nullable().optional(),
    receipts: section.optional(),
  })
  .strict();

/** Request schemas. Each reply type is in `Replies` below. */
export const requests = {
  getSnapshot: empty,
  refresh: empty,
  punch: z.object({ confirm: z.boolean().default(false) }).strict(),
  outboxSend: z.object({ id }).strict(),
  outboxDiscard: z.object({ id }).strict(),
  snooze: empty,
  /** "Not today" on, or off again (`on: false` undoes it). */
  notToday: z.object({ on: z.boolean().default(true) }).strict(),
  updateSettings: settingsPatch,
  /**
   * The receipts robot's signing secret and webhook access_token go straight to the vault
   * (either or both; null forgets one); neither is ever sent back.
   */
  setRobotSecret: z
    .object({
      secret: z.string().min(1).max(200).nullable().optional(),
      token: z
        .string()
        .regex(/^[A-Za-z0-9]{1,200}$/)
        .nullable()
        .optional(),
    })
    .strict(),
  setStartAtLogin: z.object({ enabled: z.boolean() }).strict(),
  acceptWeakStorage: z.object({ accept: z.boolean() }).strict(),
  /** Provisioning JSON text (from drag and drop); the picker variant reads the file in main. */
  importProvisioning: z
    .object({
      text: z
        .string()
        .min(1)
        .max(64 * 1024),
    })
    .strict(),
  pickProvisioningFile: empty,
  setCredentials: z
    .object({
      appKey: z.string().trim().min(1).max(128),
      appSecret: z.string().trim().min(1).max(256),
    })
    .strict(),
  /**
   * Company server mode: the server's address (typed, or from a provisioning file v2).
   * https only, plain http only for 127.0.0.1/localhost; errors are invalidInput with
   * detail.field 'server'. Then `loginWithBrowser` signs in through that server.
   */
  setServer: z.object({ url: z.string().trim().min(1).max(300) }).strict(),
  /** Both modes: DingTalk login in the system browser (through the server in server mode). */
  loginWithBrowser: empty,
  cancelLogin: empty,
  lookupByMobile: z
    .object({
      mobile: z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 -]{5,19}$/),
    })
    .strict(),
  setUserId: z.object({ userId: z.string().trim().min(1).max(64) }).strict(),
  signOut: empty,
  forgetCredentials: empty,
  runDoctor: empty,
  startDemo: empty,
  /** Demo mode: moves the simulated clock to the next moment of the demo day. */
  demoPlay: empty,
  /** Leaves demo mode for setup step 1; nothing else is deleted (no credential exists). */
  leaveDemo: empty,
  /**
   * A month of my attendance ("YYYY-MM", up to today) for the history view; `refresh` reads
   * again what may have changed (at most once a minute). Evaluated days come from the cache.
   */
  history: z
    .object({
      month: z.string().regex(/^\d{4}-\d{2}$/),
      refresh: z.boolean().default(false),
    })
    .strict(),
  /**
   * The month as CSV (UTF-8 with BOM) in the popup's language, saved where the employee
   * picks in main's dialog.
   */
  exportHistory: z
    .object({ month: z.string().regex(/^\d{4}-\d{2}$/), language: z.enum(['zh-CN', 'en']) })
    .strict(),
  /** Settings → Reminders: a real notification through the reminders' own path, marked as a test. */
  testReminder: empty,
  openLogFolder: empty,
  /** Checks the update feed now (About's button); the result arrives in `snapshot.updates`. */
  checkForUpdates: empty,
  hidePopup: empty,
  quit: empty,
} as const satisfies Record<ChannelName, z.ZodType>;

export type Channel = keyof typeof requests;
export type RequestOf<C extends Channel> = z.input<(typeof requests)[C]>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof requests)[C]>;

export interface Replies {
  getSnapshot: Snapshot;
  refresh: Snapshot;
  punch: PunchOutcome;
  outboxSend: PunchOutcome;
  outboxDiscard: Snapshot;
  snooze: Snapshot;
  notToday: Snapshot;
  updateSettings: Snapshot;
  setRobotSecret: Snapshot;
  setStartAtLogin: Snapshot;
  acceptWeakStorage: Snapshot;
  importProvisioning: Snapshot;
  /** null when the employee cancelled the file dialog. */
  pickProvisioningFile: Snapshot | null;
  setCredentials: Snapshot;
  setServer: Snapshot;
  loginWithBrowser: LoginResult;
  cancelLogin: Snapshot;
  lookupByMobile: LoginResult;
  setUserId: LoginResult;
  signOut: Snapshot;
  forgetCredentials: Snapshot;
  runDoctor: DoctorReport;
  startDemo: Snapshot;
  demoPlay: Snapshot;
  leaveDemo: Snapshot;
  history: HistoryMonth;
  exportHistory: HistoryExport;
  testReminder: TestReminderResult;
  openLogFolder: null;
  checkForUpdates: Snapshot;
  hidePopup: null;
  quit: null;
}

/** Every reply crosses the bridge wrapped, so errors arrive as typed values, not exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorPayload };

/** Events main pushes to the renderer. */
export interface Events {
  snapshot: Snapshot;
  /** Ask the popup to show a view (from the tray menu or a notification). */
  navigate: { view: View };
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = EVENT_NAME_LIST satisfies readonly EventName[];

export type View = 'today' | 'settings' | 'doctor' | 'onboarding' | 'history' | 'about' | 'guide';

export { IPC_PREFIX };
/** Same order as `requests`; shared/channels.ts keeps the list zod-free for the preload. */
export const CHANNELS: Channel[] = [...CHANNEL_NAMES];

/** What the preload exposes as `window.daka`. */
export type DakaBridge = {
  [C in Channel]: (request?: RequestOf<C>) => Promise<Result<Replies[C]>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
};

/** A handler table: the same one serves Electron IPC and the browser harness. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<Replies[C]>;
};
