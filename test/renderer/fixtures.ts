/**
 * Snapshots, doctor reports and punch outcomes for the popup in each of its
 * states: the component tests, the preview screenshots and later the E2E
 * suite share them. The day is Friday 2026-11-27 in Asia/Shanghai.
 */
import type { ConnectionInfo, Snapshot } from '../../shared/contract';
import type {
  CheckPoint,
  DayStatus,
  DoctorCheck,
  DoctorReport,
  OutboxEntry,
  Punch,
  PunchOutcome,
} from '../../shared/model';
import { defaultSettings, type Settings } from '../../shared/settings';
import { workClockOf } from '../../shared/work-clock';

export const ZONE = 'Asia/Shanghai';
export const DATE = '2026-11-27';
export const APP_KEY = 'dingq7xk2p9v4m3t8w1z';
/** As main masks it (main/engine.ts maskKey): recognisable, not copyable. */
export const APP_KEY_MASKED = `${APP_KEY.slice(0, 4)}…${APP_KEY.slice(-4)}`;

/** An instant at a wall-clock time of the fixture day, with Shanghai's offset. */
export const at = (hhmm: string, date = DATE) => `${date}T${hhmm}:00+08:00`;

export function punch(overrides: Partial<Punch> & Pick<Punch, 'at'>): Punch {
  return {
    id: `p-${overrides.at}`,
    checkType: 'OnDuty',
    source: 'ATM',
    fromThisDevice: true,
    valid: true,
    invalidReason: null,
    ...overrides,
  };
}

export function pending(type: CheckPoint['type'], planned: string): CheckPoint {
  return {
    type,
    planned: at(planned),
    window: null,
    state: 'pending',
    result: null,
    punchedAt: null,
    punch: null,
  };
}

export function done(
  type: CheckPoint['type'],
  planned: string,
  punchedAt: string,
  result: CheckPoint['result'] = 'Normal',
  source: Partial<Punch> = {},
): CheckPoint {
  const p = punch({ at: at(punchedAt), checkType: type, ...source });
  return { ...pending(type, planned), state: 'done', result, punchedAt: p.at, punch: p };
}

export function day(overrides: Partial<DayStatus> = {}): DayStatus {
  return {
    userId: 'u-0001',
    date: DATE,
    timeZone: ZONE,
    restDay: false,
    onLeave: false,
    className: '正常班 A',
    source: { kind: 'dingtalk' },
    checkPoints: [pending('OnDuty', '09:00'), pending('OffDuty', '18:00')],
    punches: [],
    next: 'OnDuty',
    nextWorkday: null,
    fetchedAt: at('08:41'),
    ...overrides,
  };
}

export function settings(patch: { [K in keyof Settings]?: Partial<Settings[K]> } = {}): Settings {
  const base = defaultSettings();
  const ui = { ...base.ui, ...patch.ui };
  return {
    ...base,
    reminders: { ...base.reminders, ...patch.reminders },
    ui,
    receipts: { ...base.receipts, ...patch.receipts },
    quota: { ...base.quota, ...patch.quota },
    timeZone: (patch.timeZone as Settings['timeZone'] | undefined) ?? base.timeZone,
  };
}

