/**
 * Design preview: builds the renderer, serves out/renderer on 127.0.0.1 with
 * a fake `window.daka` fed from test/renderer/fixtures.ts, and screenshots
 * the popup's main states (zh-CN and en, light and dark) at 360×480 into
 * docs/screenshots/. It fails on any console error or CSP violation.
 *
 *   node --import tsx test/renderer/preview/shoot.ts [--no-build] [name-filter]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { Channel, Result, Snapshot } from '../../../shared/contract';
import type { UiLanguage } from '../../../shared/i18n/core';
import {
  at,
  atWorkDay,
  clockedOutEarlyDay,
  day,
  done,
  fixtureClock,
  fixtures,
  outcomes,
  pending,
  reports,
  snapshot,
  withUi,
} from '../fixtures';
import { serveStatic } from './serve';

type Theme = 'light' | 'dark';

interface Scenario {
  name: string;
  snapshot: Snapshot;
  replies?: Partial<Record<Channel, Result<unknown>>>;
  /** Channels whose reply never comes, to catch in-flight states. */
  pending?: Channel[];
  steps?: (page: Page, lang: UiLanguage, theme: Theme) => Promise<void>;
  /** The wall clock the popup sees (ISO); default seenAt (早退 / 迟到 depend on it). */
  clock?: string;
  looks: ReadonlyArray<readonly [UiLanguage, Theme]>;
}

const ALL = [
  ['zh-CN', 'light'],
  ['zh-CN', 'dark'],
  ['en', 'light'],
  ['en', 'dark'],
] as const;
const SOME = [
  ['zh-CN', 'light'],
  ['en', 'dark'],
] as const;

const LABEL = {
  punchOnDuty: { 'zh-CN': '上班打卡', en: 'Clock in' },
  early: { 'zh-CN': '早退打卡', en: 'Clock out early' },
  login: { 'zh-CN': '用钉钉登录', en: 'Sign in with DingTalk' },
  run: { 'zh-CN': '开始检测', en: 'Run checks' },
  continue: { 'zh-CN': '继续', en: 'Continue' },
  sendNow: { 'zh-CN': '立即发送', en: 'Send now' },
} as const;

/** Step 1's choice buttons (their names start with the option's title). */
const OPTION = {
  server: { 'zh-CN': /^公司服务器/, en: /^Company server/ },
  direct: { 'zh-CN': /^直连钉钉/, en: /^Direct/ },
} as const;

const choose = (option: keyof typeof OPTION) => async (page: Page, lang: UiLanguage) => {
  await page.getByRole('button', { name: OPTION[option][lang] }).click();
};

const click = (label: keyof typeof LABEL) => async (page: Page, lang: UiLanguage) => {
  await page.getByRole('button', { name: LABEL[label][lang], exact: true }).click();
};

const navigate = (view: string) => async (page: Page) => {
  await page.evaluate(
    (v) => (window as unknown as FakeWindow).__dakaEmit('navigate', { view: v }),
    view,
  );
};

const GROUP_TAB = {
  reminders: { 'zh-CN': '提醒', en: 'Reminders' },
  hours: { 'zh-CN': '作息', en: 'Working hours' },
  advanced: { 'zh-CN': '高级', en: 'Advanced' },
} as const;
const TEST_REMINDER = { 'zh-CN': '发送测试提醒', en: 'Send a test reminder' } as const;
const SHORTCUT = { 'zh-CN': /^全局快捷键/, en: /^Global shortcut/ } as const;

/** Settings open on one of its groups. */
const group = (name: keyof typeof GROUP_TAB) => async (page: Page, lang: UiLanguage) => {
  await navigate('settings')(page);
  await page.getByRole('tab', { name: GROUP_TAB[name][lang] }).click();
};

interface FakeWindow {
  __dakaEmit(event: string, payload: unknown): void;
}

/**
 * The default wall clock: fixtureClock, but never before what the snapshot has seen (the day's
 * fetch, a queued punch), so no picture says "08:30" over a punch or an update made at 08:57.
 */
function seenAt(s: Snapshot): string {
  const times = [s.today?.fetchedAt, ...s.outbox.map((e) => e.at)].flatMap((t) =>
    t ? [Date.parse(t) + 60_000] : [],
  );
  const base = Date.parse(fixtureClock(s));
  return new Date(Math.max(base, ...times)).toISOString();
}

