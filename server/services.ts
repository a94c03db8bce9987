/**
 * The server's rooms and the interfaces between them. Each room is built by
 * the composition root (server/app.ts) from the ports it needs; the HTTP layer
 * (server/http/) only translates requests into these calls and AppErrors into
 * status codes. Every method acts on the authenticated session's own userid:
 * nothing takes a userid from a request.
 */
import type { DoctorCheck } from '../shared/model';
import type {
  LoginStartQuery,
  PunchRequest,
  PunchView,
  ServerEvent,
  ServerPolicies,
  SessionsReply,
  TokenReply,
  TokenRequest,
} from '../shared/server-api';
import type { AttendanceRecord, ScheduleEntry } from '../main/dingtalk/types';

/** Everything the server is configured with (server/config.ts loads and validates it). */
export interface ServerConfig {
  appKey: string;
  appSecret: string;
  corpId: string | null;
  /** The address desktops and browsers use, e.g. https://daka.example.com (no trailing slash). */
  publicUrl: string;
  listen: { host: string; port: number };
  dataDir: string;
  /** DingTalk userids allowed into the admin console. */
  admins: string[];
  /** The policies at start; the admin console may change them later (PolicySource). */
  policies: ServerPolicies;
  /** The organisation's time zone (every DingTalk date string). */
  timeZone: string;
  dingtalk: { oapiBase: string; apiBase: string; loginBase: string };
  /** listbyday / listbyusers op_user_id when the employee may not be the operator. */
  operatorUserId: string | null;
  /** Counted DingTalk calls a month before budget mode (the edition's quota). */
  monthlyCap: number;
  /** Use DingTalk Stream mode for attendance_check_record events. */
  stream: boolean;
  /** Certificate files when the server terminates TLS itself (else a reverse proxy does). */
  tls: { certFile: string; keyFile: string } | null;
}

/** The current policies; changes reach connected desktops over the event stream. */
export interface PolicySource {
  get(): ServerPolicies;
  set(next: ServerPolicies, actor: string): Promise<void>;
}

/** An authenticated request's session (proof of possession already checked). */
export interface AuthedSession {
  id: string;
  userId: string;
  userName: string | null;
  deviceId: string;
  deviceName: string;
  createdAt: number;
}

/** What the HTTP layer knows about a request, for authentication and the audit log. */
export interface RequestMeta {
  method: string;
  /** The full public URL of the request without query and fragment (DPoP `htu`). */
  url: string;
  ip: string | null;
}

export interface AuthService {
  /** Starts a browser login; returns the DingTalk authorize URL to redirect to. */
  startLogin(query: LoginStartQuery): Promise<string>;
  /**
   * DingTalk redirected back with a code: exchanges it for the employee's userid and
   * returns the desktop's loopback URL (with a one-time code and its state) to redirect to.
   * Throws AppError (loginDenied, loginStateMismatch, loginTimeout...) for an error page.
   */
  callback(query: Record<string, string | undefined>): Promise<string>;
  /** The token endpoint; `dpopProof` is the request's DPoP header. */
  token(
    request: TokenRequest,
    dpopProof: string | undefined,
    meta: RequestMeta,
  ): Promise<TokenReply>;
  /**
   * Checks `Authorization: DPoP <token>` and the `DPoP` proof for this request.
   * Throws AppError notSignedIn (no or unknown token), sessionRevoked, proofInvalid.
   */
  authenticate(
    authorization: string | undefined,
    dpopProof: string | undefined,
    meta: RequestMeta,
  ): Promise<AuthedSession>;
  logout(session: AuthedSession, meta: RequestMeta): Promise<void>;
  listSessions(session: AuthedSession): Promise<SessionsReply>;
  /** Revokes one of the caller's own sessions (forbidden for anyone else's). */
  revokeOwn(session: AuthedSession, sessionId: string, meta: RequestMeta): Promise<void>;
  /** Revokes any session (admin console, security events); tells the desktop over the stream. */
  revoke(sessionId: string, reason: string, actor: string): Promise<void>;
}

export interface PunchService {
  /**
   * Commits the intent (idempotent per device and intent id) and returns at once:
   * `accepted`, or the stored outcome of an earlier send of the same intent, or
   * `refused` (punchTooOld, punchInFuture, punchingDisabled) without calling DingTalk.
   */
  accept(session: AuthedSession, request: PunchRequest, meta: RequestMeta): Promise<PunchView>;
  /** One of the caller's own punches (outboxEntryNotFound otherwise). */
  get(session: AuthedSession, intentId: string): Promise<PunchView>;
  /** Starts the worker that uploads accepted punches (and reconciles after a crash). */
  start(): void;
  /** Stops taking new work and waits for uploads in flight. */
  stop(): Promise<void>;
}

/** Schedules and records, batched across employees and cached. */
export interface DayData {
  schedule(userId: string, date: string): Promise<ScheduleEntry[]>;
  records(userId: string, fromMs: number, toMs: number): Promise<AttendanceRecord[]>;
  /** A punch of this user reached DingTalk (or a push says so): the cached day is stale. */
  invalidate(userId: string, atMs: number): Promise<void>;
  /** An employee signed in: include them in the prefetch and the morning verification. */
  rememberUser(userId: string, name: string | null): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** The server's own DingTalk health (doctor), also served to desktops. */
export interface HealthService {
  checks(): Promise<DoctorCheck[]>;
}

/** Live events to connected desktops (SSE). */
export interface EventBus {
  /** To every session of `userId` (or only `sessionId`). */
  publish(target: { userId: string; sessionId?: string }, event: ServerEvent): void;
  /** To every connected session. */
  broadcast(event: ServerEvent): void;
  subscribe(
    session: { userId: string; sessionId: string },
    listener: (event: ServerEvent) => void,
  ): () => void;
}
