/**
 * The Daka Server API (`/v1`): the one contract between a desktop in "company
 * server" mode and the server that holds the DingTalk secret. Both sides import
 * these zod schemas: the server validates every request with them (and
 * generates its OpenAPI document from them), the desktop validates every reply.
 *
 * Authentication: OAuth 2.0 for native apps (RFC 8252) with PKCE (RFC 7636),
 * then a device session whose access token is bound to a per-device key
 * (DPoP, RFC 9449): every request carries `Authorization: DPoP <access token>`
 * and a `DPoP: <proof JWT>` header signed by that device's key.
 *
 * Errors: any non-2xx reply has the body `{ error: AppErrorPayload }`, with the
 * same codes the desktop already translates (shared/errors.ts).
 *
 * Times are epoch milliseconds on the wire; dates are "YYYY-MM-DD" work dates
 * in the organisation's time zone.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors';

/** Bumped only on a breaking change of this contract; the desktop refuses a newer one. */
export const SERVER_API_VERSION = 1;

export const PATHS = {
  /** Browser: start a login (query: loginStartQuery). Redirects to DingTalk. */
  authLogin: '/v1/auth/login',
  /** Browser: DingTalk redirects here (the URL to register in the developer console). */
  authCallback: '/v1/auth/callback',
  /** Desktop: exchange a one-time code or a refresh token for tokens (DPoP proof required). */
  authToken: '/v1/auth/token',
  /** Desktop: end this device's session. */
  authLogout: '/v1/auth/logout',
  me: '/v1/me',
  schedule: '/v1/schedule',
  records: '/v1/records',
  /** My past days (from..to, ≤ 31 dates) for the history view, from the server's caches. */
  history: '/v1/history',
  punches: '/v1/punches',
  punch: '/v1/punches/:intentId',
  sessions: '/v1/sessions',
  session: '/v1/sessions/:sessionId',
  /** The server's own DingTalk health, for the desktop's doctor. */
  health: '/v1/health',
  /** Server-Sent Events (see ServerEvent). */
  events: '/v1/events',
  healthz: '/healthz',
  readyz: '/readyz',
  openapi: '/openapi.json',
} as const;

const errorPayload = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export const errorReply = z.object({ error: errorPayload });
export type ErrorReply = z.infer<typeof errorReply>;

const workDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const epochMs = z.number().int().nonnegative().max(8.64e15);
const shortText = z.string().min(1).max(200);

// ---- sign-in ------------------------------------------------------------------

/** RFC 8252 §7.3: only a loopback http redirect, any port, path /callback-like. */
export const loopbackRedirect = z
  .string()
  .max(200)
  .regex(/^http:\/\/(127\.0\.0\.1|\[::1\]):\d{1,5}\/[A-Za-z0-9/_-]*$/);

export const loginStartQuery = z
  .object({
    redirect_uri: loopbackRedirect,
    /** The desktop's own state, echoed back to its loopback receiver. */
    state: z.string().min(16).max(128),
    code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    code_challenge_method: z.literal('S256'),
  })
  .strict();
export type LoginStartQuery = z.infer<typeof loginStartQuery>;

/** What the desktop says about itself when it creates a session (shown to IT). */
export const deviceInfo = z
  .object({
    /** The install's stable device id (a UUID the desktop generated). */
    id: z.string().min(8).max(64),
    /** e.g. "Daka · LAPTOP-ZW" */
    name: shortText,
    platform: z.enum(['darwin', 'win32', 'linux']),
    appVersion: z.string().min(1).max(40),
  })
  .strict();
export type DeviceInfo = z.infer<typeof deviceInfo>;

export const tokenRequest = z.discriminatedUnion('grant_type', [
  z
    .object({
      grant_type: z.literal('authorization_code'),
      code: z.string().min(16).max(128),
      code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
      redirect_uri: loopbackRedirect,
      device: deviceInfo,
    })
    .strict(),
  z
    .object({
      grant_type: z.literal('refresh_token'),
      refresh_token: z.string().min(16).max(256),
    })
    .strict(),
]);
export type TokenRequest = z.infer<typeof tokenRequest>;

export const serverUser = z.object({ userId: z.string(), name: z.string().nullable() });
export type ServerUser = z.infer<typeof serverUser>;

