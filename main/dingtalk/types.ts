/**
 * The DingTalk client's public surface: typed, domain-shaped results (times as
 * epoch ms, errcodes already turned into AppError). The engine depends on this,
 * never on raw wire shapes; `wire.ts` holds the zod schemas of the replies.
 */
import type { CheckType, PunchSource, TimeResult } from '../../shared/model';

export interface DingTalkConfig {
  appKey: string;
  appSecret: string;
  /** Default https://oapi.dingtalk.com */
  oapiBase: string;
  /** Default https://api.dingtalk.com */
  apiBase: string;
  /** Browser-login host, default https://login.dingtalk.com */
  loginBase: string;
  /** Organisation time zone for every date string DingTalk sees. Default Asia/Shanghai. */
  timeZone: string;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs: number;
  /** Bounded retries for reads (default 3 attempts in all). */
  maxAttempts: number;
  /** Base backoff in ms, doubled per attempt with jitter (default 500). */
  backoffMs: number;
}

/** Reported for every HTTP request the client makes (the quota meter listens). */
export interface CallEvent {
  /** e.g. "oapi:/attendance/listRecord", "api:/v1.0/oauth2/accessToken". */
  api: string;
  /** Counts against the organisation's monthly quota (dingtalk-api.md §9). */
  quotaCounted: boolean;
  token: boolean;
  ok: boolean;
  /** Error code when !ok. */
  errorCode?: string;
  durationMs: number;
  at: number;
}

export interface PersistedToken {
  token: string;
  /** Epoch ms at which DingTalk expires it. */
  expiresAt: number;
}

/** Where the app token survives restarts (encrypted by the shell). */
export interface TokenStore {
  load(): PersistedToken | undefined;
  save(token: PersistedToken): void;
  clear(): void;
}

export interface AttendanceRecord {
  id: string;
  userId: string;
  checkType: CheckType | null;
  /** userCheckTime, epoch ms */
  userCheckTime: number;
  /** planCheckTime / baseCheckTime when present */
  planCheckTime: number | null;
  workDate: number | null;
  timeResult: TimeResult | null;
  locationResult: string | null;
  sourceType: PunchSource;
  deviceId: string | null;
  /** Attendance-machine records: the machine's serial number, when DingTalk gives one. */
  deviceSN: string | null;
  /** Attendance-machine records: the machine's name (our device_name); else the address. */
  userAddress: string | null;
  /** False when invalidRecordType is set, or isLegal is "N" with an invalid type. */
  valid: boolean;
  invalidRecordType: string | null;
  invalidRecordMsg: string | null;
  isLegal: 'Y' | 'N' | null;
  groupId: number | null;
  planId: number | null;
  approveId: number | null;
  procInstId: string | null;
}

export interface AttendanceResult {
  id: string;
  userId: string;
  checkType: CheckType;
  timeResult: TimeResult;
  locationResult: string | null;
  sourceType: PunchSource;
  baseCheckTime: number;
  userCheckTime: number | null;
  workDate: number;
  recordId: string | null;
  planId: number | null;
  groupId: number | null;
  approveId: number | null;
  procInstId: string | null;
}

export type CheckStatus = 'Init' | 'Checked' | 'Timeout';

export interface ScheduleEntry {
  id: string;
  checkType: CheckType;
  /** check_date_time: planned, epoch ms */
  checkDateTime: number;
  /** real_plan_time (after flex) when present */
  realPlanTime: number | null;
  checkBeginTime: number | null;
  checkEndTime: number | null;
  checkStatus: CheckStatus;
  isRest: boolean;
  className: string | null;
  classId: number | null;
  groupId: number | null;
  workDate: number;
  /** Parsed `features` JSON (flexMinutes...), {} when absent or malformed. */
  features: Record<string, unknown>;
  /**
   * An approval covering the check point (approve_id / approve_biz_type:
   * 1 overtime, 2 business trip, 3 leave / approve_tag_name, e.g. 请假).
   */
  approval: { id: number; bizType: number | null; tagName: string | null } | null;
  /**
   * Set when the reply was only partly readable: another row was skipped, or this
   * one lacked its status. The day is then "partly known", never a failure.
   */
  partial?: true;
}

