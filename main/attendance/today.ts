/**
 * Today's status: one pure model of a work date built from DingTalk's schedule
 * (`schedule/listbyday`) and punch records (`listRecord`), plus this install's
 * own sent-but-not-yet-verified punches. When DingTalk has no schedule for the
 * employee, a fallback (weekly pattern + Chinese statutory calendar) supplies
 * the check points and the status says so. Its times are the attendance
 * group's class times (getusergroup) when those are known and unambiguous,
 * else the settings' default hours.
 *
 * Rules:
 * - Invalid records (invalidRecordType set) are listed but never satisfy a check point.
 * - On duty is satisfied by the EARLIEST valid on-duty punch, off duty by the LATEST
 *   (DingTalk's own rule).
 * - A record from an approval (sourceType APPROVE: leave, business trip) satisfies its
 *   check point; a day whose check points are all satisfied that way is "on leave".
 *   Overtime (approve_biz_type 1, 加班) is an approval too but covers nothing: the
 *   punches are still due (dingtalk-api.md §10).
 * - A check point DingTalk reports Checked without a record we can see is done with an
 *   unknown result; one whose window closed with no punch is missed (NotSigned).
 * - Results we computed ourselves (an upload DingTalk has not evaluated for us yet) are
 *   marked provisional.
 */
import type {
  CheckPoint,
  CheckType,
  DaySource,
  DayStatus,
  Punch,
  QueuedState,
  TimeResult,
} from '../../shared/model';
import { addDays, parseDingTalk, startOfDate, toZonedIso } from '../../shared/time';
import type { AttendanceRecord, ScheduleEntry, UserGroup } from '../dingtalk/types';
import { type FallbackSchedule, isFallbackWorkday, nextFallbackWorkday } from './calendar';
import { namesOurDevice, type OwnDevice } from './own-record';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** What DingTalk told us about the schedule of the work date. */
export type ScheduleInput =
  | { kind: 'entries'; entries: ScheduleEntry[] }
  /** The user has no attendance group (type NONE) or an empty schedule. */
  | { kind: 'none' }
  /**
   * The app may not read schedules (60011) or the operator is not allowed.
   * `group`: the attendance group's class times (getusergroup), when known.
   */
  | { kind: 'notPermitted'; group?: GroupTimes | null };

/** One class's check times from getusergroup: "HH:mm:ss", `across` days after the work date. */
export interface GroupTimes {
  className: string | null;
  /** The class's serious-late minutes, when the group says. */
  seriousLateMinutes?: number | null;
  times: { type: CheckType; time: string; across: number }[];
}

/**
 * The class times a fallback day uses: the group's only class (or all its classes
 * agreeing). A roster of different classes (TURN) or no class (NONE) says nothing
 * about today: null, and the settings' hours apply.
 */
export function groupTimesOf(group: UserGroup): GroupTimes | null {
  const candidates = group.classes
    .map((c) => ({
      className: c.name || null,
      seriousLateMinutes: c.seriousLateMinutes,
      times: c.sections.flatMap((s) =>
        s.times.map((t) => ({ type: t.checkType, time: t.checkTime, across: t.across })),
      ),
    }))
    .filter((c) => c.times.length > 0 && c.times[0]?.type === 'OnDuty');
  const first = candidates[0];
  if (!first) return null;
  const key = (g: GroupTimes) => JSON.stringify(g.times);
  return candidates.every((c) => key(c) === key(first)) ? first : null;
}

/** A punch this install uploaded successfully that DingTalk has not shown back yet. */
export interface LocalPunch {
  type: CheckType;
  at: number;
  intentId: string;
}

export interface DayInputs {
  userId: string;
  date: string;
  timeZone: string;
  now: number;
  deviceId: string;
  /** The device name our uploads carry: a machine record shows it as userAddress. */
  deviceName?: string | null;
  schedule: ScheduleInput;
  /** null when the records were not read (nothing to see yet, or budget mode). */
  records: AttendanceRecord[] | null;
  localPunches: LocalPunch[];
  /** Punches of ours still waiting in the outbox (none reached DingTalk yet), and how. */
  queued?: (LocalPunch & { state: QueuedState })[];
  /** The group's serious-late minutes for the day's class (getusergroup), when known. */
  seriousLateMinutes?: number | null;
  fallback: FallbackSchedule;
  fetchedAt: number;
}

/** A planned check point before punches are matched to it. */
interface Plan {
  type: CheckType;
  planned: number;
  /** DingTalk's base check time (records point at it with planCheckTime). */
  base: number;
  window: { from: number; to: number };
  status: ScheduleEntry['checkStatus'] | null;
  /** Leave or a business trip covers it (DingTalk shows it Checked with the approval); never overtime. */
  approval: ScheduleEntry['approval'];
  /** On duty: minutes after `planned` that still count as on time (the class's late flex). */
  lateFlex?: number;
}

