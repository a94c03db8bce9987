/**
 * Dates and times as the organisation sees them: always formatted in the
 * organisation's time zone (DayStatus.timeZone), never the machine's.
 */
import { DEFAULT_TIME_ZONE } from '../../shared/time';
import type { Snapshot } from '../../shared/contract';

export interface Format {
  /** "08:58" for an ISO instant, in the zone, 24-hour clock. */
  time(iso: string): string;
  /** "11月30日周一" / "Mon 30 November" for a "YYYY-MM-DD" work date. */
  date(dateKey: string): string;
}

export function createFormat(locale: string, timeZone: string): Format {
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  // A work date is a calendar day, not an instant: format it as that day in UTC.
  const date = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  });
  return {
    time: (iso) => time.format(new Date(iso)),
    date: (dateKey) => {
      const [y, m, d] = dateKey.split('-').map(Number) as [number, number, number];
      return date.format(new Date(Date.UTC(y, m - 1, d)));
    },
  };
}

/** The organisation's zone: today's, else the settings override, else DingTalk's home zone. */
export function orgTimeZone(snapshot: Snapshot | null): string {
  return snapshot?.today?.timeZone ?? snapshot?.settings.timeZone ?? DEFAULT_TIME_ZONE;
}
