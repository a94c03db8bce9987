/**
 * The quota view: this month's meter figures per API and per day, and a
 * forecast to the month's end. The forecast is linear over the time gone so
 * far (calendar days, not workdays: the server also reads on weekends for
 * shifts, and a plain rule is one IT can check by hand).
 */
import { addDays, dateKey, startOfDate } from '../../shared/time';
import { BUDGET_THRESHOLD, type MeterFigures } from '../batch/meter';
import type { QuotaReply } from './ui/contract';

const DAY_MS = 86_400_000;

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function quotaView(figures: MeterFigures, now: number, timeZone: string): QuotaReply {
  const { month } = figures;
  const total = daysInMonth(month);
  const start = startOfDate(`${month}-01`, timeZone);
  // At least an hour gone, so the first minutes of a month do not forecast millions.
  const elapsed = Math.min(total, Math.max(1 / 24, (now - start) / DAY_MS));
  const rate = figures.counted / elapsed;
  const budgetAt = Math.floor(figures.cap * BUDGET_THRESHOLD);
  let budgetDate: string | null = null;
  if (!figures.budgetMode && figures.counted < budgetAt && rate > 0) {
    const at = now + ((budgetAt - figures.counted) / rate) * DAY_MS;
    const date = dateKey(at, timeZone);
    if (date.startsWith(month)) budgetDate = date;
  }
  const days: QuotaReply['days'] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) {
    const tally = figures.byDay[d];
    days.push({
      date: d,
      calls: tally?.calls ?? 0,
      counted: tally?.counted ?? 0,
      pushes: tally?.pushes ?? 0,
    });
  }
  return {
    month,
    counted: figures.counted,
    total: figures.total,
    pushes: figures.pushes,
    cap: figures.cap,
    budgetMode: figures.budgetMode,
    budgetAt,
    byApi: figures.byApi,
    days,
    forecast: {
      counted: Math.round(rate * total),
      elapsedDays: Math.round(elapsed * 10) / 10,
      daysInMonth: total,
      budgetDate,
    },
    // server/batch/records.ts: aged days are served stale, the morning verification is skipped.
    budgetSkips: ['refresh', 'verify'],
  };
}