/** A configured, signed-in employee before work on a normal Friday. */
export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const today = overrides.today === undefined ? day() : overrides.today;
  return {
    mode: 'configured',
    connection: {
      kind: 'direct',
      server: null,
      serverInfo: null,
      events: 'off',
      signedOutReason: null,
    },
    appKeyMasked: APP_KEY_MASKED,
    identity: { userId: 'u-0001', name: '王小明', via: 'browser' },
    policies: {
      punchingEnabled: true,
      mobileLookupAllowed: false,
      manualUserIdAllowed: false,
      maxOfflineMinutes: 120,
    },
    today,
    trayState: 'notPunched',
    outbox: [],
    punch: { available: true, reason: null },
    quota: {
      month: '2026-11',
      counted: 37,
      total: 58,
      tokenFetches: 6,
      cap: 120,
      budgetMode: false,
    },
    online: true,
    lastError: null,
    reminder: null,
    snoozedUntil: null,
    notToday: false,
    clockOffsetMs: 0,
    // As main computes it from the day (main/engine/snapshot.ts).
    work: workClockOf(today),
    nextReminder: null,
    refreshing: false,
    settings: settings({ ui: { language: 'zh-CN' } }),
    robotTokenSet: false,
    secretStorage: { kind: 'os', weakAccepted: false, memoryOnly: false },
    startAtLogin: true,
    platform: 'darwin',
    version: '0.1.0',
    updates: {
      feed: 'https://updates.example.com/daka/',
      source: 'build',
      reason: null,
      state: 'upToDate',
      version: null,
    },
    ...overrides,
  };
}

export function outboxEntry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: 'intent-0001',
    userId: 'u-0001',
    type: 'OnDuty',
    at: at('08:57'),
    createdAt: at('08:57'),
    state: 'pending',
    attempts: 2,
    lastError: { code: 'networkDown', message: 'fetch failed' },
    ...overrides,
  };
}

const onDutyDone = done('OnDuty', '09:00', '08:57');

export const SERVER_URL = 'https://daka.example.com';

/** Company server mode: signed in through the server, its event stream connected. */
export function serverConnection(overrides: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return {
    kind: 'server',
    server: SERVER_URL,
    serverInfo: { version: '1.0.0', apiVersion: 1, mode: 'live' },
    events: 'connected',
    signedOutReason: null,
    ...overrides,
  };
}

/** A snapshot in company server mode (no AppKey on this computer, no DingTalk calls of its own). */
export function serverSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return snapshot({
    connection: serverConnection(),
    appKeyMasked: null,
    identity: { userId: 'u-0001', name: '王小明', via: 'server' },
    quota: { month: '2026-11', counted: 0, total: 0, tokenFetches: 0, cap: 120, budgetMode: false },
    ...overrides,
  });
}

const SESSION_REVOKED = {
  code: 'sessionRevoked',
  message: 'This session was ended',
} as const;

/** Clocked in at 08:57, clock-out at 18:00 still to come. */
export function atWorkDay(overrides: Partial<DayStatus> = {}): DayStatus {
  return day({
    checkPoints: [onDutyDone, pending('OffDuty', '18:00')],
    next: 'OffDuty',
    ...overrides,
  });
}

/**
 * The wall clock a fixture is seen at (the popup judges its button by it: 早退 / 迟到):
 * 08:30 before clocking in, 18:30 after, unless a scenario says otherwise.
 */
export function fixtureClock(s: Snapshot | null): string {
  const date = s?.today?.date ?? DATE;
  return at(s?.today?.next === 'OffDuty' ? '18:30' : '08:30', date);
}

/** Clocked out early at 17:00; the clock-out window is open until midnight (更新打卡). */
export function clockedOutEarlyDay(): DayStatus {
  return day({
    checkPoints: [
      onDutyDone,
      {
        ...done('OffDuty', '18:00', '17:00', 'Early'),
        window: { from: at('13:30'), to: at('23:59') },
      },
    ],
    next: null,
    fetchedAt: at('17:01'),
  });
}

