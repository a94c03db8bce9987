/**
 * My attendance history: a month of work dates, each with its check points in
 * the same shape as today's status, and the month's totals. Pure and zod-free:
 * the engine, the CLI, the company server and the popup's history view share
 * these functions, so a day is coloured and counted the same way everywhere.
 */
import type { CheckPoint, CheckType } from './model';

/**
 * Calendar-day arithmetic on "YYYY-MM-DD", here rather than from ./time: the popup's
 * entry shares ./time's chunk, and what only the lazy history view uses must not
 * grow the JavaScript the popup loads at start.
 */
const utcDay = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

export function shiftDate(date: string, days: number): string {
  return new Date(utcDay(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOfDate(date: string): number {
  return new Date(utcDay(date)).getUTCDay();
}

/** What DingTalk (or the server) said about one past work date; the rest is derived. */
export interface HistoryDayCore {
  date: string;
  restDay: boolean;
  onLeave: boolean;
  className: string | null;
  checkPoints: CheckPoint[];
}

/**
 * How DingTalk's 统计 calendar colours a day: green when all is normal, orange for late
 * or early, red for a missed punch or absence, blue for leave, grey for rest;
 * `pending` while a check point of today is still open.
 */
export type HistoryMark =
  'normal' | 'late' | 'early' | 'missed' | 'absent' | 'leave' | 'rest' | 'pending';

export interface HistoryCheckPoint extends CheckPoint {
  /** 1-based shift section: 上班1 / 下班1 / 上班2 / 下班2 on a split shift. */
  section: number;
}

export interface HistoryDay extends HistoryDayCore {
  checkPoints: HistoryCheckPoint[];
  /** How many on-duty / off-duty pairs the day has (2 on a split shift). */
  sections: number;
  /** Minutes between each section's clock-in and clock-out, when both were punched. */
  workedMinutes: number;
  mark: HistoryMark;
  /** Today: read live like the Today view, never kept for good. */
  today: boolean;
  /** 缺卡 or 早退: DingTalk's 补卡 (make-up punch) request is the way to fix it. */
  makeUp: boolean;
}

export interface HistoryTotals {
  /** Check points DingTalk judged 迟到 or 严重迟到. */
  late: number;
  early: number;
  /** 缺卡: check points whose window closed without a punch. */
  missed: number;
  /** 旷工 check points. */
  absent: number;
  /** Days with at least one real punch. */
  daysWorked: number;
  restDays: number;
  leaveDays: number;
  workedMinutes: number;
}

export interface HistoryMonth {
  /** "YYYY-MM" in the organisation's zone. */
  month: string;
  userId: string;
  timeZone: string;
  /** One entry per date of the month up to today. */
  days: HistoryDay[];
  totals: HistoryTotals;
  /** When the oldest day shown was read from DingTalk (ISO with the org's offset). */
  fetchedAt: string | null;
}

/** How far back history reaches: DingTalk answers attendance reads within 180 days. */
export const HISTORY_MAX_DAYS_BACK = 180;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(text: string): boolean {
  return MONTH.test(text);
}

/** The first and last date of a "YYYY-MM" month. */
export function monthRange(month: string): { first: string; last: string } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Not a month: ${month}`);
  const year = Number(m[1]);
  const index = Number(m[2]);
  const days = new Date(Date.UTC(year, index, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}` };
}

/**
 * Why a month cannot be shown (null when it can): not a month, in the future, or older
 * than DingTalk reaches. `today` is the organisation's date.
 */
export function monthProblem(
  month: string,
  today: string,
): 'notAMonth' | 'future' | 'tooOld' | null {
  if (!isMonthKey(month)) return 'notAMonth';
  const { first } = monthRange(month);
  if (first > today) return 'future';
  if (first < shiftDate(today, -HISTORY_MAX_DAYS_BACK)) return 'tooOld';
  return null;
}

/** Every date of the month up to today (the month must be valid; see monthProblem). */
export function monthDates(month: string, today: string): string[] {
  const { first, last } = monthRange(month);
  const end = last < today ? last : today;
  const out: string[] = [];
  for (let d = first; d <= end; d = shiftDate(d, 1)) out.push(d);
  return out;
}

/** The month before `month` ("YYYY-MM"). */
export function previousMonth(month: string): string {
  const { first } = monthRange(month);
  return shiftDate(first, -1).slice(0, 7);
}

export function nextMonth(month: string): string {
  const { last } = monthRange(month);
  return shiftDate(last, 1).slice(0, 7);
}

/** Numbers each check point by its section: a clock-in starts the next one. */
export function numberSections(checkPoints: readonly CheckPoint[]): HistoryCheckPoint[] {
  let section = 0;
  return checkPoints.map((c, i) => {
    if (c.type === 'OnDuty' || i === 0) section += 1;
    return { ...c, section };
  });
}

/** A punch that is a real punch (not the approval DingTalk files for leave). */
function punchedTime(c: CheckPoint): number | null {
  if (c.punchedAt === null || c.punch?.source === 'APPROVE') return null;
  return Date.parse(c.punchedAt);
}

function worked(points: readonly HistoryCheckPoint[]): number {
  let minutes = 0;
  for (const on of points.filter((c) => c.type === 'OnDuty')) {
    const off = points.find((c) => c.type === 'OffDuty' && c.section === on.section);
    const from = punchedTime(on);
    const to = off ? punchedTime(off) : null;
    if (from !== null && to !== null && to > from) minutes += Math.floor((to - from) / 60_000);
  }
  return minutes;
}

function markOf(day: HistoryDayCore, today: boolean): HistoryMark {
  const points = day.checkPoints;
  if (day.onLeave) return 'leave';
  if (day.restDay || points.length === 0) return 'rest';
  const results = new Set(points.map((c) => (c.state === 'missed' ? 'NotSigned' : c.result)));
  if (results.has('Absenteeism')) return 'absent';
  if (results.has('NotSigned')) return 'missed';
  if (results.has('Early')) return 'early';
  if (results.has('Late') || results.has('SeriousLate')) return 'late';
  if (today && points.some((c) => c.state === 'pending')) return 'pending';
  return 'normal';
}

/** A day as the view and the CLI show it. */
export function historyDay(core: HistoryDayCore, today = false): HistoryDay {
  const checkPoints = numberSections(core.checkPoints);
  const mark = markOf(core, today);
  return {
    ...core,
    checkPoints,
    sections: checkPoints.reduce((n, c) => Math.max(n, c.section), 0),
    workedMinutes: worked(checkPoints),
    mark,
    today,
    makeUp: checkPoints.some(
      (c) => c.state === 'missed' || c.result === 'NotSigned' || c.result === 'Early',
    ),
  };
}

export function monthTotals(days: readonly HistoryDay[]): HistoryTotals {
  const totals: HistoryTotals = {
    late: 0,
    early: 0,
    missed: 0,
    absent: 0,
    daysWorked: 0,
    restDays: 0,
    leaveDays: 0,
    workedMinutes: 0,
  };
  for (const day of days) {
    if (day.mark === 'rest') totals.restDays += 1;
    if (day.mark === 'leave') totals.leaveDays += 1;
    if (day.checkPoints.some((c) => punchedTime(c) !== null)) totals.daysWorked += 1;
    totals.workedMinutes += day.workedMinutes;
    for (const c of day.checkPoints) {
      if (c.result === 'Late' || c.result === 'SeriousLate') totals.late += 1;
      else if (c.result === 'Early') totals.early += 1;
      else if (c.result === 'Absenteeism') totals.absent += 1;
      else if (c.state === 'missed' || c.result === 'NotSigned') totals.missed += 1;
    }
  }
  return totals;
}

/** The label of a check point: 上班 / 下班, numbered on a split shift (上班1 … 下班2). */
export function checkPointLabel(
  name: (type: CheckType) => string,
  point: Pick<HistoryCheckPoint, 'type' | 'section'>,
  sections: number,
  numbered: (name: string, section: number) => string = (n, s) => `${n}${s}`,
): string {
  return sections > 1 ? numbered(name(point.type), point.section) : name(point.type);
}