/**
 * The class's late flex (弹性, 晚到晚走) in minutes from a listbyday row's features
 * (`flexMinutes: [late, early]`): arriving up to that late is on time and lateness
 * counts after it. 0 when absent or not a number.
 */
export function lateFlexOf(features: Record<string, unknown>): number {
  const flex = features.flexMinutes;
  const late = Array.isArray(flex) ? Number(flex[0]) : NaN;
  return Number.isFinite(late) && late > 0 ? late : 0;
}

export function buildDayStatus(input: DayInputs): DayStatus {
  const { schedule, timeZone, date } = input;
  const source: DaySource =
    schedule.kind === 'entries'
      ? { kind: 'dingtalk' }
      : {
          kind: 'fallback',
          reason: schedule.kind === 'none' ? 'noSchedule' : 'scheduleNotPermitted',
        };

  let restDay: boolean;
  let plans: Plan[];
  let className: string | null = null;
  /** Some of DingTalk's rows could not be read (skipped): the day is partly known. */
  let partial = false;
  if (schedule.kind === 'entries' && schedule.entries.length > 0) {
    const working = schedule.entries.filter((e) => !e.isRest);
    partial = schedule.entries.some((e) => e.partial === true);
    restDay = working.length === 0;
    plans = restDay ? [] : plansFromSchedule(working);
    className = working[0]?.className ?? null;
  } else {
    restDay = !isFallbackWorkday(date, input.fallback);
    const group = schedule.kind === 'notPermitted' ? (schedule.group ?? null) : null;
    plans = restDay
      ? []
      : group
        ? plansFromGroup(date, timeZone, group)
        : plansFromFallback(date, timeZone, input.fallback);
    if (group && !restDay) className = group.className;
  }
  // An empty DingTalk schedule is DingTalk saying "no group": fall back, say so.
  const finalSource: DaySource =
    schedule.kind === 'entries' && schedule.entries.length === 0
      ? { kind: 'fallback', reason: 'noSchedule' }
      : source;

  const punches = (input.records ?? [])
    .filter((r) => r.userId === input.userId)
    .sort((a, b) => a.userCheckTime - b.userCheckTime)
    .map((r) => toPunch(r, ownDevice(input), timeZone));
  const validRecords = (input.records ?? []).filter((r) => r.valid && r.userId === input.userId);

  const checkPoints = plans.map((plan) =>
    withQueued(resolveCheckPoint(plan, plans, validRecords, input), plan, input),
  );

  const onLeave = checkPoints.length > 0 && checkPoints.every((c) => c.punch?.source === 'APPROVE');
  // A pending check point's window is still open (a closed one is missed).
  const nextPoint = checkPoints.find((c) => c.state === 'pending');

  return {
    userId: input.userId,
    date,
    timeZone,
    restDay,
    onLeave,
    className,
    source: finalSource,
    checkPoints,
    punches,
    next: nextPoint?.type ?? null,
    nextWorkday: restDay ? nextFallbackWorkday(date, input.fallback) : null,
    fetchedAt: toZonedIso(input.fetchedAt, timeZone),
    ...(partial ? { partial: true as const } : {}),
    ...(typeof input.seriousLateMinutes === 'number'
      ? { seriousLateMinutes: input.seriousLateMinutes }
      : {}),
  };
}

function plansFromSchedule(entries: ScheduleEntry[]): Plan[] {
  const sorted = [...entries].sort((a, b) => a.checkDateTime - b.checkDateTime);
  return sorted.map((e, i) => {
    const planned = e.realPlanTime ?? e.checkDateTime;
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    // Without DingTalk's window, split the day halfway between neighbouring check points.
    const from =
      e.checkBeginTime ??
      (prev ? midpoint(prev.checkDateTime, e.checkDateTime) : planned - 4 * HOUR);
    const to =
      e.checkEndTime ?? (next ? midpoint(e.checkDateTime, next.checkDateTime) : planned + 6 * HOUR);
    return {
      type: e.checkType,
      planned,
      base: e.checkDateTime,
      window: { from, to },
      status: e.checkStatus,
      approval: coveringApproval(e.approval),
      ...(e.checkType === 'OnDuty' && lateFlexOf(e.features) > 0
        ? { lateFlex: lateFlexOf(e.features) }
        : {}),
    };
  });
}

/** approve_biz_type 1 (加班): overtime. */
const OVERTIME = 1;

