/**
 * Pure scheduling: which check points a person has on a work date, their
 * planned times and punch windows. Dates are "YYYY-MM-DD" in the org's zone.
 */
import type { CheckType } from '../../../shared/model';
import { addDays, parseDingTalk, weekdayOf } from '../../../shared/time';
import { coversCheckPoint, findClass, groupOf } from './org';
import type { DayPlan, Leave, OrgClass, OrgGroup, PunchWindow, SimOrg } from './org';

/** Defaults chosen to look like DingTalk's class settings (UNCONFIRMED exact values). */
export const DEFAULT_PUNCH_WINDOW: PunchWindow = {
  beforeOnDutyMinutes: 240,
  afterOffDutyMinutes: 240,
};
export const DEFAULT_SERIOUS_LATE_MINUTES = 30;

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

export interface ClassTime {
  checkType: CheckType;
  /** Minutes after midnight of the day it falls on. */
  minutes: number;
  /** 1 when the time is on the day after the work date. */
  across: number;
}

export interface PlannedCheck {
  userid: string;
  workDate: string;
  /** Position in the day (0-based); also keys the plan id. */
  index: number;
  checkType: CheckType;
  planned: number;
  /** Punch window [begin, end). */
  begin: number;
  end: number;
  groupId: number;
  cls: OrgClass;
  /** Leave or a business trip that satisfies the check point (never overtime). */
  leave: Leave | null;
  /** Any approval over the planned time (listbyday names it, overtime included). */
  approval: Leave | null;
}

export type DaySchedule =
  /** No group, a NONE (free) group, or an unrostered TURN date: nothing to check. */
  | { kind: 'unscheduled'; workDate: string; group: OrgGroup | null }
  | { kind: 'rest'; workDate: string; group: OrgGroup }
  | { kind: 'work'; workDate: string; group: OrgGroup; cls: OrgClass; checks: PlannedCheck[] };

function parseClock(text: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text.trim());
  if (!m) throw new RangeError(`Not a time of day: ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** A class's times in order, with DingTalk's `across` flag for next-day times. */
export function classTimes(cls: OrgClass): ClassTime[] {
  const out: ClassTime[] = [];
  let across = 0;
  let previous = -1;
  for (const section of cls.sections) {
    for (const [checkType, text] of [
      ['OnDuty', section.onDuty],
      ['OffDuty', section.offDuty],
    ] as const) {
      const minutes = parseClock(text);
      if (minutes <= previous) across += 1;
      previous = minutes;
      out.push({ checkType, minutes, across });
    }
  }
  return out;
}

export function daysBetween(from: string, to: string): number {
  const ms = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
  return Math.round((ms(to) - ms(from)) / DAY_MS);
}

function turnPlan(group: Extract<OrgGroup, { type: 'TURN' }>, userid: string, date: string) {
  const explicit = group.shifts?.[userid]?.[date];
  if (explicit !== undefined) return explicit;
  const rotation = group.rotations?.[userid];
  if (!rotation || rotation.pattern.length === 0) return null;
  const n = rotation.pattern.length;
  const i = ((daysBetween(rotation.anchor, date) % n) + n) % n;
  return rotation.pattern[i] ?? null;
}

/** The plan of a date: a class id, a rest day, or null when nothing is scheduled. */
export function planOf(group: OrgGroup, userid: string, date: string): DayPlan | null {
  switch (group.type) {
    case 'FIXED': {
      if (group.restDates?.includes(date)) return 'rest';
      const makeUp = group.workDates?.[date];
      if (makeUp !== undefined) return makeUp;
      return group.weekly[weekdayOf(date)] ?? 'rest';
    }
    case 'TURN':
      return turnPlan(group, userid, date);
    case 'NONE':
      return null;
  }
}

/** The approval over an instant: one that covers the check point first (leave over overtime). */
function coveringLeave(org: SimOrg, userid: string, at: number): Leave | null {
  const over = org.leaves.filter((l) => l.userid === userid && l.from <= at && at <= l.to);
  return over.find(coversCheckPoint) ?? over[0] ?? null;
}

/** Check points with raw windows: between two check points the boundary is their midpoint. */
function rawDay(org: SimOrg, userid: string, date: string): DaySchedule {
  const group = groupOf(org, userid);
  if (!group) return { kind: 'unscheduled', workDate: date, group: null };
  const plan = planOf(group, userid, date);
  if (plan === null) return { kind: 'unscheduled', workDate: date, group };
  if (plan === 'rest') return { kind: 'rest', workDate: date, group };
  const cls = findClass(org, plan);
  if (!cls) throw new RangeError(`Group ${group.groupId} uses unknown class ${plan}`);
  const window = { ...DEFAULT_PUNCH_WINDOW, ...cls.punchWindow };
  const times = classTimes(cls).map((t) => ({
    ...t,
    at: parseDingTalk(
      `${addDays(date, t.across)} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(
        t.minutes % 60,
      ).padStart(2, '0')}:00`,
      org.timeZone,
    ),
  }));
  const checks = times.map((t, index): PlannedCheck => {
    const approval = coveringLeave(org, userid, t.at);
    const prev = times[index - 1];
    const next = times[index + 1];
    return {
      userid,
      workDate: date,
      index,
      checkType: t.checkType,
      planned: t.at,
      begin: prev ? (prev.at + t.at) / 2 : t.at - window.beforeOnDutyMinutes * MINUTE,
      end: next ? (t.at + next.at) / 2 : t.at + window.afterOffDutyMinutes * MINUTE,
      groupId: group.groupId,
      cls,
      approval,
      leave: approval && coversCheckPoint(approval) ? approval : null,
    };
  });
  return { kind: 'work', workDate: date, group, cls, checks };
}

/**
 * Where two neighbouring work dates' windows meet. They only clash when a
 * shift's late clock-out window runs into the next shift's early clock-in
 * window (night shift, then a morning shift): then the line is drawn at the
 * midpoint between the two check points, as within a day.
 */
function boundary(last: PlannedCheck, first: PlannedCheck): number | null {
  if (last.end <= first.begin) return null;
  return Math.max(first.begin, Math.min(last.end, (last.planned + first.planned) / 2));
}

/** The day's schedule, its windows fitted against the days before and after. */
export function scheduleDay(org: SimOrg, userid: string, date: string): DaySchedule {
  const day = rawDay(org, userid, date);
  if (day.kind !== 'work') return day;
  const first = day.checks[0];
  const last = day.checks[day.checks.length - 1];
  const before = rawDay(org, userid, addDays(date, -1));
  const after = rawDay(org, userid, addDays(date, 1));
  const beforeLast = before.kind === 'work' ? before.checks[before.checks.length - 1] : undefined;
  const afterFirst = after.kind === 'work' ? after.checks[0] : undefined;
  if (first && beforeLast) first.begin = boundary(beforeLast, first) ?? first.begin;
  if (last && afterFirst) last.end = boundary(last, afterFirst) ?? last.end;
  return day;
}

/** The check point whose window holds the instant (looking at the dates around it). */
export function locateCheck(
  org: SimOrg,
  userid: string,
  at: number,
  dateOf: (ms: number) => string,
): { day: DaySchedule & { kind: 'work' }; check: PlannedCheck } | null {
  const date = dateOf(at);
  for (const d of [addDays(date, -1), date, addDays(date, 1)]) {
    const day = scheduleDay(org, userid, d);
    if (day.kind !== 'work') continue;
    const check = day.checks.find((c) => c.begin <= at && at < c.end);
    if (check) return { day, check };
  }
  return null;
}
