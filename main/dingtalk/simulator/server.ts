/**
 * The DingTalk simulator: a faithful fake of the DingTalk endpoints Daka uses,
 * over real HTTP on 127.0.0.1. It is the test double of every test and the
 * engine of the app's demo mode. See docs/simulator.md for a tour.
 *
 * ONE server serves the legacy oapi paths (oapi.dingtalk.com), the v1.0 paths
 * (api.dingtalk.com) and the login page (login.dingtalk.com), so `oapiBase`,
 * `apiBase` and `loginBase` are the same `http://127.0.0.1:<port>`.
 *
 * What it models (shapes follow /work/shared/dingtalk-api.md and the doc samples):
 * - gettoken / v1.0 oauth2/accessToken: one token per app, 7200 s; asking again
 *   while valid returns the same token with its expiry extended.
 * - attendance: record/upload (ATM punches), listRecord (every punch, invalid
 *   ones included), list (results, paged), schedule/listbyday,
 *   schedule/listbyusers (≤ 50 users × 7 days, from the same day schedule),
 *   getusergroup.
 *   Punches are evaluated like DingTalk (evaluate.ts): punch windows, first /
 *   last punch, whole-minute comparison, flex (晚到晚走/早到早走), SeriousLate and
 *   optional Absenteeism thresholds, leave (APPROVE), NotSigned once a window
 *   closes, check_status Init → Checked / Timeout.
 * - contacts: getbymobile, getbyunionid (errcode "0" as a string, like the
 *   sample), v1.0 contact/users/me; browser login with single-use 5-minute codes
 *   and loopback-only redirects; v1.0 oauth2/userAccessToken.
 * - the custom robot webhook with 加签 verification.
 * - guards in DingTalk's order: token (40014 unknown / 42001 expired / 40001
 *   revoked), IP whitelist (60020 naming the IP), permission (60011 naming the
 *   scope, permissions.ts), 20 calls/s per app per API (90018), the monthly
 *   quota of counted calls (90020).
 * - faults per path (faults.ts), a request log, a controllable clock whose time
 *   also drives the Date header (plus an optional skew).
 *
 * Decided where DingTalk's behaviour is UNCONFIRMED (each marked where it lives):
 * - uploaded punches get sourceType ATM; no de-duplication; a 10-digit seconds
 *   value is accepted and lands in 1970; otherwise user_check_time must be
 *   within 180 days back and 5 minutes ahead (400002).
 * - punch windows: 4 h before the first on-duty time, 4 h after the last
 *   off-duty time, and the midpoint between neighbouring check points (so a
 *   missed on-duty check point turns NotSigned at the shift's midpoint). When a
 *   night shift's clock-out window runs into the next shift's clock-in window,
 *   they split at the midpoint between the two check points.
 * - a record counts unless it has an invalidRecordType; isLegal is Y only when
 *   time and location are Normal. NotSigned rows have sourceType SYSTEM.
 * - leave satisfies the check points whose planned time it covers: list shows
 *   APPROVE rows with approveId/procInstId, listbyday shows them Checked with
 *   approve_id / approve_biz_type 3 / approve_tag_name; listRecord shows no
 *   record for leave (it is not a punch).
 * - listbyday: a rest day is one row (is_rest Y, class_id 0, like listbyusers'
 *   shift_id 0); a free-schedule (NONE) user or an unrostered TURN date gives
 *   an empty result. Under the 'adminOnly' op_user_id policy a non-admin
 *   operator gets errcode 60011 with the old "管理员权限不足" wording.
 * - limits: missing parameters 40035 "缺少参数 x"; bad values and limits (50
 *   users, 7 days, page size 50) 400002 with a message naming the limit. Users
 *   outside the app's visible range: 50002 on single-user APIs, silently left
 *   out of listRecord/list (like unknown userids).
 * - the QPS window counts on both clocks (limits.ts); quota counts calls that
 *   passed the token, IP and permission checks, per org per month.
 * - login 'deny' redirects with error=access_denied; flood bans are HTTP 200.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { parseDingTalk } from '../../../shared/time';
import { SimClock } from './clock';
import { demoOrg } from './demo';
import { createRequestHandler } from './dispatch';
import type { Fault, FaultOptions } from './faults';
import type { QuotaFiguresSim } from './limits';
import { findGroup } from './org';
import type { ApprovalBizType, DayPlan, Leave, OrgUser, SimApp, SimOrg, SimRobot } from './org';
import type { RecordInput, SimRecord } from './records';
import { SimState } from './state';
import type {
  ListByDayQuirks,
  LoginMode,
  OpUserPolicy,
  RequestLogEntry,
  RobotMessage,
  UploadRecordShape,
} from './state';

export interface SimulatorOptions {
  /** Default: demoOrg(). The simulator mutates it (it is the live state). */
  org?: SimOrg;
  /** Default: a frozen clock at the real time now. */
  clock?: SimClock;
  /** Default 0: a free port. */
  port?: number;
}

