/**
 * The admin console in a real Chromium against a real Daka Server (SQLite in
 * a temp folder, the built bundle from out/admin) and the DingTalk simulator,
 * all on 127.0.0.1. A non-admin signs in through DingTalk and is refused; an
 * administrator signs in, reads the doctor and the quota, revokes a desktop
 * (which is then refused by the server), exports the punch log as CSV and
 * reads it back, and changes a policy that a connected desktop hears at once.
 * With DAKA_SCREENSHOTS=1 each view is saved to docs/screenshots/admin-*.png
 * in zh-CN (light) and en (dark).
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { PATHS } from '../../shared/server-api';
import { adminEn } from '../../shared/i18n/admin.en';
import { adminZhCN } from '../../shared/i18n/admin.zh-CN';
import type { AdminMessages } from '../../shared/i18n/admin';
import { signIn, type Desktop, type ServerFixture } from '../server/app-fixture';
import { ADMIN, startAdminServer } from '../server/admin/fixture';
import { launchBrowser, LOOKS, SKIP_MESSAGE, skipWithoutChromium, type Look } from './browser';

const REPO = resolve(import.meta.dirname, '../..');
const BUILT = join(REPO, 'out/admin');
const SCREENSHOT_DIR = join(REPO, 'docs/screenshots');
const VIEWPORT = { width: 1280, height: 860 };

const dictionary = (look: Look): AdminMessages => (look.lang === 'zh-CN' ? adminZhCN : adminEn);

async function shot(page: Page, name: string, look: Look): Promise<void> {
  if (process.env.DAKA_SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `admin-${name}-${look.lang}-${look.theme}.png`),
    animations: 'disabled',
    fullPage: true,
  });
}

async function punch(desk: Desktop, clickedAt: number, queuedOffline = false): Promise<void> {
  const intentId = randomUUID();
  await desk.call('POST', PATHS.punches, {
    intentId,
    clickedAt,
    checkType: 'OnDuty',
    queuedOffline,
  });
  for (let i = 0; i < 200; i += 1) {
    const got = await desk.call('GET', `${PATHS.punches}/${intentId}`);
    if (got.json.punch.state !== 'accepted') return;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  throw new Error('the punch never settled');
}

if (skipWithoutChromium()) {
  console.warn(SKIP_MESSAGE);
  describe.skip(`admin console (${SKIP_MESSAGE})`, () => undefined);
} else {
  describe('admin console in Chromium', () => {
    let browser: Browser;
    let uiDir: string;
    let f: ServerFixture | null = null;
    let problems: string[] = [];

    beforeAll(async () => {
      if (!existsSync(join(BUILT, 'index.html'))) {
        throw new Error(
          'out/admin is not built: npm run build:admin (vitest builds it for test/e2e)',
        );
      }
      // A private copy: a build during the run cannot swap the files under an open page.
      uiDir = await mkdtemp(join(tmpdir(), 'daka-admin-ui-'));
      await cp(BUILT, uiDir, { recursive: true });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await rm(uiDir, { recursive: true, force: true });
    });
    afterEach(async () => {
      await f?.close();
      f = null;
      const seen = problems;
      problems = [];
      expect(seen, 'console errors or CSP violations').toEqual([]);
    });

    async function open(look: Look, fixture: ServerFixture): Promise<Page> {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        locale: look.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
        colorScheme: look.theme,
        timezoneId: 'America/Los_Angeles',
        acceptDownloads: true,
      });
      context.setDefaultTimeout(5_000);
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) {
          problems.push(`console: ${m.text()}`);
        }
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(
            `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`,
          );
        });
      });
      await page.goto(`${fixture.base}/admin/`);
      return page;
    }

    async function seed(fixture: ServerFixture) {
      const a = await signIn(fixture, DEMO_USERS.fixed);
      const b = await signIn(fixture, DEMO_USERS.turn);
      await a.call('GET', `${PATHS.schedule}?date=2026-11-23`);
      await punch(a, fixture.clock.now());
      await punch(b, fixture.clock.now() - 4 * 60_000, true);
      await punch(a, fixture.clock.now() - 50 * 60_000, true);
      return { a, b };
    }

    async function adminPage(look: Look, fixture: ServerFixture): Promise<Page> {
      fixture.sim.setLoginUser(ADMIN);
      const page = await open(look, fixture);
      const d = dictionary(look);
      await page.getByRole('heading', { name: d.signIn.title }).waitFor();
      await shot(page, 'signin', look);
      await page.locator('#sign-in').click();
      await page.getByRole('heading', { name: d.health.title }).waitFor();
      return page;
    }

    it('refuses a signed-in DingTalk user who is not an administrator', async () => {
      f = await startAdminServer({ adminUiDir: uiDir, punchPollMs: 20 });
      for (const look of LOOKS) {
        f.sim.setLoginUser(DEMO_USERS.fixed);
        const page = await open(look, f);
        await page.locator('#sign-in').click();
        await page.locator('#refused-zh-CN').waitFor();
        expect(await page.locator('#refused-zh-CN h1').textContent()).toBe('没有管理权限');
        expect(await page.locator('#refused-en h1').textContent()).toBe('Not an administrator');
        expect(await page.locator('body').textContent()).toContain('zhangwei');
        await shot(page, 'refused', look);
        // Back at the console: still signed out.
        await page.locator(`#refused-${look.lang} a`).click();
        await page.locator('#sign-in').waitFor();
        await page.context().close();
      }
    });

    it('an administrator reads the doctor and the quota, in both languages and themes', async () => {
      f = await startAdminServer({ adminUiDir: uiDir, punchPollMs: 20 });
      await seed(f);
      for (const look of LOOKS) {
        const d = dictionary(look);
        const page = await adminPage(look, f);
        await page.locator('.summary').waitFor();
        expect(await page.locator('.summary').textContent()).toContain(d.health.allPassed);
        expect(await page.locator('.check').count()).toBeGreaterThanOrEqual(8);
        await shot(page, 'health', look);

        await page.getByRole('button', { name: d.nav.quota }).click();
        await page.locator('#quota-counted').waitFor();
        const counted = await page.locator('#quota-counted .stat-value').textContent();
        expect(Number(counted?.split('/')[0]?.replace(/\D/g, ''))).toBeGreaterThan(0);
        expect(await page.locator('.chart rect.bar-counted').count()).toBe(30);
        expect(await page.locator('.card').first().textContent()).toContain(d.quota.skipVerify);
        await shot(page, 'quota', look);

        await page.getByRole('button', { name: d.nav.punches }).click();
        await page.locator('#punches tbody tr').first().waitFor();
        expect(await page.locator('#punches tbody tr').count()).toBe(3);
        await page.locator('select[name=outcome]').selectOption('refused');
        await page.getByRole('button', { name: d.punches.apply }).click();
        await expect.poll(() => page.locator('#punches tbody tr').count()).toBe(1);
        expect(await page.locator('#punches').textContent()).toContain(d.punches.outcomes.refused);
        await page.locator('select[name=outcome]').selectOption('');
        await page.getByRole('button', { name: d.punches.apply }).click();
        await expect.poll(() => page.locator('#punches tbody tr').count()).toBe(3);
        await shot(page, 'punches', look);

        await page.getByRole('button', { name: d.nav.devices }).click();
        await page.locator('#devices tbody tr').first().waitFor();
        await shot(page, 'devices', look);
        await page.getByRole('button', { name: d.nav.policies }).click();
        await page.locator('input[name=maxOfflineMinutes]').waitFor();
        await shot(page, 'policies', look);
        await page.context().close();
      }
    });

    it('revokes a desktop (then refused), exports CSV, and a policy reaches a connected desktop', async () => {
      f = await startAdminServer({ adminUiDir: uiDir, punchPollMs: 20 });
      const { a, b } = await seed(f);
      const look = LOOKS[0] as Look;
      const d = dictionary(look);
      const page = await adminPage(look, f);

      // Revoke zhangwei's desktop.
      await page.getByRole('button', { name: d.nav.devices }).click();
      const row = page.locator(`tr[data-session="${a.tokens.session_id}"]`);
      await row.getByRole('button', { name: d.devices.revoke, exact: true }).click();
      await page.getByRole('alertdialog').waitFor();
      await shot(page, 'revoke', look);
      await page.getByRole('button', { name: d.devices.confirm, exact: true }).click();
      await page.locator('.notice-ok').waitFor();
      await expect.poll(() => row.count()).toBe(0);
      const refused = await a.call('GET', PATHS.me);
      expect(refused.status).toBe(401);
      expect(refused.json.error.code).toBe('sessionRevoked');
      expect((await b.call('GET', PATHS.me)).status).toBe(200);

      // Export the punch log and read the file back.
      await page.getByRole('button', { name: d.nav.punches }).click();
      await page.locator('#punches tbody tr').first().waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('#export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toBe('daka-punches.csv');
      const bytes = await readFile(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
      expect(lines[0]).toBe(
        '用户 ID,姓名,设备,点击时间,收到时间,打卡时间,结果,原因,钉钉请求 ID,IP',
      );
      expect(lines).toHaveLength(4);
      expect(lines.some((l) => l.startsWith('wangfang,王芳,') && l.includes('离线保留时间'))).toBe(
        true,
      );

      // A connected desktop follows a policy change at once.
      const stream = await b.events();
      await stream.until(': connected');
      await page.getByRole('button', { name: d.nav.policies }).click();
      const field = page.locator('input[name=maxOfflineMinutes]');
      await field.fill('30');
      await page.locator('input[name=punchingEnabled]').uncheck();
      await page.getByRole('button', { name: d.policies.save }).click();
      await page.getByText(d.policies.saved).waitFor();
      const heard = await stream.until('event: policy');
      expect(heard).toContain('"punchingEnabled":false');
      expect(heard).toContain('"maxOfflineMinutes":30');
      stream.res.destroy();
      expect((await b.call('GET', PATHS.me)).json.policies.maxOfflineMinutes).toBe(30);
      await shot(page, 'policies-saved', look);

      // Sign out: the console asks for DingTalk again, and the old cookie is dead.
      await page.getByRole('button', { name: d.app.signOut }).click();
      await page.locator('#sign-in').waitFor();
      await page.context().close();
    });
  });
}