export const fixtures = {
  unconfigured: snapshot({
    mode: 'unconfigured',
    connection: {
      kind: 'none',
      server: null,
      serverInfo: null,
      events: 'off',
      signedOutReason: null,
    },
    appKeyMasked: null,
    identity: null,
    today: null,
    trayState: 'problem',
    punch: { available: false, reason: { code: 'notConfigured', message: 'not configured' } },
    quota: { month: '2026-11', counted: 0, total: 0, tokenFetches: 0, cap: 120, budgetMode: false },
  }),
  needsIdentity: snapshot({
    identity: null,
    today: null,
    punch: { available: false, reason: { code: 'notSignedIn', message: 'no identity' } },
    policies: {
      punchingEnabled: true,
      mobileLookupAllowed: true,
      manualUserIdAllowed: true,
      maxOfflineMinutes: 120,
    },
  }),
  needsIdentityBrowserOnly: snapshot({
    identity: null,
    today: null,
    punch: { available: false, reason: { code: 'notSignedIn', message: 'no identity' } },
  }),
  loading: snapshot({ today: null, refreshing: true }),
  beforeWork: snapshot(),
  atWork: snapshot({
    today: atWorkDay(),
    trayState: 'onDuty',
  }),
  lateWithInvalid: snapshot({
    today: day({
      checkPoints: [
        done('OnDuty', '09:00', '09:12', 'Late', { source: 'USER', fromThisDevice: false }),
        pending('OffDuty', '18:00'),
      ],
      punches: [
        punch({
          id: 'bad-1',
          at: at('09:06'),
          valid: false,
          source: 'USER',
          fromThisDevice: false,
          invalidReason: '不在考勤范围内（距离公司 1.2 公里）',
        }),
      ],
      next: 'OffDuty',
    }),
    trayState: 'onDuty',
  }),
  allDone: snapshot({
    today: day({
      checkPoints: [
        onDutyDone,
        done('OffDuty', '18:00', '18:06', 'Normal', { source: 'USER', fromThisDevice: false }),
      ],
      next: null,
      fetchedAt: at('18:07'),
    }),
    trayState: 'done',
  }),
  provisional: snapshot({
    today: day({
      checkPoints: [{ ...onDutyDone, provisional: true }, pending('OffDuty', '18:00')],
      next: 'OffDuty',
    }),
    trayState: 'onDuty',
  }),
  missedDay: snapshot({
    today: day({
      checkPoints: [
        { ...pending('OnDuty', '09:00'), state: 'missed', result: 'NotSigned' },
        { ...pending('OffDuty', '18:00'), state: 'missed', result: 'NotSigned' },
      ],
      next: null,
    }),
    trayState: 'problem',
  }),
  restDay: snapshot({
    today: day({
      date: '2026-11-28',
      restDay: true,
      className: null,
      checkPoints: [],
      next: null,
      nextWorkday: '2026-11-30',
    }),
    trayState: 'rest',
  }),
  onLeave: snapshot({ today: day({ onLeave: true, next: null }), trayState: 'rest' }),
  fallback: snapshot({
    today: day({ className: null, source: { kind: 'fallback', reason: 'noSchedule' } }),
  }),
  unavailable: snapshot({
    punch: {
      available: false,
      reason: { code: 'punchingDisabled', message: 'punching disabled by policy' },
    },
    policies: {
      punchingEnabled: false,
      mobileLookupAllowed: false,
      manualUserIdAllowed: false,
      maxOfflineMinutes: 120,
    },
  }),
  queuedOffline: snapshot({
    online: false,
    outbox: [outboxEntry()],
    trayState: 'offline',
  }),
  held: snapshot({
    online: false,
    outbox: [
      outboxEntry({
        state: 'held',
        held: 'offline',
        lastError: { code: 'networkDown', message: 'offline for too long' },
      }),
      outboxEntry({ id: 'intent-0002', type: 'OffDuty', at: at('18:03'), createdAt: at('18:03') }),
    ],
    trayState: 'problem',
  }),
  sending: snapshot({
    outbox: [outboxEntry({ state: 'sending', lastError: null })],
  }),
  /** DingTalk refuses this network (IP whitelist): held, with what to do now (issue #10 item 14). */
  heldNetwork: snapshot({
    outbox: [
      outboxEntry({
        state: 'held',
        held: 'network',
        attempts: 1,
        lastError: {
          code: 'ipNotWhitelisted',
          message: 'ip not in whitelist',
          detail: { ip: '203.0.113.7', dingtalkCode: '60020' },
        },
      }),
    ],
    today: day({
      checkPoints: [
        { ...pending('OnDuty', '09:00'), queued: { at: at('08:57'), state: 'held' } },
        pending('OffDuty', '18:00'),
      ],
    }),
    trayState: 'problem',
  }),
  /** The monthly quota is used up: held; the DingTalk app still works. */
  heldDingTalk: snapshot({
    outbox: [
      outboxEntry({
        state: 'held',
        held: 'dingtalk',
        attempts: 1,
        lastError: { code: 'quotaExhausted', message: 'quota used up' },
      }),
    ],
    today: day({
      checkPoints: [
        { ...pending('OnDuty', '09:00'), queued: { at: at('08:57'), state: 'held' } },
        pending('OffDuty', '18:00'),
      ],
    }),
    trayState: 'problem',
  }),
  /** Queued offline with today loaded: the timeline shows it 待上传 (issue #10 item 16). */
  queuedInTimeline: snapshot({
    online: false,
    outbox: [outboxEntry()],
    today: day({
      checkPoints: [
        { ...pending('OnDuty', '09:00'), queued: { at: at('08:57'), state: 'waiting' } },
        pending('OffDuty', '18:00'),
      ],
    }),
    trayState: 'offline',
  }),
  /** Offline before today loaded: the punch is still offered, the error shown once (item 15). */
  offlineNoDay: snapshot({
    today: null,
    online: false,
    lastError: { code: 'networkDown', message: 'fetch failed' },
    punch: { available: true, reason: null, withoutDay: 'OnDuty' },
    trayState: 'offline',
  }),
  backgroundError: snapshot({
    lastError: {
      code: 'ipNotWhitelisted',
      message: 'ip not in whitelist',
      detail: { ip: '203.0.113.7', dingtalkCode: '60020' },
    },
    trayState: 'problem',
  }),
  noDayError: snapshot({
    today: null,
    online: false,
    lastError: { code: 'networkDown', message: 'fetch failed' },
    trayState: 'offline',
  }),
  reminder: snapshot({
    today: atWorkDay(),
    reminder: { kind: 'forgotOffDuty', checkType: 'OffDuty', planned: at('18:00'), escalation: 0 },
  }),
  demo: snapshot({
    mode: 'demo',
    connection: {
      kind: 'demo',
      server: null,
      serverInfo: null,
      events: 'off',
      signedOutReason: null,
    },
    appKeyMasked: null,
    identity: { userId: 'demo-user', name: '演示用户', via: 'demo' },
    online: false,
    trayState: 'demo',
  }),
  budget: snapshot({
    quota: {
      month: '2026-11',
      counted: 120,
      total: 171,
      tokenFetches: 9,
      cap: 120,
      budgetMode: true,
    },
  }),
  weakStorage: snapshot({
    platform: 'linux',
    secretStorage: { kind: 'basicText', weakAccepted: false, memoryOnly: true },
  }),
  memoryStorage: snapshot({
    platform: 'linux',
    secretStorage: { kind: 'memory', weakAccepted: false, memoryOnly: true },
  }),
  /** A server address typed (or a v2 file imported): the sign-in comes next. */
  serverNeedsSignIn: serverSnapshot({
    connection: serverConnection({ serverInfo: null, events: 'off' }),
    identity: null,
    today: null,
    trayState: 'problem',
    punch: { available: false, reason: { code: 'notSignedIn', message: 'Sign in first' } },
  }),
  serverBeforeWork: serverSnapshot(),
  /** The server has the punch; DingTalk has not confirmed it yet. */
  serverAccepted: serverSnapshot({
    outbox: [
      outboxEntry({
        id: 'intent-0021',
        at: at('08:58'),
        createdAt: at('08:58'),
        state: 'sending',
        attempts: 1,
        lastError: null,
        acceptedAt: at('08:58'),
      }),
    ],
    // As main builds the day: the timeline says the same as the panel (review #10 item 13).
    today: day({
      checkPoints: [
        { ...pending('OnDuty', '09:00'), queued: { at: at('08:58'), state: 'accepted' } },
        pending('OffDuty', '18:00'),
      ],
    }),
  }),
  /** IT revoked this device's session (main forgets the identity with it). */
  serverRevoked: serverSnapshot({
    connection: serverConnection({ events: 'off', signedOutReason: SESSION_REVOKED }),
    identity: null,
    today: null,
    trayState: 'problem',
    punch: { available: false, reason: SESSION_REVOKED },
  }),
  serverReconnecting: serverSnapshot({
    connection: serverConnection({ events: 'connecting' }),
  }),
} satisfies Record<string, Snapshot>;