export interface SimulatorUrls {
  oapiBase: string;
  apiBase: string;
  loginBase: string;
}

export interface LeaveInput {
  userid: string;
  /** Epoch ms or "yyyy-MM-dd HH:mm:ss" in the org's zone. */
  from: number | string;
  to: number | string;
  tagName?: string;
  /** approve_biz_type: 1 加班 overtime (covers nothing), 2 出差 business trip, 3 请假 leave (default). */
  bizType?: ApprovalBizType;
}

const TAG_NAMES: Record<ApprovalBizType, string> = { 1: '加班', 2: '出差', 3: '请假' };

export class Simulator {
  readonly urls: SimulatorUrls;

  constructor(
    private readonly state: SimState,
    private readonly server: Server,
    readonly port: number,
    private readonly cancelWaits: () => void,
  ) {
    const base = `http://127.0.0.1:${port}`;
    this.urls = { oapiBase: base, apiBase: base, loginBase: base };
  }

  get clock(): SimClock {
    return this.state.clock;
  }

  /** The live organisation (tests may edit it directly). */
  get org(): SimOrg {
    return this.state.org;
  }

  get requests(): readonly RequestLogEntry[] {
    return this.state.requests;
  }

  clearLog(): void {
    this.state.requests.length = 0;
  }

  get records(): readonly SimRecord[] {
    return this.state.records;
  }

  get robotMessages(): readonly RobotMessage[] {
    return this.state.robotMessages;
  }

  get quota(): QuotaFiguresSim {
    return this.state.quota.figures(this.state.now());
  }

  setQuotaCap(cap: number): void {
    this.state.quota.cap = cap;
  }

  /** Counts `count` calls as already made this month (to reach the cap quickly). */
  useQuota(count: number): void {
    this.state.quota.consume(count, this.state.now());
  }

  /** Calls per second per app per API (default 20); null = unlimited. */
  setQpsLimit(limit: number | null): void {
    this.state.qpsLimit = limit;
  }

  private mustApp(appKey: string): SimApp {
    const app = this.state.app(appKey);
    if (!app) throw new RangeError(`No app ${appKey}`);
    return app;
  }

  /** Adds an app (or replaces the one with the same appKey). */
  addApp(app: SimApp): void {
    const apps = this.state.org.apps;
    const i = apps.findIndex((a) => a.appKey === app.appKey);
    const copy = { ...app, permissions: [...app.permissions] };
    if (i >= 0) apps[i] = copy;
    else apps.push(copy);
  }

  grant(appKey: string, permission: string): void {
    const app = this.mustApp(appKey);
    if (!app.permissions.includes(permission)) app.permissions.push(permission);
  }

  revoke(appKey: string, permission: string): void {
    const app = this.mustApp(appKey);
    app.permissions = app.permissions.filter((p) => p !== permission);
  }

  /** Invalidates every token of the app (as when its secret is reset). */
  revokeTokens(appKey: string): void {
    this.state.appTokens.revokeAll(appKey);
  }

