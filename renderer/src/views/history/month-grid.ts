/**
 * Pure calendar arithmetic for the history view: weeks start on Monday (as in
 * DingTalk's 统计 calendar), dates are "YYYY-MM-DD" calendar days.
 */
import { shiftDate as addDays, weekdayOfDate as weekdayOf } from '../../../../shared/history';

/** The Monday of the date's week. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** The month's weeks as rows of 7 dates (Monday first), null outside the month. */
export function monthGrid(first: string, last: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (let monday = mondayOf(first); monday <= last; monday = addDays(monday, 7)) {
    rows.push(
      Array.from({ length: 7 }, (_, i) => {
        const d = addDays(monday, i);
        return d >= first && d <= last ? d : null;
      }),
    );
  }
  return rows;
}

/** The seven dates of the date's week, Monday first. */
export function weekOf(date: string): string[] {
  const monday = mondayOf(date);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}