export type FixtureName = keyof typeof fixtures;

/** The same snapshot in another language or theme (the preview shoots each combination). */
export function withUi(s: Snapshot, ui: Partial<Settings['ui']>): Snapshot {
  return { ...s, settings: { ...s.settings, ui: { ...s.settings.ui, ...ui } } };
}

const coreReports: Record<'allPass' | 'problems', DoctorReport> = {
  allPass: {
    at: at('08:45'),
    countedCalls: 3,
    checks: [
      { id: 'credentials', subject: null, status: 'pass', error: null, facts: {} },
      {
        id: 'permission',
        subject: 'Pro.AttendanceRecord.Write',
        status: 'pass',
        error: null,
        facts: {},
      },
      { id: 'ipWhitelist', subject: null, status: 'pass', error: null, facts: {} },
      {
        id: 'identity',
        subject: 'u-0001',
        status: 'pass',
        error: null,
        facts: { userId: 'u-0001', via: 'browser' },
      },
      { id: 'schedule', subject: null, status: 'pass', error: null, facts: {} },
      { id: 'clockSkew', subject: null, status: 'pass', error: null, facts: { skewMs: 140 } },
      {
        id: 'quota',
        subject: null,
        status: 'pass',
        error: null,
        facts: { counted: 40, cap: 120, total: 61, month: '2026-11' },
      },
      {
        id: 'secretStorage',
        subject: null,
        status: 'pass',
        error: null,
        facts: { kind: 'os', memoryOnly: 'no' },
      },
    ],
  },
  problems: {
    at: at('09:02'),
    countedCalls: 2,
    checks: [
      { id: 'credentials', subject: null, status: 'pass', error: null, facts: {} },
      {
        id: 'permission',
        subject: 'Pro.AttendanceRecord.Write',
        status: 'fail',
        error: {
          code: 'missingPermission',
          message: 'no permission',
          detail: {
            permission: 'Pro.AttendanceRecord.Write',
            dingtalkCode: '60011',
            api: 'topapi/attendance/record/upload',
          },
        },
        facts: {},
      },
      {
        id: 'ipWhitelist',
        subject: null,
        status: 'fail',
        error: {
          code: 'ipNotWhitelisted',
          message: 'ip not whitelisted',
          detail: { ip: '203.0.113.7', dingtalkCode: '60020' },
        },
        facts: { ip: '203.0.113.7' },
      },
      {
        id: 'identity',
        subject: 'u-0001',
        status: 'pass',
        error: null,
        facts: { userId: 'u-0001' },
      },
      { id: 'schedule', subject: null, status: 'skipped', error: null, facts: {} },
      { id: 'clockSkew', subject: null, status: 'warn', error: null, facts: { skewMs: 94000 } },
      {
        id: 'secretStorage',
        subject: null,
        status: 'pass',
        error: null,
        facts: { kind: 'os', memoryOnly: 'no' },
      },
    ],
  },
};

