/**
 * The history of a month in direct mode against the simulator over HTTP: what a
 * cold month costs in counted calls (4 attendance/list reads for 26 dates), that
 * a warm month costs none, that only days DingTalk may still change are read
 * again, and what the month shows (调休 Saturday, holiday, leave, results, totals).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';
import {
  EARLY_DAY,
  HOLIDAY,
  LATE_DAY,
  LEAVE_DAY,
  MISSED_DAY,
  MONTH,
  WORKED_SATURDAY,
  writeNovember,
} from './scenario';

const LIST = '/attendance/list';
let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** The work dates of each attendance/list read since the last clearLog. */
const listReads = () =>
  (fx?.sim.requests ?? [])
    .filter((r) => r.path === LIST)
    .map((r) => {
      const body = r.body as { workDateFrom: string; workDateTo: string };
      return [body.workDateFrom.slice(0, 10), body.workDateTo.slice(0, 10)];
    });

const counted = () => fx?.engine.meter.figures().counted ?? 0;

async function november(start = '2026-11-27 12:00:00'): Promise<Fixture> {
  fx = await startFixture({ start });
  writeNovember(fx.sim, start.slice(0, 10));
  await fx.engine.open();
  fx.sim.clearLog();
  return fx;
}

describe('history in direct mode', () => {
  it('reads a cold month with 4 counted calls and a warm one with none', async () => {
    const f = await november();
    const before = counted();
    const month = await f.engine.history(MONTH);
    expect(f.paths()).toEqual([LIST, LIST, LIST, LIST]);
    expect(counted() - before).toBe(4);
    expect(month.days.map((d) => d.date)).toHaveLength(27);

    f.sim.clearLog();
    await f.engine.history(MONTH);
    expect(f.paths()).toEqual([]);
    expect(counted() - before).toBe(4);
  });

  it('shows the 调休 Saturday worked, the holiday and Sundays as rest, the leave day as leave', async () => {
    const f = await november();
    const { days, totals } = await f.engine.history(MONTH);
    const day = (date: string) => days.find((d) => d.date === date);
    expect(day(WORKED_SATURDAY)).toMatchObject({ restDay: false, mark: 'normal' });
    expect(day(WORKED_SATURDAY)?.checkPoints.map((c) => c.punchedAt?.slice(11, 16))).toEqual([
      '08:55',
      '18:05',
    ]);
    expect(day(HOLIDAY)).toMatchObject({ restDay: true, mark: 'rest', checkPoints: [] });
    expect(day('2026-11-15')?.mark).toBe('rest');
    expect(day(LEAVE_DAY)).toMatchObject({ onLeave: true, mark: 'leave', workedMinutes: 0 });
    expect(day(LATE_DAY)?.mark).toBe('late');
    expect(day(MISSED_DAY)).toMatchObject({ mark: 'missed', makeUp: true });
    expect(day(MISSED_DAY)?.checkPoints[1]).toMatchObject({ state: 'missed', result: 'NotSigned' });
    expect(day(EARLY_DAY)).toMatchObject({ mark: 'early', makeUp: true });
    expect(day('2026-11-02')).toMatchObject({ mark: 'normal', workedMinutes: 9 * 60 + 10 });
    // Today is the Today view's day: clocked in, the clock-out still open.
    expect(day('2026-11-27')).toMatchObject({ today: true, mark: 'pending' });
    expect(day('2026-11-27')?.checkPoints[1]?.state).toBe('pending');
    expect(totals).toMatchObject({
      late: 1,
      early: 1,
      missed: 1,
      absent: 0,
      daysWorked: 19,
      restDays: 7,
      leaveDays: 1,
    });
  });

  it('reads again only the days DingTalk may still change, never the evaluated ones', async () => {
    const f = await november();
    await f.engine.history(MONTH);
    // Ten minutes on: yesterday (the 26th) is not final yet and is read again, alone.
    f.sim.clock.advance(11 * 60_000);
    f.sim.clearLog();
    await f.engine.history(MONTH);
    expect(listReads()).toEqual([['2026-11-26', '2026-11-26']]);
    // The next morning: the 26th and the 27th (no longer today) once more, in one read.
    f.sim.clock.set(at('2026-11-28 09:00:00'));
    f.sim.clearLog();
    const month = await f.engine.history(MONTH);
    expect(listReads()).toEqual([['2026-11-26', '2026-11-27']]);
    expect(month.days.find((d) => d.date === '2026-11-27')).toMatchObject({
      today: false,
      mark: 'missed',
    });
  });

  it('refuses a month that is not one, in the future or too old, without a call', async () => {
    const f = await november();
    for (const bad of ['2026-13', '2026-12', '2026-01', 'nope']) {
      await expect(f.engine.history(bad)).rejects.toMatchObject({
        code: 'invalidInput',
        detail: { field: 'month' },
      });
    }
    expect(f.paths()).toEqual([]);
  });

  it('reads nothing in budget mode', async () => {
    const f = await november();
    f.engine.updateSettings({ quota: { monthlyCap: 1 } });
    await expect(f.engine.history(MONTH)).rejects.toMatchObject({ code: 'budgetExceeded' });
    expect(f.paths()).toEqual([]);
  });
});