export const tokenReply = z.object({
  access_token: z.string(),
  token_type: z.literal('DPoP'),
  /** Seconds. */
  expires_in: z.number().int().positive(),
  refresh_token: z.string(),
  session_id: z.string(),
  user: serverUser,
});
export type TokenReply = z.infer<typeof tokenReply>;

// ---- who am I -----------------------------------------------------------------

/** What the administrator decided; the server enforces it, the desktop only shows it. */
export const serverPolicies = z.object({
  punchingEnabled: z.boolean(),
  /** A punch queued offline keeps its click time only this long. */
  maxOfflineMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** A second punch of the same kind within this many minutes asks the employee first. */
  repeatGuardMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** Click times closer than this to the server's clock are "now" (the server's time is used). */
  allowedClockDifferenceSeconds: z
    .number()
    .int()
    .min(0)
    .max(60 * 60),
});
export type ServerPolicies = z.infer<typeof serverPolicies>;

export const meReply = z.object({
  user: serverUser,
  policies: serverPolicies,
  timeZone: z.string(),
  server: z.object({
    version: z.string(),
    apiVersion: z.number().int(),
    /** 'demo' when the server runs against its in-process simulator. */
    mode: z.enum(['live', 'demo']),
  }),
  session: z.object({ id: z.string(), deviceName: z.string(), createdAt: epochMs }),
});
export type MeReply = z.infer<typeof meReply>;

// ---- my day -------------------------------------------------------------------

export const scheduleQuery = z.object({ date: workDate }).strict();

const checkType = z.enum(['OnDuty', 'OffDuty']);

/** Same shape as main/dingtalk/types.ts ScheduleEntry (times in ms). */
export const scheduleEntry = z.object({
  id: z.string(),
  checkType,
  checkDateTime: epochMs,
  realPlanTime: epochMs.nullable(),
  checkBeginTime: epochMs.nullable(),
  checkEndTime: epochMs.nullable(),
  checkStatus: z.enum(['Init', 'Checked', 'Timeout']),
  isRest: z.boolean(),
  className: z.string().nullable(),
  classId: z.number().nullable(),
  groupId: z.number().nullable(),
  workDate: epochMs,
  features: z.record(z.string(), z.unknown()),
  approval: z
    .object({ id: z.number(), bizType: z.number().nullable(), tagName: z.string().nullable() })
    .nullable(),
  /** The row came incomplete from DingTalk: the day is only partly known. */
  partial: z.literal(true).optional(),
});
export const scheduleReply = z.object({ date: workDate, entries: z.array(scheduleEntry) });
export type ScheduleReply = z.infer<typeof scheduleReply>;

/** At most 7 days, like DingTalk's listRecord. */
export const recordsQuery = z
  .object({
    from: z.coerce.number().int().nonnegative(),
    to: z.coerce.number().int().nonnegative(),
  })
  .strict()
  .refine((q) => q.to >= q.from && q.to - q.from <= 7 * 24 * 3_600_000, {
    error: 'from..to must be at most 7 days',
  });

/** Same shape as main/dingtalk/types.ts AttendanceRecord. */
export const attendanceRecord = z.object({
  id: z.string(),
  userId: z.string(),
  checkType: checkType.nullable(),
  userCheckTime: epochMs,
  planCheckTime: epochMs.nullable(),
  workDate: epochMs.nullable(),
  timeResult: z.string().nullable(),
  locationResult: z.string().nullable(),
  sourceType: z.string(),
  deviceId: z.string().nullable(),
  deviceSN: z.string().nullable(),
  userAddress: z.string().nullable(),
  valid: z.boolean(),
  invalidRecordType: z.string().nullable(),
  invalidRecordMsg: z.string().nullable(),
  isLegal: z.enum(['Y', 'N']).nullable(),
  groupId: z.number().nullable(),
  planId: z.number().nullable(),
  approveId: z.number().nullable(),
  procInstId: z.string().nullable(),
});
export const recordsReply = z.object({ records: z.array(attendanceRecord) });
export type RecordsReply = z.infer<typeof recordsReply>;

// ---- my history ---------------------------------------------------------------

/** At most 31 dates (a month), none after today, within 180 days (DingTalk's reach). */
export const historyQuery = z
  .object({ from: workDate, to: workDate })
  .strict()
  .refine((q) => q.from <= q.to, { error: 'from must not be after to' });

const timeResultValue = z.enum([
  'Normal',
  'Early',
  'Late',
  'SeriousLate',
  'Absenteeism',
  'NotSigned',
]);

