/**
 * Chromium for the E2E tests and the first-render bench: the Debian package
 * at /usr/bin/chromium driven by playwright-core (never a downloaded browser).
 * A popup page is a fresh context at the popup's size that records every
 * console error, page error and CSP violation, so a test can fail on them.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { UiLanguage } from '../../shared/i18n';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const POPUP_VIEWPORT = { width: 360, height: 480 } as const;
const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * The E2E tests run when Chromium is installed. Without it they are skipped on
 * a developer's machine, and fail on CI (CI must run them: .ci/run installs it).
 */
export function skipWithoutChromium(): boolean {
  return !existsSync(CHROMIUM_PATH) && !process.env.CI;
}

export const SKIP_MESSAGE =
  `E2E skipped: ${CHROMIUM_PATH} is missing ` +
  '(apt-get install chromium fonts-noto-cjk; on CI they run and this is a failure).';

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The E2E tests need ${CHROMIUM_PATH}: apt-get install chromium fonts-noto-cjk`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export type Theme = 'light' | 'dark';
export interface Look {
  lang: UiLanguage;
  theme: Theme;
}

export const LOOKS: readonly Look[] = [
  { lang: 'zh-CN', theme: 'light' },
  { lang: 'en', theme: 'dark' },
];

export interface Popup {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and CSP violations so far. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A new context per popup: the system language and colour scheme of the
 * look, and a machine time zone different from the organisation's, so a
 * time formatted in the wrong zone shows.
 */
export async function openPopup(browser: Browser, url: string, look: Look): Promise<Popup> {
  const context = await browser.newContext({
    viewport: POPUP_VIEWPORT,
    deviceScaleFactor: 2,
    locale: look.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
    colorScheme: look.theme,
    timezoneId: 'America/Los_Angeles',
  });
  // Well inside the test's own timeout, so a missing element fails with its locator named.
  context.setDefaultTimeout(5_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Chromium logs most violations itself; the event catches any it does not.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  await page.goto(url);
  return { context, page, problems, close: () => context.close() };
}

/**
 * Saves docs/screenshots/e2e-<state>-<lang>-<theme>.png when DAKA_SCREENSHOTS=1;
 * with `only`, in that language alone (the set stays small).
 */
export async function screenshot(
  page: Page,
  state: string,
  look: Look,
  only?: UiLanguage,
): Promise<void> {
  if (process.env.DAKA_SCREENSHOTS !== '1' || (only && only !== look.lang)) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Fonts and the spinner's first frame settle before the picture.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `e2e-${state}-${look.lang}-${look.theme}.png`),
    animations: 'disabled',
  });
}
