import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateKey,
  formatDingTalk,
  isDateKey,
  parseDingTalk,
  toZonedIso,
  weekdayOf,
  zonedToMs,
} from '../shared/time';

const SH = 'Asia/Shanghai';

describe('time in the organisation zone', () => {
  it('formats and parses DingTalk date-times in Shanghai time', () => {
    const ms = Date.UTC(2026, 10, 28, 0, 58, 0); // 08:58 in Shanghai
    expect(formatDingTalk(ms, SH)).toBe('2026-11-28 08:58:00');
    expect(parseDingTalk('2026-11-28 08:58:00', SH)).toBe(ms);
    expect(toZonedIso(ms, SH)).toBe('2026-11-28T08:58:00+08:00');
  });

  it('finds the work date across the UTC midnight', () => {
    // 23:30 UTC on the 27th is 07:30 on the 28th in Shanghai.
    expect(dateKey(Date.UTC(2026, 10, 27, 23, 30), SH)).toBe('2026-11-28');
    expect(zonedToMs(SH, 2026, 11, 28)).toBe(Date.UTC(2026, 10, 27, 16, 0));
  });

  it('handles a zone with daylight saving', () => {
    const la = 'America/Los_Angeles';
    expect(toZonedIso(zonedToMs(la, 2026, 7, 1, 9), la)).toBe('2026-07-01T09:00:00-07:00');
    expect(toZonedIso(zonedToMs(la, 2026, 12, 1, 9), la)).toBe('2026-12-01T09:00:00-08:00');
  });

  it('does calendar arithmetic on date keys', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekdayOf('2026-11-28')).toBe(6);
    expect(isDateKey('2026-02-30')).toBe(false);
    expect(isDateKey('2026-02-28')).toBe(true);
  });
});
