import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_APP_KEY,
  DEMO_ROBOT_SECRET,
  DEMO_ROBOT_TOKEN,
  DEMO_USERS,
} from '../../main/dingtalk/simulator';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const FRIDAY = '2026-11-27';

describe('engine: receipts, identity, reminders', () => {
  it('posts a signed receipt to the employee’s robot after a punch', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    fx.engine.updateSettings({ receipts: { enabled: true } });
    fx.engine.setRobotToken(DEMO_ROBOT_TOKEN);
    fx.engine.setRobotSecret(DEMO_ROBOT_SECRET);
    expect((await fx.engine.punch()).outcome).toBe('punched');
    expect(fx.sim.robotMessages).toHaveLength(1);
    expect(JSON.stringify(fx.sim.robotMessages[0]?.body)).toContain('08:55');
  });

  it('still punches when the receipt fails (wrong robot secret)', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    fx.engine.updateSettings({ receipts: { enabled: true } });
    fx.engine.setRobotToken(DEMO_ROBOT_TOKEN);
    fx.engine.setRobotSecret('SECwrong');
    expect((await fx.engine.punch()).outcome).toBe('punched');
    expect(fx.sim.robotMessages).toHaveLength(0);
    expect(fx.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(1);
  });

  it('signs in through the browser: loopback redirect, user token, unionId, userid', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    fx.engine.signOut();
    expect(fx.engine.identity()).toBeNull();
    fx.sim.setLoginUser(DEMO_USERS.colleague);
    fx.sim.clearLog();
    const identity = await fx.engine.loginWithBrowser();
    expect(identity).toMatchObject({ userId: DEMO_USERS.colleague, name: '陈静', via: 'browser' });
    expect(fx.engine.identity()?.userId).toBe(DEMO_USERS.colleague);
    expect(fx.paths()).toEqual([
      '/oauth2/auth',
      '/v1.0/oauth2/userAccessToken',
      '/v1.0/contact/users/me',
      '/gettoken',
      '/topapi/user/getbyunionid',
    ]);
  });

  it('a cancelled or denied browser login changes nothing', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00`, openUrl: async () => undefined });
    const pending = fx.engine.loginWithBrowser();
    await new Promise((resolve) => setTimeout(resolve, 50));
    fx.engine.cancelLogin();
    await expect(pending).rejects.toMatchObject({ code: 'loginDenied' });
    expect(fx.engine.identity()?.userId).toBe(DEMO_USERS.fixed);
  });

  it('refuses mobile lookup and manual user ids unless the administrator allows them', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    fx.engine.importProvisioning(fx.provisioning({ policies: { manualUserIdAllowed: false } }));
    expect(() => fx?.engine.setUserId('someone')).toThrow(
      expect.objectContaining({ code: 'invalidInput' }),
    );
    await expect(fx.engine.lookupByMobile('13800000001')).rejects.toMatchObject({
      code: 'invalidInput',
    });
    fx.engine.importProvisioning(fx.provisioning({ policies: { mobileLookupAllowed: true } }));
    expect((await fx.engine.lookupByMobile('138 0000 0001')).userId).toBe(DEMO_USERS.fixed);
  });

  it('re-reads a stale status before nagging about an overdue punch, and stays quiet when it was made on the phone', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    await fx.engine.punch();
    // 张伟 clocks out on the DingTalk app at 18:02; Daka does not know.
    fx.sim.injectRecord({ userId: DEMO_USERS.fixed, userCheckTime: at(`${FRIDAY} 18:02:00`) });
    fx.sim.clock.set(at(`${FRIDAY} 18:15:00`));
    fx.sim.clearLog();
    const { show } = await fx.engine.planReminder('timer');
    expect(show).toBeNull();
    // One schedule read (its check_status says Checked), no records read (the morning's
    // token has expired by now, hence a free token fetch).
    expect(fx.paths()).toEqual(['/gettoken', '/topapi/attendance/schedule/listbyday']);
    expect(fx.engine.snapshot().today?.checkPoints[1]?.state).toBe('done');
  });

  it('does not spend a call before a reminder about a punch not due yet', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:55:00`));
    fx.sim.clearLog();
    const { show } = await fx.engine.planReminder('timer');
    expect(show).toMatchObject({ kind: 'beforeOnDuty' });
    expect(fx.paths()).toEqual([]);
  });

  it('reminds before on duty when nothing was punched', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:55:00`));
    const { show, nextWakeAt } = await fx.engine.planReminder('timer');
    expect(show).toMatchObject({ kind: 'beforeOnDuty', checkType: 'OnDuty' });
    expect(nextWakeAt === null || nextWakeAt > at(`${FRIDAY} 08:55:00`)).toBe(true);
    // Snooze silences it; "not today" silences the day.
    fx.engine.snooze();
    expect(fx.engine.snapshot().snoozedUntil).toBe(`${FRIDAY}T09:05:00+08:00`);
    fx.engine.notToday();
    fx.sim.clock.set(at(`${FRIDAY} 18:30:00`));
    expect((await fx.engine.planReminder('timer')).show).toBeNull();
  });
});

describe('engine: review findings', () => {
  it('finds a night shift that started while the app was off', async () => {
    // 赵强 works 22:00–06:00; Daka starts on Saturday 05:50 with nothing cached.
    fx = await startFixture({ start: '2026-11-28 05:50:00', userId: DEMO_USERS.night });
    const day = await fx.engine.open();
    expect(day?.date).toBe(FRIDAY);
    expect(day?.next).toBe('OffDuty');
    // 05:50 is before the planned 06:00: an early clock-out, asked first (DingTalk asks too).
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'needs-confirmation', ask: 'early' });
    expect(await fx.engine.punch(true)).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
  });

  it('keeps reminder memory on the night shift’s work date after midnight', async () => {
    fx = await startFixture({ start: `${FRIDAY} 21:55:00`, userId: DEMO_USERS.night });
    await fx.engine.open();
    await fx.engine.punch();
    fx.sim.clock.set(at('2026-11-28 06:20:00'));
    await fx.engine.planReminder('timer');
    fx.engine.notToday();
    fx.sim.clock.set(at('2026-11-28 06:55:00'));
    expect((await fx.engine.planReminder('unlock')).show).toBeNull();
    expect(fx.engine.snapshot().notToday).toBe(true);
  });

  it('sends whole seconds, so a lost reply is matched and never resent', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.clock.set(at(`${FRIDAY} 08:58:00`) + 437);
    fx.sim.fault('/topapi/attendance/record/upload', { drop: 'after' }, { times: 1 });
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'punched', at: `${FRIDAY}T08:58:00+08:00` });
    fx.sim.clock.set(at(`${FRIDAY} 09:10:00`));
    await fx.engine.flushOutbox();
    expect(fx.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(1);
  });

  it('hands an unsettleable punch to the employee instead of asking DingTalk forever', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    fx.sim.revoke(DEMO_APP_KEY, 'qyapi_get_attendance_data');
    fx.sim.fault('/topapi/attendance/record/upload', { drop: 'before' }, { times: 1 });
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'held', reason: { code: 'missingPermission' } });
    fx.sim.clearLog();
    await fx.engine.flushOutbox();
    expect(fx.paths()).toEqual([]);
    // Send anyway is refused while DingTalk cannot say whether it has the punch: no guess.
    const [held] = fx.engine.snapshot().outbox;
    expect(await fx.engine.sendHeld(held?.id ?? '')).toMatchObject({ outcome: 'held' });
    expect(fx.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(0);
    // Once the administrator restores the read permission, DingTalk shows it has nothing:
    // after the grace period the punch goes out, once, with its original time.
    fx.sim.grant(DEMO_APP_KEY, 'qyapi_get_attendance_data');
    fx.sim.clock.set(at(`${FRIDAY} 08:55:00`));
    expect(await fx.engine.sendHeld(held?.id ?? '')).toMatchObject({
      outcome: 'punched',
      at: `${FRIDAY}T08:50:00+08:00`,
    });
    expect(fx.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(1);
  });

  it('Send anyway never doubles a punch DingTalk already has (the lost reply case)', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    await fx.engine.open();
    // The upload is recorded but its reply lost, and the check cannot read the records.
    fx.sim.revoke(DEMO_APP_KEY, 'qyapi_get_attendance_data');
    fx.sim.fault('/topapi/attendance/record/upload', { drop: 'after' }, { times: 1 });
    expect((await fx.engine.punch()).outcome).toBe('held');
    const [held] = fx.engine.snapshot().outbox;
    fx.sim.clock.set(at(`${FRIDAY} 09:00:00`));
    fx.sim.fault('/attendance/listRecord', { status: 502 });
    expect((await fx.engine.sendHeld(held?.id ?? '')).outcome).not.toBe('punched');
    fx.sim.clearFaults();
    fx.sim.grant(DEMO_APP_KEY, 'qyapi_get_attendance_data');
    expect(await fx.engine.sendHeld(held?.id ?? '')).toMatchObject({ outcome: 'punched' });
    expect(fx.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(1);
  });

  it('tries punching again once the administrator may have granted the permission', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    fx.sim.revoke(DEMO_APP_KEY, 'Pro.AttendanceRecord.Write');
    expect((await fx.engine.punch()).outcome).toBe('unavailable');
    expect(fx.engine.snapshot().punch.available).toBe(false);
    fx.sim.grant(DEMO_APP_KEY, 'Pro.AttendanceRecord.Write');
    fx.sim.clock.set(at(`${FRIDAY} 09:55:00`));
    expect(fx.engine.snapshot().punch.available).toBe(true);
    expect((await fx.engine.punch()).outcome).toBe('punched');
  });
});

describe('engine: the fallback calendar is a guess', () => {
  it('lets an employee without a DingTalk schedule punch on a day the calendar calls rest', async () => {
    // 刘洋 has no schedule; Saturday is a rest day by the fallback calendar.
    fx = await startFixture({ start: '2026-11-28 09:05:00', userId: DEMO_USERS.free });
    const day = await fx.engine.open();
    expect(day).toMatchObject({ restDay: true, source: { kind: 'fallback' } });
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
  });
});

describe('engine: a click is filed where DingTalk files it', () => {
  it('a second click after clocking in is another clock-in to confirm, never an early clock-out', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:58:00` });
    await fx.engine.open();
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
    fx.sim.clock.set(at(`${FRIDAY} 08:59:00`));
    expect(await fx.engine.punch()).toMatchObject({
      outcome: 'needs-confirmation',
      type: 'OnDuty',
      previousAt: `${FRIDAY}T08:58:00+08:00`,
    });
    // Still before the clock-out window (it opens halfway through the shift): no clock-out.
    fx.sim.clock.set(at(`${FRIDAY} 11:00:00`));
    expect(await fx.engine.punch()).toMatchObject({
      outcome: 'needs-confirmation',
      type: 'OnDuty',
    });
    expect(fx.engine.snapshot().today?.checkPoints[1]?.state).toBe('pending');
  });

  it('yesterday’s clock-in does not ask for confirmation this morning', async () => {
    fx = await startFixture({ start: '2026-11-26 08:58:00' });
    await fx.engine.open();
    expect((await fx.engine.punch()).outcome).toBe('punched');
    fx.sim.clock.set(at(`${FRIDAY} 08:57:00`));
    await fx.engine.open();
    expect(await fx.engine.punch()).toMatchObject({ outcome: 'punched', type: 'OnDuty' });
  });
});

