/**
 * A HistoryMonth for component tests, built with the shared model like main builds
 * it: November 2026 up to Friday the 27th (today, clocked in), a late 5th, a missed
 * clock-out on the 10th, an early 12th, the 调休 Saturday 14th worked, the holiday
 * 16th, leave on the 18th and a split shift on the 20th.
 */
import type { CheckPoint, CheckType } from '../../shared/model';
import {
  type HistoryDayCore,
  type HistoryMonth,
  historyDay,
  monthDates,
  monthTotals,
} from '../../shared/history';
import { weekdayOf } from '../../shared/time';

const iso = (date: string, hhmm: string) => `${date}T${hhmm}:00+08:00`;

function point(
  date: string,
  type: CheckType,
  planned: string,
  punched: string | null,
  result: CheckPoint['result'],
): CheckPoint {
  const at = punched ? iso(date, punched) : null;
  return {
    type,
    planned: iso(date, planned),
    window: null,
    state: result === 'NotSigned' ? 'missed' : at ? 'done' : 'pending',
    result,
    punchedAt: at,
    punch: at
      ? {
          id: `r-${date}-${type}-${planned}`,
          at,
          checkType: type,
          source: 'USER',
          fromThisDevice: false,
          valid: true,
          invalidReason: null,
        }
      : null,
  };
}

function leavePoint(date: string, type: CheckType, planned: string): CheckPoint {
  return {
    type,
    planned: iso(date, planned),
    window: null,
    state: 'done',
    result: 'Normal',
    punchedAt: null,
    punch: {
      id: `approve:${date}-${type}`,
      at: iso(date, planned),
      checkType: type,
      source: 'APPROVE',
      fromThisDevice: false,
      valid: true,
      invalidReason: null,
    },
  };
}

function core(date: string): HistoryDayCore {
  const rest = { date, restDay: true, onLeave: false, className: null, checkPoints: [] };
  const work = (checkPoints: CheckPoint[]) => ({ ...rest, restDay: false, checkPoints });
  if (date === '2026-11-16') return rest;
  if (date === '2026-11-18') {
    return {
      ...work([leavePoint(date, 'OnDuty', '09:00'), leavePoint(date, 'OffDuty', '18:00')]),
      onLeave: true,
    };
  }
  if (date === '2026-11-20') {
    return work([
      point(date, 'OnDuty', '09:00', '08:57', 'Normal'),
      point(date, 'OffDuty', '12:00', '12:01', 'Normal'),
      point(date, 'OnDuty', '13:30', '13:28', 'Normal'),
      point(date, 'OffDuty', '18:00', '18:03', 'Normal'),
    ]);
  }
  const weekday = weekdayOf(date);
  if ((weekday === 0 || weekday === 6) && date !== '2026-11-14') return rest;
  if (date === '2026-11-27') {
    return work([
      point(date, 'OnDuty', '09:00', '08:58', 'Normal'),
      point(date, 'OffDuty', '18:00', null, null),
    ]);
  }
  const on =
    date === '2026-11-05'
      ? point(date, 'OnDuty', '09:00', '09:45', 'Late')
      : point(date, 'OnDuty', '09:00', '08:55', 'Normal');
  const off =
    date === '2026-11-10'
      ? point(date, 'OffDuty', '18:00', null, 'NotSigned')
      : date === '2026-11-12'
        ? point(date, 'OffDuty', '18:00', '17:00', 'Early')
        : point(date, 'OffDuty', '18:00', '18:05', 'Normal');
  return work([on, off]);
}

export function novemberMonth(): HistoryMonth {
  const days = monthDates('2026-11', '2026-11-27').map((d) =>
    historyDay(core(d), d === '2026-11-27'),
  );
  return {
    month: '2026-11',
    userId: 'zhangwei',
    timeZone: 'Asia/Shanghai',
    days,
    totals: monthTotals(days),
    fetchedAt: '2026-11-27T08:41:00+08:00',
  };
}
