/**
 * The built popup in Chromium against the preview's fake `window.daka`
 * (test/renderer/preview/fake-bridge.js), fed a fixture snapshot: for layout and
 * accessibility checks of states the simulator does not easily reach (six check
 * points, an update found, a given error). The harness E2E tests cover the real
 * engine; these cover the look of every state, at any zoom.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import type { Channel, Result, Snapshot } from '../../shared/contract';
import type { UiLanguage } from '../../shared/i18n/core';
import { fixtureClock, withUi } from '../renderer/fixtures';
import { serveStatic } from '../renderer/preview/serve';
import { launchBrowser, POPUP_VIEWPORT, type Theme } from './browser';

const FAKE_BRIDGE = resolve(import.meta.dirname, '../renderer/preview/fake-bridge.js');

export interface FixturePage {
  page: Page;
  /** Console errors, page errors and CSP violations. */
  problems: string[];
  close(): Promise<void>;
}

export interface FixtureOptions {
  lang: UiLanguage;
  theme: Theme;
  /** Browser zoom: 1.5 shows the 360×480 window as 240×320 CSS px at 1.5 device px each. */
  zoom?: number;
  replies?: Partial<Record<Channel, Result<unknown>>>;
  /** The wall clock the popup sees (ISO); default fixtureClock(snapshot). */
  clock?: string;
}

export async function openFixture(
  browser: Browser,
  url: string,
  snapshot: Snapshot,
  options: FixtureOptions,
): Promise<FixturePage> {
  const zoom = options.zoom ?? 1;
  const context = await browser.newContext({
    viewport: {
      width: Math.round(POPUP_VIEWPORT.width / zoom),
      height: Math.round(POPUP_VIEWPORT.height / zoom),
    },
    deviceScaleFactor: zoom,
    locale: options.lang === 'zh-CN' ? 'zh-CN' : 'en-US',
    colorScheme: options.theme,
    timezoneId: 'America/Los_Angeles',
  });
  context.setDefaultTimeout(5_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const data = {
    snapshot: withUi(snapshot, { language: options.lang, theme: options.theme }),
    replies: options.replies ?? {},
    pending: [],
  };
  await page.addInitScript({ content: `window.__dakaPreview = ${JSON.stringify(data)};` });
  await page.addInitScript({ path: FAKE_BRIDGE });
  await page.clock.setFixedTime(new Date(options.clock ?? fixtureClock(snapshot)));
  await page.goto(url);
  await page.locator('.view').first().waitFor();
  return { page, problems, close: () => context.close() };
}

/** Shows a view the way the tray does (main's navigate event). */
export async function navigate(page: Page, view: string): Promise<void> {
  await page.evaluate((v) => {
    (window as unknown as { __dakaEmit(e: string, p: unknown): void }).__dakaEmit('navigate', {
      view: v,
    });
  }, view);
}

/**
 * For a describe block: one Chromium and one static server of the built popup for the
 * block; every page opened through the returned `open` is closed after its test, which
 * fails on any console error or CSP violation the page saw.
 */
export function fixturePopups(): (
  snapshot: Snapshot,
  options: FixtureOptions,
) => Promise<FixturePage> {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let open: FixturePage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await serveStatic(inject('rendererDir'));
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });
  afterEach(async () => {
    const problems = open.flatMap((p) => p.problems);
    await Promise.all(open.map((p) => p.close()));
    open = [];
    expect(problems, 'console errors or CSP violations').toEqual([]);
  });
  return async (snapshot, options) => {
    const p = await openFixture(browser, server.url, snapshot, options);
    open.push(p);
    return p;
  };
}
