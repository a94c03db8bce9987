/**
 * Direct mode's history: DingTalk's 打卡结果 (`attendance/list`) turned into days.
 * One row per scheduled check point that DingTalk has evaluated, so a past date
 * without rows had nothing to check (a rest day, 调休 or a holiday), and a
 * make-up workday (a worked Saturday) simply has its rows. Leave and business
 * trips come as APPROVE rows: satisfied by the approval, not by a punch, the way
 * today's model shows them. The cheapest read there is: 8 dates a call, one page
 * of up to 50 rows (4 check points × 8 days fit), so a month is 4 counted calls.
 */
import type { CheckPoint } from '../../shared/model';
import type { HistoryDayCore } from '../../shared/history';
import { dateKey, toZonedIso } from '../../shared/time';
import type { AttendanceResult } from '../dingtalk/types';

function checkPoint(row: AttendanceResult, timeZone: string): CheckPoint {
  const planned = toZonedIso(row.baseCheckTime, timeZone);
  const base = { type: row.checkType, planned, window: null };
  if (row.sourceType === 'APPROVE') {
    return {
      ...base,
      state: 'done',
      result: 'Normal',
      punchedAt: null,
      punch: {
        id: `approve:${row.approveId ?? row.procInstId ?? row.id}`,
        at: planned,
        checkType: row.checkType,
        source: 'APPROVE',
        fromThisDevice: false,
        valid: true,
        invalidReason: null,
      },
    };
  }
  // DingTalk's own NotSigned row carries the planned time as its "check time": no punch.
  if (row.timeResult === 'NotSigned' || row.userCheckTime === null) {
    return { ...base, state: 'missed', result: 'NotSigned', punchedAt: null, punch: null };
  }
  const at = toZonedIso(row.userCheckTime, timeZone);
  return {
    ...base,
    state: 'done',
    result: row.timeResult,
    punchedAt: at,
    punch: {
      id: row.recordId ?? row.id,
      at,
      checkType: row.checkType,
      source: row.sourceType,
      // attendance/list names no device: whose device made it is not known here.
      fromThisDevice: false,
      valid: true,
      invalidReason: null,
    },
  };
}

/** The rows of one user as days, one per date asked for (in order). */
export function daysFromResults(
  rows: readonly AttendanceResult[],
  userId: string,
  dates: readonly string[],
  timeZone: string,
): HistoryDayCore[] {
  const byDate = new Map<string, AttendanceResult[]>();
  for (const row of rows) {
    if (row.userId !== userId) continue;
    const date = dateKey(row.workDate, timeZone);
    const list = byDate.get(date) ?? [];
    list.push(row);
    byDate.set(date, list);
  }
  return dates.map((date) => {
    const own = (byDate.get(date) ?? []).sort((a, b) => a.baseCheckTime - b.baseCheckTime);
    const checkPoints = own.map((r) => checkPoint(r, timeZone));
    return {
      date,
      restDay: checkPoints.length === 0,
      onLeave: checkPoints.length > 0 && checkPoints.every((c) => c.punch?.source === 'APPROVE'),
      className: null,
      checkPoints,
    };
  });
}
