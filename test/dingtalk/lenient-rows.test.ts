/**
 * Issue #10 item 10: lenient listbyday rows. A rest row may come without
 * check_type, times or status; fields Daka does not need may be missing or of
 * another type; a row that cannot be used is skipped and the day is marked
 * partly known instead of failing the whole status. Through the engine, against
 * the simulator's quirks (setListByDayQuirks).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readScheduleRows } from '../../main/dingtalk/wire';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const FRIDAY = '2026-11-27';
const SATURDAY = '2026-11-28';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('listbyday rows DingTalk may send', () => {
  it('a bare rest row (no check_type, times, status or id) is a rest day', async () => {
    fx = await startFixture({ start: `${SATURDAY} 10:00:00` });
    fx.sim.setListByDayQuirks({ bareRestRows: true });
    const day = await fx.engine.status();
    expect(day.restDay).toBe(true);
    expect(day.source).toEqual({ kind: 'dingtalk' });
    expect(day.checkPoints).toEqual([]);
    expect(day.partial).toBeUndefined();
    expect(fx.engine.snapshot().trayState).not.toBe('error');
  });

  it('numbers as strings and an object for features: the day as usual', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.setListByDayQuirks({ oddFields: true });
    const day = await fx.engine.status();
    expect(day.checkPoints.map((c) => [c.type, c.planned.slice(11, 16), c.state])).toEqual([
      ['OnDuty', '09:00', 'pending'],
      ['OffDuty', '18:00', 'pending'],
    ]);
    expect(day.partial).toBeUndefined();
  });

  it('a row that cannot be used is skipped: the rest of the day, marked partly known', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.setListByDayQuirks({ unreadableRow: true });
    const day = await fx.engine.status();
    expect(day.partial).toBe(true);
    expect(day.source).toEqual({ kind: 'dingtalk' });
    expect(day.checkPoints.map((c) => c.type)).toEqual(['OnDuty', 'OffDuty']);
    expect(day.next).toBe('OnDuty');
    // Punching still works on a partly known day.
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
  });
});

describe('readScheduleRows (pure)', () => {
  it('keeps rest rows and usable working rows, skips the rest and marks the others partial', () => {
    const rows = readScheduleRows([
      { is_rest: 'Y' },
      { check_type: 'OnDuty', check_date_time: '2026-11-27 09:00:00', check_status: 'Init' },
      { check_type: 'OffDuty', check_status: 'Init' },
      'garbage',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.partial === true)).toBe(true);
    const clean = readScheduleRows([{ check_type: 'OnDuty', check_date_time: 1_764_205_200_000 }]);
    expect(clean[0]?.partial).toBeUndefined();
  });
});
