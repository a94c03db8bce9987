/**
 * Issue #10 item 8: overtime is not leave. An approval with approve_biz_type 1
 * (加班) leaves both punches due; 2 (出差) and 3 (请假) cover the check points.
 * Against the simulator over real HTTP, through the engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

/** Friday 2026-11-27 in the demo org: 张伟 works 09:00–18:00. */
const FRIDAY = '2026-11-27';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const states = (day: Awaited<ReturnType<Fixture['engine']['status']>>) =>
  day.checkPoints.map((c) => [c.type, c.state]);

describe('approvals in listbyday', () => {
  it('overtime (加班, biz type 1) covering the whole day leaves both punches due', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.addLeave({
      userid: fx.userId,
      from: `${FRIDAY} 08:00:00`,
      to: `${FRIDAY} 23:00:00`,
      bizType: 1,
    });
    const morning = await fx.engine.status();
    expect(states(morning)).toEqual([
      ['OnDuty', 'pending'],
      ['OffDuty', 'pending'],
    ]);
    expect(morning.onLeave).toBe(false);
    expect(morning.next).toBe('OnDuty');
    expect(fx.engine.snapshot().trayState).toBe('notPunched');

    // Staying late without punching: 缺卡 on both, as DingTalk will say.
    fx.sim.clock.set(at(`${FRIDAY} 23:30:00`));
    const night = await fx.engine.status(FRIDAY);
    expect(states(night)).toEqual([
      ['OnDuty', 'missed'],
      ['OffDuty', 'missed'],
    ]);
    expect(night.onLeave).toBe(false);
  });

  it('overtime: a punch is still taken and counted', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.addLeave({
      userid: fx.userId,
      from: `${FRIDAY} 17:00:00`,
      to: `${FRIDAY} 22:00:00`,
      bizType: 1,
    });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 20:30:00`));
    const day = await fx.engine.status(FRIDAY);
    const off = day.checkPoints.find((c) => c.type === 'OffDuty');
    expect(off?.state).toBe('pending');
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
  });

  it.each([
    [2, '出差'],
    [3, '请假'],
  ] as const)('biz type %i (%s) covers both check points: on leave', async (bizType, _tag) => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.addLeave({
      userid: fx.userId,
      from: `${FRIDAY} 08:00:00`,
      to: `${FRIDAY} 23:00:00`,
      bizType,
    });
    const day = await fx.engine.status();
    expect(states(day)).toEqual([
      ['OnDuty', 'done'],
      ['OffDuty', 'done'],
    ]);
    expect(day.onLeave).toBe(true);
    expect(day.next).toBeNull();
  });
});
