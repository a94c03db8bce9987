/**
 * Company server mode end to end in a real Chromium: the DingTalk simulator,
 * a real Daka Server (startDakaServer: SQLite in a temp folder, its punch
 * worker, its SSE stream) on the simulator's clock, and the engine in server
 * mode behind the browser harness, all over HTTP on 127.0.0.1.
 *
 * The employee types the server's address, signs in with DingTalk through the
 * server (the harness's "browser" follows the redirects: the server's login,
 * the simulator's authorize page, the server's callback, the app's loopback),
 * passes the check, clocks in (the popup waits for DingTalk's word and ends
 * punched), then punches on the phone. The simulator has no Stream endpoint,
 * so the test does what the server's Stream listener does on DingTalk's
 * attendance_check_record push (server/app.ts dayChanged): forget the cached
 * day and publish 'day' on the event bus. The popup updates from that event
 * alone (engine: SSE 'day' → re-read the day from the server → snapshot), with
 * no refresh clicked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_USERS } from '../../main/dingtalk/simulator';
import { type RunningServer, startDakaServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';
import { PATHS } from '../../shared/server-api';
import { at } from '../helpers/engine-fixture';
import { LOOKS, screenshot } from './browser';
import type { Harness } from './harness';
import { describeE2E, text } from './suite';

interface CompanyServer {
  server: RunningServer;
  base: string;
  close(): Promise<void>;
}

/** A Daka Server in front of the harness's simulator, on the same clock. */
async function startCompanyServer(h: Harness): Promise<CompanyServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'daka-e2e-server-'));
  const port = await freePort();
  const { config } = loadConfig({
    env: {
      DAKA_SERVER_APP_KEY: DEMO_APP_KEY,
      DAKA_SERVER_APP_SECRET: DEMO_APP_SECRET,
      DAKA_SERVER_PORT: String(port),
      DAKA_SERVER_DATA: dataDir,
      DAKA_SERVER_OAPI_BASE: h.sim.urls.oapiBase,
      DAKA_SERVER_API_BASE: h.sim.urls.apiBase,
      DAKA_SERVER_LOGIN_BASE: h.sim.urls.loginBase,
      DAKA_SERVER_LOG_LEVEL: 'error',
    },
    home: dataDir,
  });
  const server = await startDakaServer({
    config,
    clock: h.sim.clock,
    logStream: { write: () => undefined },
    punchPollMs: 20,
  });
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describeE2E('company server mode in the popup', (e2e) => {
  for (const look of LOOKS) {
    it(`signs in through the server, punches, and hears a phone punch (${look.lang}, ${look.theme})`, async () => {
      const h = await e2e.harness({ start: '2026-11-27 08:50:00', simulatedDates: true });
      const company = await startCompanyServer(h);
      try {
        const { page } = await e2e.popup(h, look);
        const t = (key: Parameters<typeof text>[1], vars?: Parameters<typeof text>[2]) =>
          text(look, key, vars);
        const h1 = page.getByRole('heading', { level: 1 });

        // 1. The choice: the company server comes first.
        await expect.poll(() => h1.textContent()).toBe(t('onboarding.connectTitle'));
        const options = await page.locator('.option .option-title').allTextContents();
        expect(options[0]).toContain(t('onboarding.serverOption'));
        expect(options[1]).toContain(t('onboarding.directOption'));
        await page.locator('.option-recommended').click();

        // 2. The address, typed; a wrong one is explained under the field first.
        await expect.poll(() => h1.textContent()).toBe(t('onboarding.serverTitle'));
        const address = page.getByLabel(t('onboarding.serverAddress'));
        await address.fill('http://daka.example.com');
        await page.getByRole('button', { name: t('onboarding.serverContinue') }).click();
        await expect(page.getByRole('alert').textContent()).resolves.toBe(
          t('onboarding.serverNotHttps'),
        );
        await address.fill(company.base);
        await screenshot(page, 'server-address', look);
        await page.getByRole('button', { name: t('onboarding.serverContinue') }).click();

        // 3. Sign in with DingTalk through the server: no AppKey, AppSecret or user id screens.
        await expect.poll(() => h1.textContent()).toBe(t('onboarding.signInTitle'));
        expect(h.engine.connectionInfo()).toMatchObject({ kind: 'server', server: company.base });
        await expect(page.locator('.server-address').textContent()).resolves.toBe(company.base);
        expect(await page.locator('input').count()).toBe(0);
        await screenshot(page, 'server-signin', look);
        await page.getByRole('button', { name: t('onboarding.loginWithBrowser') }).click();

        // 4. The check: the server, the session, and the server's own DingTalk checks.
        await page.getByText(t('onboarding.signedInAs', { name: '张伟' })).waitFor();
        const finish = page.getByRole('button', { name: t('onboarding.finish'), exact: true });
        await expect.poll(() => finish.isEnabled()).toBe(true);
        const own = page.getByRole('list', { name: t('onboarding.checkTitle') }).locator('.check');
        await expect(own.nth(0).textContent()).resolves.toContain(t('doctor.check.server'));
        await expect(own.nth(0).textContent()).resolves.toContain(t('doctor.fact.version'));
        await expect(own.nth(1).textContent()).resolves.toContain(t('doctor.check.serverSession'));
        expect(await own.locator('.check-status').allTextContents()).not.toContain(
          t('doctor.status.fail'),
        );
        const theirs = page.getByRole('list', { name: t('doctor.serverChecks') }).locator('.check');
        expect(await theirs.count()).toBeGreaterThan(0);
        await screenshot(page, 'server-check', look);
        // The "browser" went through the server's login and the simulator's authorize page.
        expect(h.browserVisits.some((u) => u.startsWith(company.base + PATHS.authLogin))).toBe(
          true,
        );
        expect(h.browserVisits.some((u) => u.startsWith(h.sim.urls.loginBase))).toBe(true);
        expect(h.engine.identity()).toMatchObject({ userId: DEMO_USERS.fixed, via: 'server' });
        await finish.click();

        // 5. Clock in: the server uploads it; the popup says punched only on DingTalk's word.
        const punch = page.getByRole('button', { name: t('punchAction.OnDuty'), exact: true });
        await punch.click();
        await page.getByText(t('today.punched.OnDuty')).waitFor();
        expect(h.sim.records.map((r) => [r.userId, r.userCheckTime])).toEqual([
          [DEMO_USERS.fixed, at('2026-11-27 08:50:00')],
        ]);
        expect(h.engine.snapshot().outbox).toEqual([]);
        const rows = page.getByRole('list', { name: t('today.timeline') }).locator('.tl-row');
        await expect(rows.nth(0).locator('.tl-actual').textContent()).resolves.toContain('08:50');

        // 6. A phone punch at 18:02, as the server's Stream listener would hear it.
        await expect.poll(() => h.engine.connectionInfo().events).toBe('connected');
        const phoneAt = at('2026-11-27 18:02:00');
        h.sim.clock.set(phoneAt);
        h.sim.injectRecord({
          userId: DEMO_USERS.fixed,
          userCheckTime: phoneAt,
          sourceType: 'USER',
          deviceId: 'phone-of-zhangwei',
        });
        const offDuty = () =>
          h.engine.todayCached()?.checkPoints.find((c) => c.type === 'OffDuty')?.state;
        expect(offDuty()).toBe('pending');
        await company.server.services.dayData.invalidate(DEMO_USERS.fixed, phoneAt);
        company.server.services.bus.publish(
          { userId: DEMO_USERS.fixed },
          { event: 'day', data: { date: '2026-11-27' } },
        );
        await expect.poll(() => rows.nth(1).locator('.tl-actual').textContent()).toContain('18:02');
        await expect(rows.nth(1).textContent()).resolves.toContain(t('source.USER'));
        expect(offDuty()).toBe('done');
        await screenshot(page, 'server-phone-punch', look);

        // 7. The doctor in server mode, from the header's … menu.
        await page.getByRole('button', { name: t('common.more') }).click();
        await page.getByRole('menuitem', { name: t('doctor.title') }).click();
        // The check step's report is still there: the button offers to run again.
        await page.getByRole('button', { name: t('doctor.rerun') }).click();
        await page.locator('.summary').waitFor();
        await expect(page.locator('.check').first().textContent()).resolves.toContain(
          t('doctor.check.server'),
        );
        await screenshot(page, 'server-doctor', look);
      } finally {
        await company.close();
      }
    });
  }
});
