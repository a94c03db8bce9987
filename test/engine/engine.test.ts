import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY } from '../../main/dingtalk/simulator';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const UPLOAD = '/topapi/attendance/record/upload';
const LISTBYDAY = '/topapi/attendance/schedule/listbyday';
const LISTRECORD = '/attendance/listRecord';

let fx: Fixture | undefined;

/** The simulator's records of the fixture's employee. */
function userRecords() {
  const f = fx;
  if (!f) throw new Error('no fixture');
  return f.sim.records.filter((r) => r.userId === f.userId);
}
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Friday 2026-11-27 in the demo org: 张伟 works 09:00–18:00. */
const FRIDAY = '2026-11-27';

describe('engine against the simulator', () => {
  it('loads today with one schedule read and serves the popup from the cache', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.clearLog();
    const day = await fx.engine.open();
    expect(day?.next).toBe('OnDuty');
    expect(day?.checkPoints.map((c) => [c.type, c.planned.slice(11, 16), c.state])).toEqual([
      ['OnDuty', '09:00', 'pending'],
      ['OffDuty', '18:00', 'pending'],
    ]);
    expect(fx.paths()).toEqual(['/gettoken', LISTBYDAY]);
    fx.sim.clearLog();
    for (let i = 0; i < 6; i++) await fx.engine.open();
    expect(fx.paths()).toEqual([]);
    expect(fx.engine.snapshot().trayState).toBe('notPunched');
  });

  it('punches with one upload and shows it at once, then verifies with the next read', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    fx.sim.clearLog();
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({
      outcome: 'punched',
      type: 'OnDuty',
      at: `${FRIDAY}T08:58:00+08:00`,
    });
    expect(fx.paths()).toEqual([UPLOAD]);
    const records = userRecords();
    expect(records).toHaveLength(1);
    expect(records[0]?.userCheckTime).toBe(at(`${FRIDAY} 08:58:00`));
    expect(records[0]?.deviceName).toBe('Daka · test-host');

    const snap = fx.engine.snapshot();
    expect(snap.today?.checkPoints[0]).toMatchObject({
      state: 'done',
      result: 'Normal',
      provisional: true,
    });
    expect(snap.today?.next).toBe('OffDuty');
    expect(snap.trayState).toBe('onDuty');

    // The next read (here an explicit refresh) verifies the upload: DingTalk's result replaces ours.
    fx.sim.clock.set(at(`${FRIDAY} 10:00:00`));
    const day = await fx.engine.refresh();
    expect(day?.checkPoints[0]).toMatchObject({ state: 'done', result: 'Normal' });
    expect(day?.checkPoints[0]?.provisional).toBeUndefined();
    expect(day?.checkPoints[0]?.punch?.fromThisDevice).toBe(true);
  });

  it('asks for confirmation before a second punch of the same kind within 10 minutes', async () => {
    fx = await startFixture({ start: `${FRIDAY} 17:59:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 18:01:00`));
    expect((await fx.engine.punch()).outcome).toBe('punched');
    fx.sim.clock.set(at(`${FRIDAY} 18:05:00`));
    const second = await fx.engine.punch();
    expect(second).toMatchObject({
      outcome: 'needs-confirmation',
      type: 'OffDuty',
      previousAt: `${FRIDAY}T18:01:00+08:00`,
    });
    expect((await fx.engine.punch(true)).outcome).toBe('punched');
    expect(userRecords()).toHaveLength(2);
  });

  it('queues a punch while offline and sends it when the network returns', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.net.setOffline(true);
    fx.sim.clock.set(at(`${FRIDAY} 08:57:00`));
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({
      outcome: 'queued',
      type: 'OnDuty',
      reason: { code: 'networkDown' },
    });
    const snap = fx.engine.snapshot();
    expect(snap.online).toBe(false);
    expect(snap.trayState).toBe('offline');
    expect(snap.outbox).toHaveLength(1);
    expect(userRecords()).toHaveLength(0);

    fx.net.setOffline(false);
    fx.sim.clock.set(at(`${FRIDAY} 09:05:00`));
    fx.engine.setOnline(true);
    await fx.engine.flushOutbox();
    const records = userRecords();
    expect(records).toHaveLength(1);
    // The click time, not the time it finally went out.
    expect(records[0]?.userCheckTime).toBe(at(`${FRIDAY} 08:57:00`));
    expect(fx.engine.snapshot().outbox).toHaveLength(0);
  });

  it('holds a punch that waited longer than the max offline age, then sends it with its original time', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00`, policies: { maxOfflineMinutes: 15 } });
    await fx.engine.open();
    fx.net.setOffline(true);
    fx.sim.clock.set(at(`${FRIDAY} 08:55:00`));
    await fx.engine.punch();
    fx.net.setOffline(false);
    fx.sim.clock.set(at(`${FRIDAY} 09:30:00`));
    await fx.engine.flushOutbox();
    const [held] = fx.engine.snapshot().outbox;
    expect(held).toMatchObject({ state: 'held', at: `${FRIDAY}T08:55:00+08:00` });
    expect(userRecords()).toHaveLength(0);

    const sent = await fx.engine.sendHeld(held?.id ?? '');
    expect(sent).toMatchObject({ outcome: 'punched', at: `${FRIDAY}T08:55:00+08:00` });
    expect(userRecords()[0]?.userCheckTime).toBe(at(`${FRIDAY} 08:55:00`));
  });

  it('a held punch can be discarded and is never sent', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.net.setOffline(true);
    await fx.engine.punch();
    fx.net.setOffline(false);
    fx.sim.clock.set(at(`${FRIDAY} 10:00:00`));
    await fx.engine.flushOutbox();
    const [held] = fx.engine.snapshot().outbox;
    fx.engine.discardHeld(held?.id ?? '');
    await fx.engine.flushOutbox();
    expect(fx.engine.snapshot().outbox).toHaveLength(0);
    expect(userRecords()).toHaveLength(0);
  });

  it('settles an upload whose reply never came by reading the records, without a second upload', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.fault(UPLOAD, { replyAfterMs: 3000 }, { times: 1 });
    fx.sim.clock.set(at(`${FRIDAY} 08:59:00`));
    fx.sim.clearLog();
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    expect(fx.paths().filter((p) => p === UPLOAD)).toHaveLength(1);
    expect(fx.paths()).toContain(LISTRECORD);
    expect(userRecords()).toHaveLength(1);
  });

  it('resends an ambiguous upload that never reached DingTalk, exactly once', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.fault(UPLOAD, { drop: 'before' }, { times: 1 });
    fx.sim.clock.set(at(`${FRIDAY} 08:59:00`));
    const first = await fx.engine.punch();
    expect(first.outcome).toBe('queued');
    expect(fx.engine.snapshot().outbox[0]?.state).toBe('unknown');
    expect(userRecords()).toHaveLength(0);
    // Within the grace period "no record yet" proves nothing: no resend.
    fx.sim.clearLog();
    await fx.engine.flushOutbox();
    expect(fx.paths()).not.toContain(UPLOAD);
    fx.sim.clock.set(at(`${FRIDAY} 09:02:00`));
    await fx.engine.flushOutbox();
    await fx.engine.flushOutbox();
    expect(userRecords()).toHaveLength(1);
    expect(userRecords()[0]?.userCheckTime).toBe(at(`${FRIDAY} 08:59:00`));
  });

  it('switches to reminder-only mode when the app lacks the upload permission', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.revoke(DEMO_APP_KEY, 'Pro.AttendanceRecord.Write');
    await fx.engine.open();
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({
      outcome: 'unavailable',
      reason: { code: 'missingPermission', detail: { permission: 'Pro.AttendanceRecord.Write' } },
    });
    expect(fx.engine.snapshot().outbox).toHaveLength(0);
    expect(fx.engine.snapshot().punch.available).toBe(false);
    fx.sim.clearLog();
    expect((await fx.engine.punch()).outcome).toBe('unavailable');
    expect(fx.paths()).toEqual([]);
    // Everything else still works.
    expect(fx.engine.snapshot().today?.next).toBe('OnDuty');
  });

  it('does not double a punch DingTalk records after the client gave up', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    // DingTalk holds the upload longer than the client waits, then records it.
    fx.sim.fault(UPLOAD, { latencyMs: 2500 }, { times: 1 });
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`));
    const outcome = await fx.engine.punch();
    expect(outcome.outcome).toBe('queued');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await fx.engine.flushOutbox();
    fx.sim.clock.set(at(`${FRIDAY} 09:01:00`));
    await fx.engine.flushOutbox();
    expect(userRecords()).toHaveLength(1);
    expect(fx.engine.snapshot().outbox).toHaveLength(0);
  });

  it('respects the administrator turning desktop punching off', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00`, policies: { punchingEnabled: false } });
    fx.sim.clearLog();
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'unavailable', reason: { code: 'punchingDisabled' } });
    expect(fx.paths()).not.toContain(UPLOAD);
  });

  it('says a rest day is a rest day and offers nothing to punch', async () => {
    fx = await startFixture({ start: '2026-11-28 09:30:00' });
    const day = await fx.engine.open();
    expect(day).toMatchObject({ restDay: true, next: null, nextWorkday: '2026-11-30' });
    expect(fx.engine.snapshot().trayState).toBe('rest');
    expect((await fx.engine.punch()).outcome).toBe('unavailable');
  });

  it('treats approved leave as satisfied check points', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00` });
    fx.sim.addLeave({ userid: fx.userId, from: `${FRIDAY} 09:00:00`, to: `${FRIDAY} 18:00:00` });
    const day = await fx.engine.open();
    expect(day?.onLeave).toBe(true);
    expect(day?.next).toBeNull();
  });

  it('follows a night shift across midnight', async () => {
    fx = await startFixture({ start: `${FRIDAY} 21:50:00`, userId: 'zhaoqiang' });
    const day = await fx.engine.open();
    const off = day?.checkPoints.find((c) => c.type === 'OffDuty');
    expect(off?.planned).toBe('2026-11-28T06:00:00+08:00');
    expect((await fx.engine.punch()).outcome).toBe('punched');
    fx.sim.clock.set(at('2026-11-28 06:03:00'));
    const out = await fx.engine.punch();
    expect(out).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
  });

  it('falls back to the weekly pattern for an employee without a schedule', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:30:00`, userId: 'liuyang' });
    const day = await fx.engine.open();
    expect(day?.source).toEqual({ kind: 'fallback', reason: 'noSchedule' });
    expect(day?.next).toBe('OnDuty');
  });

  it('shows invalid records without counting them', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.injectRecord({
      userId: fx.userId,
      userCheckTime: at(`${FRIDAY} 08:40:00`),
      invalidRecordType: 'Security',
      invalidRecordMsg: '需要二次确认',
    } as never);
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 10:00:00`));
    // Nothing is checked yet, so opening reads no records; an explicit refresh shows everything.
    const day = await fx.engine.refresh();
    expect(day?.punches.some((p) => !p.valid && p.invalidReason === '需要二次确认')).toBe(true);
    expect(day?.checkPoints[0]?.state).not.toBe('done');
  });

  it('maps credential, IP and permission failures to translated-ready codes', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.1']);
    fx.sim.setClientIp('203.0.113.7');
    await expect(fx.engine.open()).rejects.toMatchObject({
      code: 'ipNotWhitelisted',
      detail: { ip: '203.0.113.7' },
    });
    expect(fx.engine.snapshot().lastError?.code).toBe('ipNotWhitelisted');
    expect(fx.engine.snapshot().trayState).toBe('problem');
  });

  it('refuses an explicit refresh within a minute and in budget mode', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    await expect(fx.engine.refresh()).rejects.toMatchObject({ code: 'refreshTooSoon' });
    fx.sim.clock.set(at(`${FRIDAY} 08:52:00`));
    fx.engine.updateSettings({ quota: { monthlyCap: 1 } });
    await expect(fx.engine.refresh()).rejects.toMatchObject({ code: 'budgetExceeded' });
    // A punch is never skipped for the budget.
    expect((await fx.engine.punch()).outcome).toBe('punched');
  });
});