/** One row of schedule/listbyusers (many users, ≤ 7 days a call). */
export interface UserScheduleRow {
  userId: string;
  /** work_date midnight, epoch ms */
  workDate: number;
  /** null on a rest row that names none */
  checkType: CheckType | null;
  /** plan_check_time, epoch ms */
  planCheckTime: number | null;
  /** is_rest "Y", or shift_id 0 (DingTalk's rest shift) */
  isRest: boolean;
  shiftId: number | null;
  groupId: number | null;
  /** DingTalk's id (shared by a day's rows), or a stable stand-in when absent */
  id: string;
  approveId: number | null;
}

export interface UserGroupTime {
  checkType: CheckType;
  /** "HH:mm:ss" */
  checkTime: string;
  /** 1 = the time is on the next day (shift crosses midnight) */
  across: number;
}

export interface UserGroup {
  groupId: number | null;
  name: string | null;
  type: 'FIXED' | 'TURN' | 'NONE' | (string & {});
  classes: {
    classId: number;
    name: string;
    sections: { times: UserGroupTime[] }[];
    /**
     * The class setting's serious_late_minutes: late by more than this is SeriousLate.
     * null when the reply does not say (the doc's sample has an empty setting).
     */
    seriousLateMinutes: number | null;
  }[];
}

export interface UserToken {
  accessToken: string;
  refreshToken: string;
  expireIn: number;
  corpId: string | null;
}

export interface MeInfo {
  nick: string | null;
  unionId: string;
  openId: string | null;
  mobile: string | null;
}

export interface UploadPunch {
  userId: string;
  deviceId: string;
  deviceName: string;
  /** epoch ms (DingTalk wants milliseconds, never seconds) */
  userCheckTime: number;
}

/** What DingTalk answered a successful upload. */
export interface UploadReceipt {
  requestId: string | null;
}

/** The typed DingTalk API the engine uses. Every method throws AppError on failure. */
export interface DingTalkApi {
  /** Legacy gettoken (what the client uses for oapi calls). */
  getAccessToken(): Promise<string>;
  /** v1.0 oauth2/accessToken (same app token; used for new-API calls). */
  fetchV1AccessToken(): Promise<PersistedToken>;
  /** attendance/listRecord: ranges over 7 days are split automatically, ≤50 users per call. */
  listRecords(userIds: string[], fromMs: number, toMs: number): Promise<AttendanceRecord[]>;
  /** attendance/list: all pages (hasMore), ≤7-day chunks. */
  listResults(
    userIds: string[],
    fromWorkDate: string,
    toWorkDate: string,
  ): Promise<AttendanceResult[]>;
  /**
   * topapi/attendance/record/upload. Never retried blindly: a timeout or reset
   * after the request left throws AppError('outcomeUnknown').
   */
  uploadPunch(punch: UploadPunch): Promise<UploadReceipt>;
  /** topapi/attendance/schedule/listbyday; `opUserId` defaults to `userId`. */
  scheduleByDay(userId: string, date: string, opUserId?: string): Promise<ScheduleEntry[]>;
  /**
   * topapi/attendance/schedule/listbyusers for the work dates from the date of
   * `fromMs` to the date of `toMs` (org zone): ≤50 users and ≤7 dates per call,
   * split automatically.
   */
  schedulesByUsers(
    userIds: string[],
    fromMs: number,
    toMs: number,
    opUserId: string,
  ): Promise<UserScheduleRow[]>;
  getUserGroup(userId: string): Promise<UserGroup>;
  userIdByMobile(mobile: string): Promise<string>;
  userIdByUnionId(unionId: string): Promise<string>;
  /** Browser login step 2. */
  userAccessToken(code: string): Promise<UserToken>;
  /** Browser login step 3 (user token, not app token). */
  me(userAccessToken: string): Promise<MeInfo>;
  /** Builds the login.dingtalk.com authorize URL (step 1). */
  authorizeUrl(redirectUri: string, state: string): string;
  /** Server clock minus local clock in ms, from the latest reply's Date header (null before any). */
  clockSkewMs(): number | null;
}

/** Custom group robot (加签). Separate from the app: its own token and secret. */
export interface RobotTarget {
  accessToken: string;
  secret: string;
}

/** What a custom group robot can post (the subset Daka uses). */
export interface RobotAt {
  atUserIds?: string[];
  atMobiles?: string[];
  isAtAll?: boolean;
}

export type RobotMessage =
  | { msgtype: 'text'; text: { content: string }; at?: RobotAt }
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at?: RobotAt };

/** Signed custom-robot webhook. Throws AppError (robotSignature, robotRejected, network codes). */
export interface RobotSender {
  send(target: RobotTarget, message: RobotMessage): Promise<void>;
}