  setVisibleRange(appKey: string, userIds: string[] | null): void {
    this.mustApp(appKey).visibleUserIds = userIds;
  }

  setIpWhitelist(appKey: string, ips: string[] | null): void {
    this.mustApp(appKey).ipWhitelist = ips;
  }

  /** The IP every request appears to come from (a request's x-sim-client-ip still wins). */
  setClientIp(ip: string | null): void {
    this.state.clientIp = ip;
  }

  /** Server clock skew shown in the Date header, ms (positive = server ahead). */
  setDateSkew(ms: number): void {
    this.state.dateSkewMs = ms;
  }

  setOpUserPolicy(policy: OpUserPolicy): void {
    this.state.opUserPolicy = policy;
  }

  /** Odd but possible listbyday row shapes (see ListByDayQuirks); `{}` turns them off. */
  setListByDayQuirks(quirks: ListByDayQuirks): void {
    this.state.listByDayQuirks = { ...quirks };
  }

  /** Where listRecord shows an upload's device_id / device_name (see UploadRecordShape). */
  setUploadRecordShape(shape: UploadRecordShape): void {
    this.state.uploadRecordShape = shape;
  }

  setLoginMode(mode: LoginMode): void {
    this.state.loginMode = mode;
  }

  setLoginUser(userid: string): void {
    this.state.loginUser = userid;
  }

  addRobot(robot: SimRobot): void {
    this.state.org.robots.push({ ...robot });
  }

  /** Adds a person, optionally into an attendance group. */
  addUser(user: OrgUser, groupId?: number): void {
    this.state.org.users.push({ ...user });
    if (groupId !== undefined) {
      const group = findGroup(this.state.org, groupId);
      if (!group) throw new RangeError(`No group ${groupId}`);
      group.members.push(user.userid);
    }
  }

  /**
   * Records an approval (leave unless `bizType` says otherwise); returns it with its
   * approveId / procInstId. Overtime (bizType 1) shows in listbyday but satisfies nothing.
   */
  addLeave(input: LeaveInput): Leave {
    const at = (v: number | string) =>
      typeof v === 'number' ? v : parseDingTalk(v, this.state.timeZone);
    const approveId = this.state.approveIds.fresh();
    const leave: Leave = {
      userid: input.userid,
      from: at(input.from),
      to: at(input.to),
      approveId,
      procInstId: `sim-proc-${approveId}`,
      tagName: input.tagName ?? TAG_NAMES[input.bizType ?? 3],
      ...(input.bizType !== undefined ? { bizType: input.bizType } : {}),
    };
    this.state.org.leaves.push(leave);
    return leave;
  }

  /** Sets (or with null clears) a TURN group member's plan for a date. */
  setShift(userid: string, date: string, plan: DayPlan | null): void {
    const group = this.state.org.groups.find((g) => g.members.includes(userid));
    if (group?.type !== 'TURN') throw new RangeError(`${userid} is not in a TURN group`);
    const shifts = (group.shifts ??= {});
    const others = Object.entries(shifts[userid] ?? {}).filter(([d]) => d !== date);
    shifts[userid] = Object.fromEntries(plan === null ? others : [...others, [date, plan]]);
  }

  /** Adds any punch record, including invalid ones (they show but never count). */
  injectRecord(input: RecordInput): SimRecord {
    return this.state.addRecord(input);
  }

  fault(path: string, fault: Fault, options?: FaultOptions): void {
    this.state.faults.add(path, fault, options);
  }

  clearFaults(): void {
    this.state.faults.clear();
  }

  async close(): Promise<void> {
    this.cancelWaits();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimState(options.org ?? demoOrg(), options.clock ?? new SimClock());
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const handle = createRequestHandler(state, sleep);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A simulator bug must show up as a 500 in the test that hit it.
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain;charset=utf-8' });
      }
      res.end(`simulator error: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Simulator(state, server, port, () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  });
}
