/**
 * Time to first render of the popup in Chromium: from navigation start to the
 * primary button (上班打卡) on screen, over cold loads (each in a fresh browser
 * context: empty HTTP cache, no compiled-code cache). The popup is the BUILT
 * renderer served by the E2E harness, so `window.daka` runs the real handler
 * table and engine against the simulator; the engine already holds today's
 * status, as it does when the app has been running. Target: ≤ 100 ms.
 *
 * The times come from inside the page, relative to its navigation start: a
 * MutationObserver (installed before any page script) notes when the primary
 * button enters the DOM, and the frame after that is when it is painted.
 *
 *   node --import tsx bench/first-render.ts
 */
import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchBrowser, POPUP_VIEWPORT } from '../test/e2e/browser';
import { DEFAULT_RENDERER_DIR, startHarness } from '../test/e2e/harness';
import type { BenchTable } from './index';

const LOADS = 10;
const TARGET_MS = 100;
const TITLE = 'Popup first render in Chromium (cold loads)';

interface Marks {
  /** DOMContentLoaded: the entry script has run (module scripts run before it). */
  dcl: number;
  /** The lazily imported strings of the popup's language have arrived. */
  strings: number;
  /** First contentful paint (the browser's paint timing). */
  fcp: number;
  /** The primary button entered the DOM. */
  button: number;
  /** The frame after that: the button is on screen. */
  painted: number;
}

/** Runs in the page before its own scripts; times are ms since navigation start. */
const MARKER = `(() => {
  const marks = {};
  window.__dakaMarks = marks;
  document.addEventListener('DOMContentLoaded', () => { marks.dcl = performance.now(); });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') marks.fcp = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (/\\/assets\\/(zh-CN|en)-[\\w-]+\\.js$/.test(e.name)) marks.strings = e.responseEnd;
    }
  }).observe({ type: 'resource', buffered: true });
  const observer = new MutationObserver(() => {
    if (marks.button !== undefined || !document.querySelector('button.punch-button')) return;
    marks.button = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { marks.painted = performance.now(); }, 0));
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

async function waitForMarks(page: Page): Promise<Marks> {
  const marks = await page.waitForFunction(
    () => {
      const m = (window as unknown as { __dakaMarks: Partial<Marks> }).__dakaMarks;
      return m.painted !== undefined && m.fcp !== undefined && m.strings !== undefined ? m : null;
    },
    undefined,
    { timeout: 10_000 },
  );
  return (await marks.jsonValue()) as Marks;
}

/** A cold load in a fresh context, then a reload in it (HTTP and compiled-code caches warm). */
async function load(browser: Browser, url: string): Promise<{ cold: Marks; warm: Marks }> {
  const context = await browser.newContext({ viewport: POPUP_VIEWPORT, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: MARKER });
    await page.goto(url);
    const cold = await waitForMarks(page);
    await page.reload();
    return { cold, warm: await waitForMarks(page) };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;

function skipped(reason: string): BenchTable[] {
  return [{ title: TITLE, head: ['status'], rows: [[`skipped: ${reason}`]] }];
}

export async function run(): Promise<BenchTable[]> {
  const index = join(DEFAULT_RENDERER_DIR, 'index.html');
  if (!existsSync(index)) return skipped('no build in out/renderer (run `npm run build` first)');
  if (!existsSync(CHROMIUM_PATH)) return skipped(`${CHROMIUM_PATH} is not installed`);

  const harness = await startHarness({ start: '2026-11-27 08:50:00', signedIn: true });
  let browser: Browser | null = null;
  try {
    await harness.engine.open();
    browser = await launchBrowser();
    const samples: { cold: Marks; warm: Marks }[] = [];
    for (let i = 0; i < LOADS; i++) samples.push(await load(browser, harness.url));
    const row = (what: string, values: number[], target = '') => [
      what,
      ms(median(values)),
      ms(Math.min(...values)),
      ms(Math.max(...values)),
      target,
    ];
    const cold = (pick: (m: Marks) => number) => samples.map((s) => pick(s.cold));
    return [
      {
        title: TITLE,
        head: ['from navigation start to', 'median', 'min', 'max', 'target'],
        rows: [
          row(
            'entry script run (DOMContentLoaded)',
            cold((m) => m.dcl),
          ),
          row(
            'language strings loaded',
            cold((m) => m.strings),
          ),
          row(
            'first contentful paint',
            cold((m) => m.fcp),
          ),
          row(
            'primary button in the DOM',
            cold((m) => m.button),
          ),
          row(
            'primary button painted',
            cold((m) => m.painted),
            `≤ ${TARGET_MS} ms`,
          ),
          row(
            'same, reloaded (caches warm)',
            samples.map((s) => s.warm.painted),
            `≤ ${TARGET_MS} ms`,
          ),
        ],
        notes: [
          `${LOADS} loads, each in a fresh context, 360×480, zh-CN; Chromium ${browser.version()}`,
          'served over 127.0.0.1 by test/e2e/harness.ts: the real handlers and engine behind window.daka',
          'the machine: ' +
            `${cpus().length} CPUs, load average ${loadavg()[0]?.toFixed(1)} at the start`,
          `out/renderer built ${statSync(index).mtime.toISOString()}`,
        ],
      },
    ];
  } finally {
    await browser?.close();
    await harness.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [table] = await run();
  console.log(JSON.stringify(table, null, 2));
}