// Report shapes the engine builds per mode (main/engine.ts doctor, main/engine/server-room.ts).
const direct: DoctorReport = {
  ...coreReports.allPass,
  checks: [
    ...coreReports.allPass.checks,
    { id: 'directTrust', subject: null, status: 'warn', error: null, facts: {} },
  ],
};
const serverOwn = (status: DoctorCheck['status'] = 'pass'): DoctorCheck[] => [
  {
    id: 'server',
    subject: SERVER_URL,
    status,
    error: null,
    facts: { version: '1.0.0', apiVersion: 1, mode: 'live' },
  },
  {
    id: 'serverSession',
    subject: '王小明',
    status: 'pass',
    error: null,
    facts: { userId: 'u-0001', device: 'Daka · MacBook-Pro' },
  },
];
const storagePass: DoctorCheck = {
  id: 'secretStorage',
  subject: null,
  status: 'pass',
  error: null,
  facts: { kind: 'os', memoryOnly: 'no' },
};
const server: DoctorReport = {
  at: at('08:45'),
  countedCalls: 0,
  checks: [
    ...serverOwn(),
    { id: 'credentials', subject: null, status: 'pass', error: null, facts: {}, origin: 'server' },
    {
      id: 'permission',
      subject: 'Pro.AttendanceRecord.Write',
      status: 'pass',
      error: null,
      facts: {},
      origin: 'server',
    },
    { id: 'ipWhitelist', subject: null, status: 'pass', error: null, facts: {}, origin: 'server' },
    storagePass,
  ],
};
const serverProblems: DoctorReport = {
  at: at('09:02'),
  countedCalls: 0,
  checks: [
    ...serverOwn(),
    { id: 'credentials', subject: null, status: 'pass', error: null, facts: {}, origin: 'server' },
    {
      id: 'ipWhitelist',
      subject: null,
      status: 'fail',
      error: {
        code: 'ipNotWhitelisted',
        message: 'ip not whitelisted',
        detail: { ip: '198.51.100.20', dingtalkCode: '60020' },
      },
      facts: { ip: '198.51.100.20' },
      origin: 'server',
    },
    {
      id: 'quota',
      subject: null,
      status: 'warn',
      error: null,
      facts: { counted: 4700, cap: 5000 },
      origin: 'server',
    },
    storagePass,
  ],
};
const serverDown: DoctorReport = {
  at: at('09:02'),
  countedCalls: 0,
  checks: [
    {
      id: 'server',
      subject: SERVER_URL,
      status: 'fail',
      error: { code: 'networkDown', message: 'fetch failed' },
      facts: {},
    },
    { id: 'serverSession', subject: null, status: 'skipped', error: null, facts: {} },
    storagePass,
  ],
};

