/** Times as the organisation sees them: its zone, 24-hour clock, the UI's locale. */
export interface Formatter {
  dateTime(ms: number): string;
  time(ms: number): string;
  number(n: number): string;
}

export function formatter(locale: string, timeZone: string): Formatter {
  const dt = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const tm = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const num = new Intl.NumberFormat(locale);
  return {
    dateTime: (ms) => dt.format(ms),
    time: (ms) => tm.format(ms),
    number: (n) => num.format(n),
  };
}