/**
 * The approval when it satisfies the check point: business trip (2), leave (3), or an
 * approval without a type unless its tag says 加班. Overtime never does.
 */
export function coveringApproval(approval: ScheduleEntry['approval']): ScheduleEntry['approval'] {
  if (!approval) return null;
  if (approval.bizType === OVERTIME) return null;
  if (approval.bizType === null && approval.tagName?.includes('加班')) return null;
  return approval;
}

function plansFromFallback(date: string, timeZone: string, fb: FallbackSchedule): Plan[] {
  const at = (hhmm: string, day: string) => parseDingTalk(`${day} ${hhmm}:00`, timeZone);
  const on = at(fb.onDuty, date);
  let off = at(fb.offDuty, date);
  if (off <= on) off = at(fb.offDuty, addDays(date, 1)); // a night shift ends tomorrow
  const mid = midpoint(on, off);
  return [
    {
      type: 'OnDuty',
      planned: on,
      base: on,
      window: { from: on - 4 * HOUR, to: mid },
      status: null,
      approval: null,
    },
    {
      type: 'OffDuty',
      planned: off,
      base: off,
      window: { from: mid, to: off + 6 * HOUR },
      status: null,
      approval: null,
    },
  ];
}

/** The group's class times on a fallback workday, windows split halfway (as DingTalk's absent ones). */
function plansFromGroup(date: string, timeZone: string, group: GroupTimes): Plan[] {
  const times = group.times.map((t) => ({
    type: t.type,
    at: parseDingTalk(`${addDays(date, t.across)} ${t.time}`, timeZone),
  }));
  return times.map((t, i) => {
    const prev = times[i - 1];
    const next = times[i + 1];
    return {
      type: t.type,
      planned: t.at,
      base: t.at,
      window: {
        from: prev ? midpoint(prev.at, t.at) : t.at - 4 * HOUR,
        to: next ? midpoint(t.at, next.at) : t.at + 6 * HOUR,
      },
      status: null,
      approval: null,
    };
  });
}

function resolveCheckPoint(
  plan: Plan,
  plans: Plan[],
  records: AttendanceRecord[],
  input: DayInputs,
): CheckPoint {
  const tz = input.timeZone;
  const window = { from: toZonedIso(plan.window.from, tz), to: toZonedIso(plan.window.to, tz) };
  const base = {
    type: plan.type,
    planned: toZonedIso(plan.planned, tz),
    window,
    ...(plan.lateFlex ? { lateFlexMinutes: plan.lateFlex } : {}),
  };

  const record = matchRecord(plan, plans, records);
  const local = matchLocal(plan, input.localPunches);
  // DingTalk keeps the first on-duty and the LATEST off-duty punch: our own newer
  // clock-out (an update, 更新打卡) counts over the record it replaces until DingTalk shows it.
  const localWins =
    local !== undefined &&
    (!record ||
      (plan.type === 'OffDuty'
        ? local.at > record.userCheckTime
        : local.at < record.userCheckTime));
  if (record && !localWins) {
    const punch = toPunch(record, ownDevice(input), tz);
    return {
      ...base,
      state: 'done',
      result:
        record.timeResult ?? localResult(plan, record.userCheckTime, input.seriousLateMinutes),
      punchedAt: punch.at,
      punch,
      ...(record.timeResult ? {} : { provisional: true as const }),
    };
  }

  if (local && localWins) {
    return {
      ...base,
      state: 'done',
      result: localResult(plan, local.at, input.seriousLateMinutes),
      punchedAt: toZonedIso(local.at, tz),
      punch: {
        id: `local:${local.intentId}`,
        at: toZonedIso(local.at, tz),
        checkType: plan.type,
        source: 'ATM',
        fromThisDevice: true,
        valid: true,
        invalidReason: null,
      },
      provisional: true,
    };
  }

  if (plan.approval) {
    // Leave / a business trip: satisfied by the approval, not by a punch.
    return {
      ...base,
      state: 'done',
      result: 'Normal',
      punchedAt: null,
      punch: {
        id: `approve:${plan.approval.id}`,
        at: base.planned,
        checkType: plan.type,
        source: 'APPROVE',
        fromThisDevice: false,
        valid: true,
        invalidReason: null,
      },
    };
  }
  if (plan.status === 'Checked') {
    return { ...base, state: 'done', result: null, punchedAt: null, punch: null };
  }
  if (plan.status === 'Timeout' || input.now > plan.window.to) {
    return { ...base, state: 'missed', result: 'NotSigned', punchedAt: null, punch: null };
  }
  return { ...base, state: 'pending', result: null, punchedAt: null, punch: null };
}