export const reports = { ...coreReports, direct, server, serverProblems, serverDown };

export const outcomes = {
  punchedOnDuty: { outcome: 'punched', type: 'OnDuty', at: at('08:58'), intentId: 'intent-0009' },
  punchedOffDuty: {
    outcome: 'punched',
    type: 'OffDuty',
    at: at('18:04'),
    intentId: 'intent-0010',
  },
  needsConfirmation: {
    outcome: 'needs-confirmation',
    type: 'OnDuty',
    at: at('09:03'),
    previousAt: at('08:57'),
  },
  /** A clock-out before the planned time: main asks first (shared/punch-rule.ts). */
  needsEarly: {
    outcome: 'needs-confirmation',
    type: 'OffDuty',
    at: at('17:00'),
    previousAt: at('17:00'),
    ask: 'early',
    planned: at('18:00'),
  },
  punchedEarly: { outcome: 'punched', type: 'OffDuty', at: at('17:00'), intentId: 'intent-0012' },
  queued: {
    outcome: 'queued',
    type: 'OnDuty',
    at: at('08:58'),
    intentId: 'intent-0011',
    reason: { code: 'networkDown', message: 'fetch failed' },
  },
  /** Company server mode: the server took it, DingTalk has not confirmed it yet. */
  accepted: {
    outcome: 'queued',
    type: 'OnDuty',
    at: at('08:58'),
    intentId: 'intent-0021',
    reason: { code: 'punchAccepted', message: 'The company server has the punch' },
  },
  unavailable: {
    outcome: 'unavailable',
    type: 'OnDuty',
    at: at('08:58'),
    reason: { code: 'punchingDisabled', message: 'disabled' },
  },
} satisfies Record<string, PunchOutcome>;