describe('engine: honest punch times', () => {
  it('corrects the click time by DingTalk’s clock, also right after a restart, but not with an old measurement', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:50:00` });
    // DingTalk's clock runs 30 s ahead of this machine's.
    fx.sim.setDateSkew(30_000);
    await fx.engine.open();
    // The Date header has one-second resolution: the correction is 30 s give or take one.
    const near = (iso: string, expected: string) =>
      Math.abs(Date.parse(iso) - Date.parse(expected)) <= 1000;
    // A restart 30 minutes later: the first call is the upload itself, the skew is remembered.
    const again = await startFixture({ start: `${FRIDAY} 09:20:00`, stores: fx.stores });
    again.sim.setDateSkew(30_000);
    try {
      const outcome = await again.engine.punch();
      expect(outcome.outcome).toBe('punched');
      expect(near(outcome.at, `${FRIDAY}T09:20:30+08:00`)).toBe(true);
    } finally {
      await again.close();
    }
    // Hours later (the clock may have been fixed meanwhile) the old measurement is not used.
    const later = await startFixture({ start: `${FRIDAY} 18:05:00`, stores: fx.stores });
    try {
      const outcome = await later.engine.punch();
      expect(outcome).toMatchObject({ outcome: 'punched', at: `${FRIDAY}T18:05:00+08:00` });
    } finally {
      await later.close();
    }
  });
});
