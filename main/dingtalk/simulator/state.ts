/**
 * Everything the simulator remembers, in one object the handlers share: the
 * organisation, the punches, tokens, limits, faults, settings and the logs.
 */
import { randomBytes } from 'node:crypto';
import { dateKey } from '../../../shared/time';
import type { SimClock } from './clock';
import { evaluateDay } from './evaluate';
import type { EvaluatedCheck } from './evaluate';
import { FaultTable } from './faults';
import { MonthlyQuota, RateLimiter } from './limits';
import type { SimApp, SimOrg, SimRobot } from './org';
import { DEFAULT_MONTHLY_QUOTA, DEFAULT_QPS_PER_APP_API } from './permissions';
import { makeRecord } from './records';
import type { RecordInput, SimRecord } from './records';
import { scheduleDay } from './schedule';
import type { DaySchedule, PlannedCheck } from './schedule';
import { AppTokens, LoginTokens } from './tokens';

export type OpUserPolicy = 'self' | 'adminOnly';
/**
 * Where listRecord shows an upload's device_id and device_name (UNCONFIRMED, dingtalk-api.md
 * §10): 'deviceId' (default) deviceId = device_id; 'machine' no deviceId, deviceSN =
 * device_id and userAddress = device_name (an attendance machine's record); 'nameOnly'
 * userAddress = device_name alone.
 */
export type UploadRecordShape = 'deviceId' | 'machine' | 'nameOnly';

/**
 * Shapes of listbyday rows DingTalk may send (rest rows are undocumented, fields Daka
 * does not need vary): each quirk is off by default.
 */
export interface ListByDayQuirks {
  /** A rest day's row is `{is_rest: "Y"}` plus ids only: no check_type, times, status, id. */
  bareRestRows?: boolean;
  /** Numbers Daka does not need as strings (class_id, group_id...), features as an object. */
  oddFields?: boolean;
  /** One extra working row without check_type or times (it cannot be used). */
  unreadableRow?: boolean;
}
export type LoginMode = 'auto' | 'page' | 'deny';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON or form body; the raw text when it did not parse; null when empty. */
  body: unknown;
  /** Simulated time of arrival. */
  at: number;
  /** The calling app's appKey when known (token, credentials or client_id). */
  app: string | null;
  /** HTTP status sent; null when the connection was dropped. */
  status: number | null;
  /** Legacy errcode of the reply (0 on success; a string when DingTalk sends one). */
  errcode: number | string | null;
  /** v1.0 error code of the reply ("InvalidAuthentication"...). */
  code: string | null;
  /** The injected fault that hit this request. */
  fault: string | null;
}

export interface RobotMessage {
  accessToken: string;
  at: number;
  msgtype: string;
  body: Record<string, unknown>;
}

/** A pending consent page (login mode 'page'). */
export interface LoginTicket {
  appKey: string;
  redirectUri: string;
  state: string;
}

/** Stable ids: the same key always gets the same DingTalk-sized number. */
export class IdAllocator {
  private readonly ids = new Map<string, number>();
  constructor(private next: number) {}

  get(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(key, id);
    }
    return id;
  }

  fresh(): number {
    return this.next++;
  }
}

export interface EvaluatedDay {
  day: DaySchedule;
  checks: EvaluatedCheck[];
}

export class SimState {
  readonly records: SimRecord[] = [];
  readonly appTokens = new AppTokens();
  readonly login = new LoginTokens();
  readonly rate = new RateLimiter();
  readonly quota: MonthlyQuota;
  readonly faults = new FaultTable();
  readonly requests: RequestLogEntry[] = [];
  readonly robotMessages: RobotMessage[] = [];
  readonly loginTickets = new Map<string, LoginTicket>();

  opUserPolicy: OpUserPolicy = 'self';
  uploadRecordShape: UploadRecordShape = 'deviceId';
  listByDayQuirks: ListByDayQuirks = {};
  loginMode: LoginMode = 'auto';
  loginUser: string | null;
  /** Overrides the socket address as the caller's IP (unless a request sends x-sim-client-ip). */
  clientIp: string | null = null;
  /** Added to the simulated time in the Date header (server clock skew). */
  dateSkewMs = 0;
  /** Calls per second per app per API; null = unlimited. */
  qpsLimit: number | null = DEFAULT_QPS_PER_APP_API;

  readonly recordIds = new IdAllocator(43_047_156_750);
  readonly planIds = new IdAllocator(156_270_023_005);
  readonly resultIds = new IdAllocator(100_068_640_553);
  readonly approveIds = new IdAllocator(2_376_620_852);

  constructor(
    readonly org: SimOrg,
    readonly clock: SimClock,
  ) {
    this.quota = new MonthlyQuota(DEFAULT_MONTHLY_QUOTA, org.timeZone);
    this.loginUser = org.users[0]?.userid ?? null;
  }

  now(): number {
    return this.clock.now();
  }

  get timeZone(): string {
    return this.org.timeZone;
  }

  dateOf(ms: number): string {
    return dateKey(ms, this.org.timeZone);
  }

  app(appKey: string | undefined | null): SimApp | undefined {
    return appKey ? this.org.apps.find((a) => a.appKey === appKey) : undefined;
  }

  robot(accessToken: string): SimRobot | undefined {
    return this.org.robots.find((r) => r.accessToken === accessToken);
  }

  /** Whether the app may see the user (its 可见范围). */
  visible(app: SimApp, userid: string): boolean {
    return !app.visibleUserIds || app.visibleUserIds.includes(userid);
  }

  addRecord(input: RecordInput): SimRecord {
    const record = makeRecord(
      input,
      this.recordIds.fresh(),
      randomBytes(6).toString('hex').toUpperCase(),
      this.now(),
    );
    this.records.push(record);
    return record;
  }

  planId(check: PlannedCheck): number {
    return this.planIds.get(`${check.userid}|${check.workDate}|${check.index}`);
  }

  resultId(check: PlannedCheck): number {
    return this.resultIds.get(`${check.userid}|${check.workDate}|${check.index}`);
  }

  /** The day's schedule and, on a workday, every check point's evaluation now. */
  evaluate(userid: string, date: string): EvaluatedDay {
    const day = scheduleDay(this.org, userid, date);
    if (day.kind !== 'work') return { day, checks: [] };
    return { day, checks: evaluateDay(day.checks, this.records, this.now()) };
  }
}
