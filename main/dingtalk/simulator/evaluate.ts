/**
 * Pure evaluation of punches against a day's check points, the way DingTalk
 * turns 打卡流水 into 打卡结果:
 * - a punch belongs to the check point whose window holds it;
 * - on duty the FIRST valid punch counts, off duty the LAST;
 * - times compare in whole minutes (a punch at 09:00:59 is on time for 09:00);
 * - flexMinutes [晚到晚走, 早到早走]: arriving late within [0] is Normal and moves
 *   the off-duty time as much later; arriving early moves it up to [1] earlier;
 * - approved leave covering a planned time satisfies it (sourceType APPROVE);
 * - a check point whose window has closed without a punch is NotSigned.
 */
import type { CheckStatus } from '../types';
import type { TimeResult } from '../../../shared/model';
import { DEFAULT_SERIOUS_LATE_MINUTES } from './schedule';
import type { PlannedCheck } from './schedule';
import { countsAsPunch } from './records';
import type { SimRecord } from './records';

const MINUTE = 60_000;

export interface EvaluatedCheck {
  check: PlannedCheck;
  /** The punch that decides the result (null for leave or no punch). */
  counted: SimRecord | null;
  /** Planned time after flex (DingTalk's real_plan_time / planCheckTime). */
  realPlan: number;
  /** null while the check point is still open and unpunched. */
  timeResult: TimeResult | null;
  status: CheckStatus;
}

const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

export function onDutyResult(check: PlannedCheck, at: number): TimeResult {
  const flexLate = check.cls.flexMinutes?.[0] ?? 0;
  const late = (floorMinute(at) - check.planned) / MINUTE - flexLate;
  if (late <= 0) return 'Normal';
  const absent = check.cls.absenteeismLateMinutes;
  if (absent !== undefined && late > absent) return 'Absenteeism';
  if (late > (check.cls.seriousLateMinutes ?? DEFAULT_SERIOUS_LATE_MINUTES)) return 'SeriousLate';
  return 'Late';
}

export function offDutyResult(realPlan: number, at: number): TimeResult {
  return floorMinute(at) < realPlan ? 'Early' : 'Normal';
}

/** Minutes the off-duty time moves after an on-duty punch (晚到晚走 / 早到早走). */
function flexShift(check: PlannedCheck, at: number): number {
  const [late = 0, early = 0] = check.cls.flexMinutes ?? [];
  const delta = (floorMinute(at) - check.planned) / MINUTE;
  return delta > 0 ? Math.min(delta, late) : -Math.min(-delta, early);
}

/** Valid punches of the person, in time order, that fall in the check point's window. */
function punchesIn(check: PlannedCheck, records: readonly SimRecord[]): SimRecord[] {
  return records
    .filter(
      (r) =>
        r.userId === check.userid &&
        countsAsPunch(r) &&
        check.begin <= r.userCheckTime &&
        r.userCheckTime < check.end,
    )
    .sort((a, b) => a.userCheckTime - b.userCheckTime || a.id - b.id);
}

export function evaluateDay(
  checks: readonly PlannedCheck[],
  records: readonly SimRecord[],
  now: number,
): EvaluatedCheck[] {
  let shiftMinutes = 0;
  return checks.map((check): EvaluatedCheck => {
    const onDuty = check.checkType === 'OnDuty';
    const realPlan = onDuty ? check.planned : check.planned + shiftMinutes * MINUTE;
    if (onDuty) shiftMinutes = 0;
    if (check.leave) {
      return { check, counted: null, realPlan, timeResult: 'Normal', status: 'Checked' };
    }
    const punches = punchesIn(check, records);
    const counted = (onDuty ? punches[0] : punches[punches.length - 1]) ?? null;
    if (counted) {
      if (onDuty) shiftMinutes = flexShift(check, counted.userCheckTime);
      const timeResult = onDuty
        ? onDutyResult(check, counted.userCheckTime)
        : offDutyResult(realPlan, counted.userCheckTime);
      return { check, counted, realPlan, timeResult, status: 'Checked' };
    }
    if (now >= check.end) {
      return { check, counted: null, realPlan, timeResult: 'NotSigned', status: 'Timeout' };
    }
    return { check, counted: null, realPlan, timeResult: null, status: 'Init' };
  });
}

/** The result a single punch gets at its check point (each punch in listRecord has one). */
export function punchResult(evaluated: EvaluatedCheck, at: number): TimeResult {
  return evaluated.check.checkType === 'OnDuty'
    ? onDutyResult(evaluated.check, at)
    : offDutyResult(evaluated.realPlan, at);
}
