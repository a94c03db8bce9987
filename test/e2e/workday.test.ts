/**
 * A first day with Daka in a real Chromium: set up from the administrator's
 * provisioning file, sign in with DingTalk in the "browser", pass the
 * connection test, clock in late and clock out, in zh-CN (light) and en (dark).
 */
import { expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { at } from '../helpers/engine-fixture';
import { LOOKS, screenshot } from './browser';
import { backgroundOf, BACKGROUND, describeE2E, officeWithoutFlex, text } from './suite';

describeE2E('a first workday in the popup', (e2e) => {
  for (const look of LOOKS) {
    it(`sets up, clocks in late and clocks out (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({ start: '2026-11-27 09:12:00', org: officeWithoutFlex() });
      const { page } = await e2e.popup(h, look);
      const t = (key: Parameters<typeof text>[1], vars?: Parameters<typeof text>[2]) =>
        text(look, key, vars);

      // 1. Connect: the picker returns the administrator's file.
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe(t('onboarding.connectTitle'));
      expect(await backgroundOf(page)).toBe(BACKGROUND[look.theme]);
      await screenshot(page, 'onboarding-connect', look);
      // Step 1 starts with a choice: the administrator's file is the direct connection.
      await page.getByRole('button', { name: t('onboarding.directOption') }).click();
      await page.getByRole('button', { name: t('onboarding.pickFile') }).click();

      // 2. Identity: DingTalk's authorize page approves and redirects to the loopback.
      await page.getByRole('heading', { name: t('onboarding.identityTitle') }).waitFor();
      await page.getByRole('button', { name: t('onboarding.loginWithBrowser') }).click();

      // 3. The connection test runs by itself; everything passes.
      await page.getByText(t('onboarding.signedInAs', { name: '张伟' })).waitFor();
      const finish = page.getByRole('button', { name: t('onboarding.finish'), exact: true });
      await expect.poll(() => finish.isEnabled()).toBe(true);
      const checks = page.getByRole('list', { name: t('onboarding.checkTitle') }).locator('.check');
      expect(await checks.count()).toBeGreaterThan(3);
      expect(await checks.locator('.check-status').allTextContents()).not.toContain(
        t('doctor.status.fail'),
      );
      await screenshot(page, 'onboarding-check', look, 'zh-CN');
      expect(h.browserVisits[0]?.startsWith(h.sim.urls.loginBase)).toBe(true);
      expect(h.browserVisits.at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
      expect(h.engine.identity()).toMatchObject({ userId: DEMO_USERS.fixed, via: 'browser' });
      await finish.click();

      // 4. Today: clock in at 09:12, twelve minutes late: the button says so (迟到打卡).
      const punch = page.getByRole('button', { name: t('today.offer.late'), exact: true });
      await punch.waitFor();
      await expect(page.locator('.primary-sub').textContent()).resolves.toMatch(
        new RegExp(`^${t('today.by.late', { time: '09:00', minutes: 12 })}${t('timeResult.Late')}`),
      );
      await punch.click();
      await page.getByText(t('today.punched.OnDuty')).waitFor();
      const rows = page.getByRole('list', { name: t('today.timeline') }).locator('.tl-row');
      await expect
        .poll(() => rows.nth(0).locator('.tl-result').textContent())
        .toContain(t('timeResult.Late'));
      await expect(rows.nth(0).locator('.tl-actual').textContent()).resolves.toContain('09:12');
      await expect(page.locator('.primary').textContent()).resolves.toContain(
        t('today.next', { type: t('checkType.OffDuty'), time: '18:00' }),
      );
      await screenshot(page, 'today-late', look);
      expect(h.sim.records.map((r) => [r.userId, r.userCheckTime])).toEqual([
        [DEMO_USERS.fixed, at('2026-11-27 09:12:00')],
      ]);

      // 5. 18:05: the popup opens again and offers clocking out.
      h.sim.clock.set(at('2026-11-27 18:05:00'));
      await page.reload();
      const clockOut = page.getByRole('button', { name: t('punchAction.OffDuty'), exact: true });
      await clockOut.click();
      await page.getByText(t('today.allDone')).waitFor();
      await expect
        .poll(() => rows.nth(1).locator('.tl-result').textContent())
        .toContain(t('timeResult.Normal'));
      await expect(rows.nth(1).locator('.tl-actual').textContent()).resolves.toContain('18:05');
      await expect(rows.nth(0).locator('.tl-result').textContent()).resolves.toContain(
        t('timeResult.Late'),
      );
      await screenshot(page, 'today-done', look, 'zh-CN');
      expect(h.sim.records.map((r) => r.userCheckTime)).toEqual([
        at('2026-11-27 09:12:00'),
        at('2026-11-27 18:05:00'),
      ]);
    });
  }

  it('imports a provisioning file dropped onto the window, and refuses one that is not .json', async () => {
    const look = LOOKS[0] ?? { lang: 'zh-CN', theme: 'light' };
    const h = await e2e.harness({ start: '2026-11-27 08:40:00' });
    const { page } = await e2e.popup(h, look);
    const drag = (name: string, type: string, content: string) =>
      page.evaluateHandle(
        ([n, ty, c]) => {
          const data = new DataTransfer();
          data.items.add(new File([c], n, { type: ty }));
          return data;
        },
        [name, type, content] as const,
      );
    const zone = page.locator('.connect');
    await zone.waitFor();

    const notes = await drag('notes.txt', 'text/plain', 'hello');
    await zone.dispatchEvent('dragenter', { dataTransfer: notes });
    await expect(page.locator('.dropzone-hint').textContent()).resolves.toBe(
      text(look, 'onboarding.dropRelease'),
    );
    await zone.dispatchEvent('drop', { dataTransfer: notes });
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      text(look, 'onboarding.notJson'),
    );
    expect(h.engine.mode()).toBe('unconfigured');

    const file = await drag('daka-provisioning.json', 'application/json', h.provisioning());
    await zone.dispatchEvent('dragenter', { dataTransfer: file });
    await zone.dispatchEvent('drop', { dataTransfer: file });
    await page.getByRole('heading', { name: text(look, 'onboarding.identityTitle') }).waitFor();
    expect(h.engine.mode()).toBe('configured');
    expect(h.engine.config()?.apiBase).toBe(h.sim.urls.apiBase);
  });
});
