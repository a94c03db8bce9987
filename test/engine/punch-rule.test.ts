/**
 * What a click does, as DingTalk does it (issue #10 items 1, 2, 4, 5): an early
 * clock-out asks first, a later clock-out updates the first one and the day then
 * shows the latest, and a click before a window opens says when it opens.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const FRIDAY = '2026-11-27';
const userRecords = () => fx?.sim.records.filter((r) => r.userId === DEMO_USERS.fixed) ?? [];

describe('engine: the punch rule', () => {
  it('asks before an early clock-out and punches only once confirmed', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    await fx.engine.open();
    expect((await fx.engine.punch()).outcome).toBe('punched');
    fx.sim.clock.set(at(`${FRIDAY} 17:00:00`));
    await fx.engine.refresh();
    expect(await fx.engine.punch()).toMatchObject({
      outcome: 'needs-confirmation',
      type: 'OffDuty',
      ask: 'early',
      // Clocked in at 08:55 with flex: the planned clock-out moved to 17:55.
      planned: `${FRIDAY}T17:55:00+08:00`,
    });
    expect(userRecords()).toHaveLength(1);
    expect(await fx.engine.punch(true)).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
    expect(fx.engine.snapshot().today?.checkPoints[1]).toMatchObject({
      state: 'done',
      result: 'Early',
    });
  });

  it('an update clock-out (更新打卡) replaces the early one: the day shows the latest', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    await fx.engine.open();
    await fx.engine.punch();
    fx.sim.clock.set(at(`${FRIDAY} 17:00:00`));
    await fx.engine.refresh();
    await fx.engine.punch(true);
    fx.sim.clock.set(at(`${FRIDAY} 18:05:00`));
    await fx.engine.refresh();
    expect(fx.engine.snapshot().today?.checkPoints[1]).toMatchObject({ result: 'Early' });
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
    expect(fx.engine.snapshot().today?.checkPoints[1]).toMatchObject({
      state: 'done',
      punchedAt: `${FRIDAY}T18:05:00+08:00`,
      result: 'Normal',
    });
    // DingTalk's records say the same once read back.
    fx.sim.clock.set(at(`${FRIDAY} 18:10:00`));
    await fx.engine.refresh();
    expect(fx.engine.snapshot().today?.checkPoints[1]).toMatchObject({
      punchedAt: `${FRIDAY}T18:05:00+08:00`,
      result: 'Normal',
    });
  });

  it('before the first window opens a click says when it opens, never "all done or past"', async () => {
    fx = await startFixture({ start: `${FRIDAY} 04:30:00` });
    await fx.engine.open();
    const from = fx.engine.snapshot().today?.checkPoints[0]?.window?.from;
    expect(from).toBeTruthy();
    expect(await fx.engine.punch()).toMatchObject({
      outcome: 'unavailable',
      reason: { code: 'notOpenYet', detail: { time: from?.slice(11, 16) } },
    });
    expect(userRecords()).toHaveLength(0);
  });

  it('a click at 12:00 after clocking in is a repeat clock-in, asked, never a clock-out', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    await fx.engine.open();
    await fx.engine.punch();
    fx.sim.clock.set(at(`${FRIDAY} 12:00:00`));
    await fx.engine.refresh();
    // A click at 12:00 is still filed under the clock-in (a repeat: asked, changes nothing).
    expect(await fx.engine.punch()).toMatchObject({
      outcome: 'needs-confirmation',
      type: 'OnDuty',
    });
    expect(userRecords()).toHaveLength(1);
  });
});

describe('engine: a punch settled by reading DingTalk (issue #10 item 13)', () => {
  it('shows in the day at once, and the next click is not offered the same punch', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    // The answer is lost: the outbox asks DingTalk's records and finds the punch there.
    fx.sim.fault('/topapi/attendance/record/upload', { drop: 'after' }, { times: 1 });
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    const day = fx.engine.snapshot().today;
    expect(day?.checkPoints[0]).toMatchObject({
      state: 'done',
      punchedAt: `${FRIDAY}T08:58:00+08:00`,
    });
    expect(day?.next).toBe('OffDuty');
    expect(userRecords()).toHaveLength(1);
  });
});

describe('engine: the doctor claims only what it saw (issue #10 item 17)', () => {
  const uploadCheck = async () =>
    (await fx?.engine.doctor())?.checks.find(
      (c) => c.id === 'permission' && c.subject === 'Pro.AttendanceRecord.Write',
    );

  it('before any punch the upload permission is "confirmed at the first punch", not passed', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    expect(await uploadCheck()).toMatchObject({
      status: 'skipped',
      facts: { upload: 'firstPunch' },
    });
  });

  it('an upload refused for another reason (DingTalk busy) is no pass', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.fault('/topapi/attendance/record/upload', { errcode: 90018 }, { times: 5 });
    expect((await fx.engine.punch()).outcome).not.toBe('punched');
    const check = await uploadCheck();
    expect(check?.status).not.toBe('pass');
    expect(check?.facts).toMatchObject({ upload: 'firstPunch' });
  });

  it('an accepted upload passes', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    expect((await fx.engine.punch()).outcome).toBe('punched');
    expect(await uploadCheck()).toMatchObject({ status: 'pass' });
    expect((await uploadCheck())?.facts.upload).toBeUndefined();
  });
});
