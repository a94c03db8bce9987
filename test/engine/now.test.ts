/**
 * Issue #11, "Now", through the engine against the simulator: the snapshot's
 * working-time anchors and next reminder, a snooze that goes once the punch is
 * done, and "not today" undone (also through the handler table, as the popup
 * and the tray call it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requests } from '../../shared/contract';
import { createHandlers } from '../../main/handlers';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const FRIDAY = '2026-11-27';
const zoned = (hhmm: string) => `${FRIDAY}T${hhmm}:00+08:00`;
const offDuty = (f: Fixture) =>
  f.engine.snapshot().today?.checkPoints.find((c) => c.type === 'OffDuty')?.planned;

describe('the snapshot’s "now"', () => {
  it('before work: no working time; the clock-in reminder is next', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:30:00` });
    await fx.engine.open();
    const s = fx.engine.snapshot();
    expect(s.work).toBeNull();
    expect(s.nextReminder).toEqual({ at: zoned('08:55'), checkType: 'OnDuty' });
  });

  it('clocked in: since the punch, towards the planned clock-out; its reminder is next', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:52:00` });
    await fx.engine.open();
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    const s = fx.engine.snapshot();
    expect(s.work).toEqual({ closedMinutes: 0, since: zoned('08:52'), leaveAt: offDuty(fx) });
    const leave = Date.parse(offDuty(fx) ?? '');
    // The forgot-to-clock-out reminder, 10 minutes after the plan (the default).
    expect(s.nextReminder?.checkType).toBe('OffDuty');
    expect(Date.parse(s.nextReminder?.at ?? '')).toBe(leave + 10 * 60_000);
  });

  it('a snooze goes from the snapshot once the punch is done', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:55:00`));
    expect((await fx.engine.planReminder('timer')).show).toMatchObject({ kind: 'beforeOnDuty' });
    fx.engine.snooze();
    expect(fx.engine.snapshot().snoozedUntil).toBe(zoned('09:05'));
    expect(fx.engine.snapshot().nextReminder).toEqual({ at: zoned('09:05'), checkType: 'OnDuty' });
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    const s = fx.engine.snapshot();
    expect(s.snoozedUntil).toBeNull();
    expect(s.nextReminder?.checkType).toBe('OffDuty');
  });

  it('"not today" can be undone: reminders come back for the rest of the day', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    await fx.engine.punch();
    const handlers = createHandlers(fx.engine, {
      pickProvisioningFile: () => Promise.resolve(null),
      setStartAtLogin: () => Promise.resolve(),
      openLogFolder: () => Promise.resolve(),
      hidePopup: () => undefined,
      quit: () => undefined,
    });
    // What the popup sends: {} from before (on by default), {on:false} to undo.
    const on = await handlers.notToday(requests.notToday.parse({}));
    expect(on).toMatchObject({ notToday: true, nextReminder: null });
    fx.sim.clock.set(Date.parse(offDuty(fx) ?? '') + 10 * 60_000);
    expect((await fx.engine.planReminder('timer')).show).toBeNull();

    const off = await handlers.notToday(requests.notToday.parse({ on: false }));
    expect(off.notToday).toBe(false);
    expect(off.nextReminder?.checkType).toBe('OffDuty');
    // The forgot-to-clock-out reminder that "not today" silenced shows now.
    expect((await fx.engine.planReminder('timer')).show).toMatchObject({
      kind: 'forgotOffDuty',
      checkType: 'OffDuty',
    });
  });
});
