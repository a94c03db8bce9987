/**
 * Offline, in the engine against the simulator over real HTTP (issue #10 items 15, 16):
 * before today has loaded the snapshot still offers the punch (main says which, by the
 * default hours) and a click is saved without the schedule; a queued punch marks its
 * check point "waiting to send" (queued) in the day the popup and the CLI show,
 * until DingTalk has it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const FRIDAY = '2026-11-27';
const MINUTE = 60_000;

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('offline before today has loaded (item 15)', () => {
  it('offers the punch, saves it without the schedule, and sends it with its time when online', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 08:55:00` }));
    f.net.setOffline(true);
    await expect(f.engine.open()).rejects.toMatchObject({ code: 'networkDown' });
    const before = f.engine.snapshot();
    expect(before.today).toBeNull();
    expect(before.punch).toEqual({ available: true, reason: null, withoutDay: 'OnDuty' });

    const outcome = await f.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'queued', type: 'OnDuty' });

    f.sim.clock.advance(3 * MINUTE);
    f.net.setOffline(false);
    await f.engine.flushOutbox();
    expect(f.sim.records.map((r) => r.userCheckTime)).toEqual([at(`${FRIDAY} 08:55:00`)]);
    expect(f.engine.snapshot().outbox).toEqual([]);
  });

  it('says a clock-out after the middle of the default hours', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 17:40:00` }));
    f.net.setOffline(true);
    await f.engine.open().catch(() => undefined);
    expect(f.engine.snapshot().punch.withoutDay).toBe('OffDuty');
  });

  it('offers nothing extra once today is known', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 08:55:00` }));
    await f.engine.open();
    expect(f.engine.snapshot().punch).toEqual({ available: true, reason: null });
  });
});

describe('a queued punch in the day (item 16)', () => {
  it('marks its check point waiting to send until DingTalk has it', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 08:55:00` }));
    await f.engine.open();
    f.net.setOffline(true);
    expect((await f.engine.punch()).outcome).toBe('queued');

    const [onDuty, offDuty] = f.engine.snapshot().today?.checkPoints ?? [];
    expect(onDuty).toMatchObject({
      type: 'OnDuty',
      state: 'pending',
      punchedAt: null,
      queued: { at: `${FRIDAY}T08:55:00+08:00`, state: 'waiting' },
    });
    expect(offDuty).not.toHaveProperty('queued');

    f.net.setOffline(false);
    await f.engine.flushOutbox();
    const [sent] = f.engine.snapshot().today?.checkPoints ?? [];
    expect(sent).toMatchObject({ state: 'done', punchedAt: `${FRIDAY}T08:55:00+08:00` });
    expect(sent).not.toHaveProperty('queued');
  });

  it('a repeat clock-in waiting to send changes nothing, so it is not shown as the punch', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 08:50:00` }));
    await f.engine.open();
    expect((await f.engine.punch()).outcome).toBe('punched');
    f.sim.clock.advance(20 * MINUTE);
    f.net.setOffline(true);
    expect((await f.engine.punch(true)).outcome).toBe('queued');
    const [onDuty] = f.engine.snapshot().today?.checkPoints ?? [];
    expect(onDuty).toMatchObject({ state: 'done', punchedAt: `${FRIDAY}T08:50:00+08:00` });
    expect(onDuty).not.toHaveProperty('queued');
  });
});