/** Same shape as shared/model.ts CheckPoint (times as ISO strings with the org's offset). */
export const historyCheckPoint = z.object({
  type: checkType,
  planned: z.string(),
  window: z.object({ from: z.string(), to: z.string() }).nullable(),
  state: z.enum(['pending', 'done', 'missed']),
  result: timeResultValue.nullable(),
  punchedAt: z.string().nullable(),
  punch: z
    .object({
      id: z.string(),
      at: z.string(),
      checkType: checkType.nullable(),
      source: z.string(),
      fromThisDevice: z.boolean(),
      valid: z.boolean(),
      invalidReason: z.string().nullable(),
    })
    .nullable(),
  provisional: z.literal(true).optional(),
});

/** Same shape as shared/history.ts HistoryDayCore. */
export const historyDayCore = z.object({
  date: workDate,
  restDay: z.boolean(),
  onLeave: z.boolean(),
  className: z.string().nullable(),
  checkPoints: z.array(historyCheckPoint),
});
export const historyReply = z.object({ days: z.array(historyDayCore) });
export type HistoryReply = z.infer<typeof historyReply>;

// ---- punching -----------------------------------------------------------------

export const punchRequest = z
  .object({
    /** The desktop outbox's intent id: a resend carries the same one. */
    intentId: z.uuid(),
    /** The click time (already corrected by the desktop's measured skew to the server). */
    clickedAt: epochMs,
    /** The desktop's guess, for the audit log only: DingTalk decides the check type. */
    checkType: checkType.nullable(),
    /** True when the desktop held it because the server could not be reached. */
    queuedOffline: z.boolean(),
  })
  .strict();
export type PunchRequest = z.infer<typeof punchRequest>;

/**
 * accepted: committed to the server's database, not yet in DingTalk.
 * punched: DingTalk took it (or the server found it there after a lost answer).
 * refused: it will not reach DingTalk; `error` says why.
 */
export const punchState = z.enum(['accepted', 'punched', 'refused']);
export type PunchState = z.infer<typeof punchState>;

export const punchView = z.object({
  intentId: z.string(),
  state: punchState,
  /** The user_check_time sent (or to be sent) to DingTalk. */
  checkTime: epochMs,
  clickedAt: epochMs,
  receivedAt: epochMs,
  /** The click time was kept because the desktop was offline. */
  offline: z.boolean(),
  error: errorPayload.nullable(),
});
export type PunchView = z.infer<typeof punchView>;
export const punchReply = z.object({ punch: punchView });
export type PunchReply = z.infer<typeof punchReply>;

// ---- my devices ---------------------------------------------------------------

export const sessionView = z.object({
  id: z.string(),
  deviceName: z.string(),
  platform: z.string(),
  appVersion: z.string(),
  createdAt: epochMs,
  lastSeenAt: epochMs,
  lastIp: z.string().nullable(),
  current: z.boolean(),
});
export const sessionsReply = z.object({ sessions: z.array(sessionView) });
export type SessionsReply = z.infer<typeof sessionsReply>;

// ---- the server's health ------------------------------------------------------

export const healthCheck = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  status: z.enum(['pass', 'fail', 'warn', 'skipped']),
  error: errorPayload.nullable(),
  facts: z.record(z.string(), z.union([z.string(), z.number()])),
});
export const healthReply = z.object({
  at: epochMs,
  version: z.string(),
  checks: z.array(healthCheck),
  quota: z.object({
    month: z.string(),
    counted: z.number().int(),
    pushes: z.number().int(),
    cap: z.number().int(),
    budgetMode: z.boolean(),
  }),
});
export type HealthReply = z.infer<typeof healthReply>;

// ---- events (SSE) -------------------------------------------------------------

/** `event:` names and their `data:` JSON. */
export const serverEvents = {
  /** One of my days changed in DingTalk (a phone punch, an evaluation): read it again. */
  day: z.object({ date: workDate }),
  /** A punch of mine moved on (punched, or refused and why). */
  punch: punchView,
  /** The administrator changed the policies. */
  policy: serverPolicies,
  /** This session was revoked: sign in again. */
  revoked: z.object({ reason: z.string() }),
} as const;
export type ServerEventName = keyof typeof serverEvents;
export type ServerEvent = {
  [K in ServerEventName]: { event: K; data: z.infer<(typeof serverEvents)[K]> };
}[ServerEventName];