/**
 * Marks a check point with the punch of ours waiting for it in the outbox (待上传, 已暂存 or
 * 等待钉钉确认 by its state), when that punch would count once sent: any on an open point, an
 * earlier clock-in, a later clock-out (DingTalk keeps the first on-duty and the latest
 * off-duty punch). A repeat that would change nothing is not shown as the point's punch.
 */
function withQueued(point: CheckPoint, plan: Plan, input: DayInputs): CheckPoint {
  const waiting = matchLocal(plan, input.queued ?? []);
  if (!waiting) return point;
  const punched = point.punchedAt === null ? null : Date.parse(point.punchedAt);
  const counts =
    punched === null || (plan.type === 'OnDuty' ? waiting.at < punched : waiting.at > punched);
  if (!counts) return point;
  return { ...point, queued: { at: toZonedIso(waiting.at, input.timeZone), state: waiting.state } };
}

/** The record that satisfies a check point: by planCheckTime, else by type within the window. */
function matchRecord(
  plan: Plan,
  plans: Plan[],
  records: AttendanceRecord[],
): AttendanceRecord | undefined {
  const ofType = records.filter((r) => r.checkType === plan.type);
  const byPlan = ofType.filter((r) => r.planCheckTime === plan.base);
  const sameTypeCount = plans.filter((p) => p.type === plan.type).length;
  const candidates =
    byPlan.length > 0
      ? byPlan
      : ofType.filter(
          (r) =>
            (sameTypeCount === 1 && r.planCheckTime === null) ||
            (r.userCheckTime >= plan.window.from && r.userCheckTime <= plan.window.to),
        );
  if (candidates.length === 0) return undefined;
  const sorted = [...candidates].sort((a, b) => a.userCheckTime - b.userCheckTime);
  return plan.type === 'OnDuty' ? sorted[0] : sorted[sorted.length - 1];
}

function matchLocal<T extends LocalPunch>(plan: Plan, locals: T[]): T | undefined {
  const inWindow = locals
    .filter((l) => l.type === plan.type && l.at >= plan.window.from && l.at <= plan.window.to)
    .sort((a, b) => a.at - b.at);
  return plan.type === 'OnDuty' ? inWindow[0] : inWindow[inWindow.length - 1];
}

/**
 * Our own estimate, until DingTalk evaluates the punch: DingTalk compares to the
 * minute against the planned time (a clock-out's already shifted by flex in
 * real_plan_time); a clock-in is late only after the class's late flex, and late by
 * more than the group's serious-late minutes (counted after flex, when known) is SeriousLate.
 */
export function localResult(
  plan: Pick<Plan, 'type' | 'planned' | 'lateFlex'>,
  at: number,
  seriousLateMinutes: number | null = null,
): TimeResult {
  if (plan.type === 'OffDuty') return at < plan.planned ? 'Early' : 'Normal';
  const late = (Math.floor(at / MINUTE) * MINUTE - plan.planned) / MINUTE - (plan.lateFlex ?? 0);
  if (late <= 0) return 'Normal';
  return seriousLateMinutes !== null && late > seriousLateMinutes ? 'SeriousLate' : 'Late';
}

function ownDevice(input: DayInputs): OwnDevice {
  return { id: input.deviceId, name: input.deviceName ?? null };
}

function toPunch(r: AttendanceRecord, device: OwnDevice, timeZone: string): Punch {
  return {
    id: r.id,
    at: toZonedIso(r.userCheckTime, timeZone),
    checkType: r.checkType,
    source: r.sourceType,
    // deviceId, or on a machine-style record deviceSN / userAddress (own-record.ts).
    fromThisDevice: namesOurDevice(r, device),
    valid: r.valid,
    invalidReason: r.valid ? null : (r.invalidRecordMsg ?? r.invalidRecordType ?? null),
  };
}

function midpoint(a: number, b: number): number {
  return Math.round((a + b) / 2);
}

/** The span of time whose punches belong to the work date (for listRecord). */
export function recordRange(
  date: string,
  timeZone: string,
  schedule: ScheduleInput,
): { from: number; to: number } {
  const dayStart = startOfDate(date, timeZone);
  let from = dayStart;
  let to = startOfDate(addDays(date, 1), timeZone) - 1000;
  if (schedule.kind === 'entries') {
    // A rest row stands at midnight with no window: it widens nothing.
    for (const e of schedule.entries.filter((x) => !x.isRest)) {
      if (e.checkBeginTime !== null) from = Math.min(from, e.checkBeginTime);
      to = Math.max(to, e.checkEndTime ?? e.checkDateTime);
    }
  }
  return { from, to };
}