const scenarios: Scenario[] = [
  { name: 'today-ready', snapshot: fixtures.beforeWork, looks: ALL },
  { name: 'today-late-invalid', snapshot: fixtures.lateWithInvalid, looks: ALL },
  {
    name: 'today-all-done',
    snapshot: fixtures.allDone,
    clock: '2026-11-27T18:30:00+08:00',
    looks: ALL,
  },
  { name: 'today-loading', snapshot: fixtures.beforeWork, pending: ['getSnapshot'], looks: SOME },
  {
    name: 'today-punching',
    snapshot: fixtures.beforeWork,
    pending: ['punch'],
    steps: click('punchOnDuty'),
    looks: SOME,
  },
  {
    name: 'today-punched',
    snapshot: fixtures.beforeWork,
    replies: { punch: { ok: true, value: outcomes.punchedOnDuty } },
    clock: '2026-11-27T08:58:00+08:00',
    // As main does after a punch: the snapshot with it follows the reply (the timeline agrees).
    steps: async (page, lang, theme) => {
      await click('punchOnDuty')(page, lang);
      await page.locator('.primary-message.primary-done').waitFor();
      const after = snapshot({
        today: atWorkDay({
          checkPoints: [done('OnDuty', '09:00', '08:58'), pending('OffDuty', '18:00')],
          fetchedAt: at('08:58'),
        }),
      });
      await page.evaluate(
        (s) => (window as unknown as FakeWindow).__dakaEmit('snapshot', s),
        withUi(after, { language: lang, theme }),
      );
    },
    looks: SOME,
  },
  {
    name: 'today-confirm',
    snapshot: fixtures.beforeWork,
    replies: { punch: { ok: true, value: outcomes.needsConfirmation } },
    steps: click('punchOnDuty'),
    looks: SOME,
  },
  {
    name: 'today-error',
    snapshot: fixtures.beforeWork,
    replies: {
      punch: {
        ok: false,
        error: { code: 'ipNotWhitelisted', message: 'x', detail: { ip: '203.0.113.7' } },
      },
    },
    steps: click('punchOnDuty'),
    looks: ALL,
  },
  // Issue #10: 早退打卡 (warning colour, then its question), 迟到打卡, 更新打卡.
  {
    name: 'today-early',
    snapshot: fixtures.atWork,
    clock: '2026-11-27T17:00:00+08:00',
    looks: ALL,
  },
  {
    name: 'today-early-confirm',
    snapshot: fixtures.atWork,
    clock: '2026-11-27T17:00:00+08:00',
    replies: { punch: { ok: true, value: outcomes.needsEarly } },
    steps: click('early'),
    looks: SOME,
  },
  {
    name: 'today-late',
    snapshot: fixtures.beforeWork,
    clock: '2026-11-27T09:12:00+08:00',
    looks: SOME,
  },
  {
    name: 'today-update-clock-out',
    snapshot: snapshot({ today: clockedOutEarlyDay() }),
    clock: '2026-11-27T17:30:00+08:00',
    looks: ALL,
  },
  // Issue #11, Now: the time, hours worked, the countdown, time to go; the next reminder.
  {
    name: 'now-countdown',
    snapshot: { ...fixtures.atWork, nextReminder: { at: at('18:10'), checkType: 'OffDuty' } },
    clock: '2026-11-27T16:35:00+08:00',
    looks: ALL,
  },
  {
    name: 'now-due',
    snapshot: { ...fixtures.atWork, nextReminder: { at: at('18:10'), checkType: 'OffDuty' } },
    clock: '2026-11-27T18:02:00+08:00',
    looks: ALL,
  },
  {
    name: 'now-before-work',
    snapshot: { ...fixtures.beforeWork, nextReminder: { at: at('08:55'), checkType: 'OnDuty' } },
    looks: SOME,
  },
  {
    name: 'now-not-today',
    snapshot: { ...fixtures.atWork, notToday: true },
    clock: '2026-11-27T16:35:00+08:00',
    looks: SOME,
  },
  // Queued offline with today loaded: the timeline shows it 待上传 (issue #10 item 16).
  { name: 'today-queued-offline', snapshot: fixtures.queuedInTimeline, looks: ALL },
  {
    name: 'today-held',
    // As main builds the day: the held punch shows 已暂存, the one that goes by itself 待上传.
    snapshot: {
      ...fixtures.held,
      today: day({
        checkPoints: [
          { ...pending('OnDuty', '09:00'), queued: { at: at('08:57'), state: 'held' } },
          { ...pending('OffDuty', '18:00'), queued: { at: at('18:03'), state: 'waiting' } },
        ],
      }),
    },
    looks: SOME,
  },
  // Issue #10 items 14-16: what holds a punch, a Send now that did not send, 待上传, offline
  // before the day loaded.
  { name: 'today-held-network', snapshot: fixtures.heldNetwork, looks: SOME },
  { name: 'today-held-dingtalk', snapshot: fixtures.heldDingTalk, looks: SOME },
  {
    name: 'today-not-sent',
    snapshot: fixtures.heldNetwork,
    replies: {
      outboxSend: {
        ok: true,
        value: {
          outcome: 'held',
          type: 'OnDuty',
          at: at('08:57'),
          intentId: 'intent-0001',
          reason: {
            code: 'ipNotWhitelisted',
            message: 'ip not in whitelist',
            detail: { ip: '203.0.113.7' },
          },
        },
      },
    },
    steps: click('sendNow'),
    looks: SOME,
  },
  { name: 'today-offline-no-day', snapshot: fixtures.offlineNoDay, looks: SOME },
  { name: 'today-unavailable', snapshot: fixtures.unavailable, looks: SOME },
  { name: 'today-rest', snapshot: fixtures.restDay, looks: SOME },
  {
    name: 'today-reminder-fallback',
    snapshot: {
      ...fixtures.reminder,
      today: atWorkDay({ source: { kind: 'fallback', reason: 'noSchedule' }, className: null }),
    },
    looks: SOME,
  },
  {
    name: 'today-demo-budget',
    snapshot: { ...fixtures.demo, quota: fixtures.budget.quota },
    looks: SOME,
  },
  { name: 'today-background-error', snapshot: fixtures.backgroundError, looks: SOME },
  { name: 'today-no-day', snapshot: fixtures.noDayError, looks: SOME },
  { name: 'onboarding-connect', snapshot: fixtures.unconfigured, looks: ALL },
  { name: 'onboarding-identity', snapshot: fixtures.needsIdentity, looks: SOME },
  {
    name: 'onboarding-login-waiting',
    snapshot: fixtures.needsIdentityBrowserOnly,
    pending: ['loginWithBrowser'],
    steps: click('login'),
    looks: SOME,
  },
  {
    name: 'onboarding-check',
    snapshot: fixtures.beforeWork,
    replies: { runDoctor: { ok: true, value: reports.problems } },
    steps: navigate('onboarding'),
    looks: SOME,
  },
  {
    name: 'doctor-problems',
    snapshot: fixtures.beforeWork,
    replies: { runDoctor: { ok: true, value: reports.problems } },
    steps: async (page, lang) => {
      await navigate('doctor')(page);
      await click('run')(page, lang);
    },
    looks: ALL,
  },
  {
    name: 'onboarding-direct',
    snapshot: fixtures.unconfigured,
    steps: choose('direct'),
    looks: SOME,
  },
  {
    name: 'onboarding-server-address',
    snapshot: fixtures.unconfigured,
    steps: choose('server'),
    looks: ALL,
  },
  {
    name: 'onboarding-server-address-error',
    snapshot: fixtures.unconfigured,
    steps: async (page, lang) => {
      await choose('server')(page, lang);
      await page.locator('input[type="url"]').fill('http://daka.example.com');
      await click('continue')(page, lang);
    },
    looks: SOME,
  },
  { name: 'onboarding-server-signin', snapshot: fixtures.serverNeedsSignIn, looks: ALL },
  {
    name: 'onboarding-server-waiting',
    snapshot: fixtures.serverNeedsSignIn,
    pending: ['loginWithBrowser'],
    steps: click('login'),
    looks: SOME,
  },
  {
    name: 'onboarding-server-check',
    snapshot: fixtures.serverBeforeWork,
    replies: { runDoctor: { ok: true, value: reports.server } },
    steps: navigate('onboarding'),
    looks: SOME,
  },
  {
    name: 'doctor-server',
    snapshot: fixtures.serverBeforeWork,
    replies: { runDoctor: { ok: true, value: reports.serverProblems } },
    steps: async (page, lang) => {
      await navigate('doctor')(page);
      await click('run')(page, lang);
    },
    looks: ALL,
  },
  {
    name: 'doctor-direct-trust',
    snapshot: fixtures.beforeWork,
    replies: { runDoctor: { ok: true, value: reports.direct } },
    steps: async (page, lang) => {
      await navigate('doctor')(page);
      await click('run')(page, lang);
      await page.locator('.view-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    },
    looks: SOME,
  },
  { name: 'today-server-accepted', snapshot: fixtures.serverAccepted, looks: ALL },
  { name: 'today-server-revoked', snapshot: fixtures.serverRevoked, looks: ALL },
  {
    name: 'settings-server-account',
    snapshot: fixtures.serverBeforeWork,
    steps: async (page) => {
      await navigate('settings')(page);
      await page.locator('.view-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    },
    looks: SOME,
  },
  { name: 'settings', snapshot: fixtures.beforeWork, steps: navigate('settings'), looks: ALL },
  // Issue #11: the header's "…" menu, About, the user guide.
  {
    name: 'menu-open',
    snapshot: fixtures.beforeWork,
    steps: async (page) => {
      await page.locator('.menu-button').click();
      await page.getByRole('menu').waitFor();
    },
    looks: ALL,
  },
  {
    name: 'about',
    snapshot: {
      ...fixtures.beforeWork,
      updates: {
        feed: 'https://updates.example.com/daka/',
        source: 'provisioning',
        reason: null,
        state: 'downloaded',
        version: '0.2.0',
      },
    },
    steps: navigate('about'),
    looks: ALL,
  },
  { name: 'guide', snapshot: fixtures.beforeWork, steps: navigate('guide'), looks: ALL },
  {
    name: 'settings-reminders',
    snapshot: fixtures.beforeWork,
    replies: { testReminder: { ok: true, value: { delivery: 'shown' } } },
    steps: async (page, lang) => {
      await group('reminders')(page, lang);
      await page.getByRole('button', { name: TEST_REMINDER[lang] }).click();
      await page.locator('.test-reminder').scrollIntoViewIfNeeded();
    },
    looks: ALL,
  },
  {
    name: 'settings-hours',
    snapshot: {
      ...fixtures.beforeWork,
      settings: {
        ...fixtures.beforeWork.settings,
        fallbackSchedule: {
          ...fixtures.beforeWork.settings.fallbackSchedule,
          onDuty: '22:00',
          offDuty: '06:00',
        },
      },
    },
    steps: group('hours'),
    looks: ALL,
  },
  {
    name: 'settings-advanced',
    snapshot: fixtures.beforeWork,
    steps: group('advanced'),
    looks: SOME,
  },
  {
    name: 'settings-shortcut-recording',
    snapshot: fixtures.beforeWork,
    steps: async (page, lang) => {
      await navigate('settings')(page);
      await page.getByRole('button', { name: SHORTCUT[lang] }).click();
      await page.keyboard.down('Alt');
      await page.keyboard.down('Shift');
    },
    looks: SOME,
  },
  {
    name: 'settings-storage-account',
    snapshot: fixtures.weakStorage,
    steps: async (page, lang) => {
      await group('advanced')(page, lang);
      await page.locator('.storage').scrollIntoViewIfNeeded();
    },
    looks: SOME,
  },
];

async function main() {
  const args = process.argv.slice(2);
  const filter = args.find((a) => !a.startsWith('--'));
  const repo = resolve(import.meta.dirname, '../../..');
  if (!args.includes('--no-build')) {
    const build = spawnSync(
      'npx',
      ['electron-vite', 'build', '-c', 'test/renderer/preview/renderer-only.config.ts'],
      { cwd: repo, stdio: 'inherit' },
    );
    if (build.status !== 0) throw new Error('renderer build failed');
  }
  const outDir = resolve(repo, 'docs/screenshots');
  mkdirSync(outDir, { recursive: true });
  // DAKA_RENDERER_OUT: a build of one's own (renderer-only.config.ts builds there too).
  const server = await serveStatic(resolve(repo, process.env.DAKA_RENDERER_OUT || 'out/renderer'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const problems: string[] = [];
  try {
    for (const scenario of scenarios) {
      if (filter && !scenario.name.includes(filter)) continue;
      for (const [lang, theme] of scenario.looks) {
        const context = await browser.newContext({
          viewport: { width: 360, height: 480 },
          deviceScaleFactor: 2,
          locale: lang,
          colorScheme: theme,
        });
        const page = await context.newPage();
        const shot = `${scenario.name}-${lang}-${theme}`;
        page.on('console', (m) => {
          if (m.type() === 'error') {
            problems.push(`${shot}: ${m.text()}`);
          }
        });
        page.on('pageerror', (e) => problems.push(`${shot}: ${e.message}`));
        const data = {
          snapshot: withUi(scenario.snapshot, { language: lang, theme }),
          replies: scenario.replies ?? {},
          pending: scenario.pending ?? [],
        };
        await page.addInitScript({ content: `window.__dakaPreview = ${JSON.stringify(data)};` });
        await page.addInitScript({ path: resolve(import.meta.dirname, 'fake-bridge.js') });
        await page.clock.setFixedTime(new Date(scenario.clock ?? seenAt(scenario.snapshot)));
        await page.goto(server.url);
        await page.locator('.view').first().waitFor();
        await scenario.steps?.(page, lang, theme);
        // Let lazy views, fonts and transitions settle before the picture.
        await page.waitForLoadState('networkidle');
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        await page.waitForTimeout(250);
        await page.screenshot({ path: resolve(outDir, `${shot}.png`) });
        console.log(`shot ${shot}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

await main();
