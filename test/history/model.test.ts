/** The month model (shared/history.ts), the cache rules (main/history/cache.ts) and the CSV. */
import { describe, expect, it } from 'vitest';
import {
  monthDates,
  monthProblem,
  monthRange,
  nextMonth,
  numberSections,
  previousMonth,
} from '../../shared/history';
import { parseDingTalk } from '../../shared/time';
import { HistoryCache, isFinal, mustRead, readWindows, RECENT_MS } from '../../main/history/cache';
import { csvField, historyCsv } from '../../main/history/csv';
import { MemoryStore } from '../../main/node-ports';
import { novemberMonth } from './month-fixture';

const SH = 'Asia/Shanghai';
const at = (text: string) => parseDingTalk(text, SH);

describe('months', () => {
  it('knows their dates, up to today only', () => {
    expect(monthRange('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthDates('2026-11', '2026-11-03')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(monthDates('2026-10', '2026-11-03')).toHaveLength(31);
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });

  it('refuses what history cannot show', () => {
    expect(monthProblem('2026-11', '2026-11-27')).toBeNull();
    expect(monthProblem('2026-06', '2026-11-27')).toBeNull();
    expect(monthProblem('2026-05', '2026-11-27')).toBe('tooOld');
    expect(monthProblem('2026-12', '2026-11-27')).toBe('future');
    expect(monthProblem('2026-13', '2026-11-27')).toBe('notAMonth');
    expect(monthProblem('26-11', '2026-11-27')).toBe('notAMonth');
  });
});

describe('the month model', () => {
  const month = novemberMonth();
  const day = (date: string) => month.days.find((d) => d.date === date);

  it('numbers sections by clock-in', () => {
    const sections = numberSections(day('2026-11-20')?.checkPoints ?? []).map((c) => c.section);
    expect(sections).toEqual([1, 1, 2, 2]);
    expect(day('2026-11-20')?.sections).toBe(2);
    expect(day('2026-11-02')?.sections).toBe(1);
  });

  it('marks each day and counts the month', () => {
    expect(day('2026-11-05')?.mark).toBe('late');
    expect(day('2026-11-10')).toMatchObject({ mark: 'missed', makeUp: true });
    expect(day('2026-11-12')).toMatchObject({ mark: 'early', makeUp: true });
    expect(day('2026-11-05')?.makeUp).toBe(false);
    expect(day('2026-11-18')).toMatchObject({ mark: 'leave', workedMinutes: 0 });
    expect(day('2026-11-16')?.mark).toBe('rest');
    expect(day('2026-11-27')).toMatchObject({ mark: 'pending', today: true });
    // 08:57→12:01 and 13:28→18:03.
    expect(day('2026-11-20')?.workedMinutes).toBe(184 + 275);
    expect(month.totals).toMatchObject({
      late: 1,
      early: 1,
      missed: 1,
      daysWorked: 19,
      leaveDays: 1,
      restDays: 7,
    });
  });
});

describe('the cache rules', () => {
  it('calls a day final once read after the end of the day after it', () => {
    expect(isFinal('2026-11-25', at('2026-11-26 23:59:59'), SH)).toBe(false);
    expect(isFinal('2026-11-25', at('2026-11-27 00:00:00'), SH)).toBe(true);
  });

  it('reads a day again only when it may still change (or on refresh, a 补卡 candidate)', () => {
    const month = novemberMonth();
    const core = (date: string) => {
      const found = month.days.find((d) => d.date === date);
      if (!found) throw new Error(`no ${date}`);
      return found;
    };
    const now = at('2026-11-27 12:00:00');
    const finalAt = at('2026-11-27 08:00:00');
    expect(mustRead(undefined, now, SH, false)).toBe(true);
    expect(mustRead({ day: core('2026-11-02'), fetchedAt: finalAt }, now, SH, false)).toBe(false);
    expect(mustRead({ day: core('2026-11-02'), fetchedAt: finalAt }, now, SH, true)).toBe(false);
    expect(mustRead({ day: core('2026-11-10'), fetchedAt: finalAt }, now, SH, true)).toBe(true);
    const yesterday = { day: core('2026-11-26'), fetchedAt: now - RECENT_MS + 1 };
    expect(mustRead(yesterday, now, SH, false)).toBe(false);
    expect(mustRead(yesterday, now + 1, SH, false)).toBe(true);
  });

  it('groups unread dates into reads of at most 8 dates', () => {
    expect(
      readWindows(['2026-11-01', '2026-11-05', '2026-11-08', '2026-11-09', '2026-11-26'], 8),
    ).toEqual([
      { from: '2026-11-01', to: '2026-11-08' },
      { from: '2026-11-09', to: '2026-11-09' },
      { from: '2026-11-26', to: '2026-11-26' },
    ]);
  });

  it('keeps months in the store, drops damaged entries and the oldest months, forgets all', () => {
    const store = new MemoryStore();
    const cache = new HistoryCache(store);
    const day = novemberMonth().days[1];
    if (!day) throw new Error('no day');
    cache.save('zw', '2026-11', new Map([[day.date, { day, fetchedAt: 5 }]]));
    expect(cache.load('zw', '2026-11').get(day.date)?.fetchedAt).toBe(5);
    store.set('history:zw:2026-10', {
      days: { '2026-10-01': { day: { date: 'x' }, fetchedAt: 1 } },
    });
    expect(cache.load('zw', '2026-10').size).toBe(0);
    for (let m = 1; m <= 9; m++) cache.save('zw', `2025-0${m}`, new Map());
    expect(store.get('history:zw:2026-11')).toBeUndefined();
    expect(store.get('history:zw:2025-09')).toBeDefined();
    cache.forget();
    expect(store.get('history:zw:2025-09')).toBeUndefined();
  });
});

describe('the CSV', () => {
  it('is UTF-8 with a BOM, CRLF, one row per check point, in the language asked', () => {
    const text = historyCsv(novemberMonth(), 'zh-CN');
    expect(text.startsWith('\uFEFF日期,类型,应打卡时间,打卡时间,结果\r\n')).toBe(true);
    const rows = text.slice(1).trimEnd().split('\r\n');
    expect(rows).toContain('2026-11-05,上班,2026-11-05 09:00,2026-11-05 09:45,迟到');
    expect(rows).toContain('2026-11-10,下班,2026-11-10 18:00,,缺卡');
    expect(rows).toContain('2026-11-18,上班,2026-11-18 09:00,,请假');
    expect(rows).toContain('2026-11-20,上班2,2026-11-20 13:30,2026-11-20 13:28,正常');
    expect(rows.some((r) => r.startsWith('2026-11-16'))).toBe(false);
    // 20 scheduled days of two check points (leave and today included), the split shift two more.
    expect(rows).toHaveLength(1 + 20 * 2 + 2);
    const en = historyCsv(novemberMonth(), 'en');
    expect(en).toContain('\uFEFFDate,Type,Planned,Punched,Result\r\n');
    expect(en).toContain('2026-11-20,Clock out 2,2026-11-20 18:00,2026-11-20 18:03,On time');
  });

  it('quotes what needs quoting', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });
});
