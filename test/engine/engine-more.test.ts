import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ROBOT_SECRET, DEMO_ROBOT_TOKEN, DEMO_USERS } from '../../main/dingtalk/simulator';
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
    fx.engine.updateSettings({ receipts: { enabled: true, robotToken: DEMO_ROBOT_TOKEN } });
    fx.engine.setRobotSecret(DEMO_ROBOT_SECRET);
    expect((await fx.engine.punch()).outcome).toBe('punched');
    expect(fx.sim.robotMessages).toHaveLength(1);
    expect(JSON.stringify(fx.sim.robotMessages[0]?.body)).toContain('08:55');
  });

  it('still punches when the receipt fails (wrong robot secret)', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:55:00` });
    fx.engine.updateSettings({ receipts: { enabled: true, robotToken: DEMO_ROBOT_TOKEN } });
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

  it('re-reads a stale status before nagging, and stays quiet when the punch was made on the phone', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00` });
    await fx.engine.open();
    // 张伟 clocks in on the DingTalk app at 08:50; Daka does not know.
    fx.sim.injectRecord({ userId: DEMO_USERS.fixed, userCheckTime: at(`${FRIDAY} 08:50:00`) });
    fx.sim.clock.set(at(`${FRIDAY} 08:56:00`));
    const { show } = await fx.engine.planReminder('timer');
    expect(show).toBeNull();
    expect(fx.engine.snapshot().today?.checkPoints[0]?.state).toBe('done');
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
