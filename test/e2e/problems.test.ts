/**
 * What the employee reads when the DingTalk app is set up wrong, in a real
 * Chromium against the simulator: a wrong AppSecret, a permission the app
 * lacks, an IP missing from the whitelist. Each shows its translated message
 * and fix hint (shared/i18n), and the doctor names the failing check.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { API_PERMISSIONS, DEMO_APP_KEY } from '../../main/dingtalk/simulator';
import type { AppErrorPayload } from '../../shared/errors';
import { describeError } from '../../shared/i18n';
import { LOOKS, screenshot, type Look } from './browser';
import { describeE2E, text } from './suite';

const ZH: Look = { lang: 'zh-CN', theme: 'light' };
const UPLOAD_PERMISSION = API_PERMISSIONS['/topapi/attendance/record/upload'];
const OFFICE_IP = '203.0.113.10';
const HOME_IP = '198.51.100.23';

/** The notice showing `error` in `scope`: its message and its fix, exactly as translated. */
async function expectNotice(page: Page, scope: string, look: Look, error: AppErrorPayload) {
  const { message, fix } = describeError(look.lang, error);
  const notice = page.locator(scope).locator('.notice').filter({ hasText: message });
  await notice.waitFor();
  await expect(notice.locator('.notice-title').textContent()).resolves.toBe(message);
  await expect(notice.locator('.notice-fix').first().textContent()).resolves.toBe(fix);
}

const payload = (code: AppErrorPayload['code'], detail?: AppErrorPayload['detail']) => ({
  code,
  message: '',
  ...(detail ? { detail } : {}),
});

describeE2E('set-up problems, as the employee reads them', (e2e) => {
  it('a wrong AppSecret in the provisioning file: the DingTalk login says so and how to fix it', async () => {
    const h = await e2e.harness({ start: '2026-11-27 08:40:00' });
    h.pickNext(await h.writeFile('wrong.json', h.provisioning({ appSecret: 'not-the-secret' })));
    const { page } = await e2e.popup(h, ZH);
    // Step 1 starts with a choice: the administrator's file is the direct connection.
    await page.getByRole('button', { name: text(ZH, 'onboarding.directOption') }).click();
    await page.getByRole('button', { name: text(ZH, 'onboarding.pickFile') }).click();
    await page.getByRole('button', { name: text(ZH, 'onboarding.loginWithBrowser') }).click();

    await expectNotice(page, '.identity', ZH, payload('wrongCredentials'));
    const { message } = describeError('zh-CN', payload('wrongCredentials'));
    expect(message).toBe('AppKey 或 AppSecret 不正确');
    await screenshot(page, 'onboarding-wrong-secret', ZH);
    expect(h.engine.identity()).toBeNull();
  });

  it('a permission the app lacks: the punch is refused with the scope named, then reminder-only mode', async () => {
    const h = await e2e.harness({ start: '2026-11-27 08:50:00', signedIn: true });
    h.sim.revoke(DEMO_APP_KEY, UPLOAD_PERMISSION);
    const { page } = await e2e.popup(h, ZH);
    await page.getByRole('button', { name: text(ZH, 'punchAction.OnDuty'), exact: true }).click();

    const missing = payload('missingPermission', { permission: UPLOAD_PERMISSION });
    await expectNotice(page, '.primary', ZH, missing);
    expect(describeError('zh-CN', missing).message).toBe(`应用缺少接口权限 ${UPLOAD_PERMISSION}`);
    await page.getByRole('button', { name: text(ZH, 'common.cancel') }).click();
    await page.getByText(text(ZH, 'today.unavailableTitle')).waitFor();
    await expectNotice(page, '.primary', ZH, missing);
    await screenshot(page, 'today-missing-permission', ZH);
    expect(h.sim.records).toEqual([]);
  });

  for (const look of LOOKS) {
    it(`an IP missing from the whitelist: today, then the doctor, name the IP DingTalk saw (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({ start: '2026-11-27 08:50:00', signedIn: true });
      h.sim.setIpWhitelist(DEMO_APP_KEY, [OFFICE_IP]);
      h.sim.setClientIp(HOME_IP);
      const { page } = await e2e.popup(h, look);

      const blocked = payload('ipNotWhitelisted', { ip: HOME_IP });
      await expectNotice(page, '.primary', look, blocked);
      if (look.lang === 'zh-CN') {
        expect(describeError('zh-CN', blocked)).toEqual({
          message: `公司的 IP 白名单不包含出口 IP ${HOME_IP}`,
          fix: `请管理员在钉钉开发者后台把 ${HOME_IP} 加入应用的 IP 白名单`,
        });
      }
      await screenshot(page, 'today-ip-not-whitelisted', look, 'en');

      // The notice leads to the doctor (a lazy chunk), which runs only when asked.
      await page
        .locator('.primary')
        .getByRole('button', { name: text(look, 'common.openDoctor') })
        .click();
      await page.getByRole('heading', { name: text(look, 'doctor.title') }).waitFor();
      await page.getByRole('button', { name: text(look, 'doctor.run') }).click();
      const ipCheck = page.locator('.check').filter({
        has: page
          .locator('.check-title > span:first-child')
          .getByText(text(look, 'doctor.check.ipWhitelist'), { exact: true }),
      });
      await expect
        .poll(() => ipCheck.locator('.check-status').textContent())
        .toBe(text(look, 'doctor.status.fail'));
      await expect(ipCheck.locator('.check-message').textContent()).resolves.toBe(
        describeError(look.lang, blocked).message,
      );
      await expect(ipCheck.locator('.check-fix').textContent()).resolves.toBe(
        describeError(look.lang, blocked).fix,
      );
      await screenshot(page, 'doctor-ip-not-whitelisted', look, 'zh-CN');

      // Help is the user guide in the popup, in the popup's language, not a web page.
      await page.getByRole('button', { name: text(look, 'doctor.help') }).click();
      await page.getByRole('heading', { level: 1, name: text(look, 'guide.title') }).waitFor();
      await page.locator('.guide h2').waitFor();
    });
  }
});
