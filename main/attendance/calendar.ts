/**
 * The fallback calendar for employees DingTalk has no schedule for: the
 * configured weekly pattern, corrected by China's statutory holidays and
 * 调休 make-up workdays. The data comes from the chinese-days package; we read
 * its JSON table rather than its functions because those misread dates when
 * the machine's time zone is west of UTC (a Shanghai company's employee
 * travelling in California would get the wrong day).
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Settings } from '../../shared/settings';
import { addDays, weekdayOf } from '../../shared/time';

export type FallbackSchedule = Settings['fallbackSchedule'];

const holidays: Readonly<Record<string, string>> = data.holidays;
/** Weekend days made workdays (调休上班). */
const makeUpWorkdays: Readonly<Record<string, string>> = data.workdays;

export function isFallbackWorkday(date: string, pattern: FallbackSchedule): boolean {
  if (pattern.useChineseHolidays) {
    if (makeUpWorkdays[date] !== undefined) return true;
    if (holidays[date] !== undefined) return false;
  }
  return pattern.workdays.includes(weekdayOf(date));
}

/** The next workday after `date` by the fallback calendar (null if none within 60 days). */
export function nextFallbackWorkday(date: string, pattern: FallbackSchedule): string | null {
  for (let i = 1; i <= 60; i++) {
    const d = addDays(date, i);
    if (isFallbackWorkday(d, pattern)) return d;
  }
  return null;
}
