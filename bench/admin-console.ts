/**
 * The admin console's first load: the JavaScript and CSS a first visit
 * fetches (gzipped: the entry, one language's two dictionary chunks, the
 * stylesheet), and, in Chromium over cold loads (a fresh context each), the
 * time from navigation start to the first contentful paint of the sign-in
 * page and to the signed-in console's doctor on screen. The bundle is the
 * BUILT one in out/admin (`npm run build:admin`), served by a real Daka
 * Server against the DingTalk simulator on 127.0.0.1.
 *
 *   node --import tsx bench/admin-console.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchBrowser } from '../test/e2e/browser';
import { ADMIN, adminSignIn, startAdminServer } from '../test/server/admin/fixture';
import type { BenchTable } from './index';

const UI_DIR = resolve(import.meta.dirname, '../out/admin');
const LOADS = 7;
const JS_TARGET_BYTES = 100_000;
const PAINT_TARGET_MS = 300;

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** gzip -9 sizes of what a first visit in Chinese fetches. */
function firstLoadBytes(): { file: string; raw: number; gzip: number }[] {
  const assets = readdirSync(join(UI_DIR, 'assets'));
  const html = readFileSync(join(UI_DIR, 'index.html'), 'utf8');
  const entry = /assets\/(index-[\w-]+\.js)/.exec(html)?.[1];
  const css = /assets\/(index-[\w-]+\.css)/.exec(html)?.[1];
  const zh = assets.filter((a) => /^(admin\.)?zh-CN-[\w-]+\.js$/.test(a));
  return [entry, css, ...zh]
    .filter((f): f is string => Boolean(f))
    .map((file) => {
      const bytes = readFileSync(join(UI_DIR, 'assets', file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
}

async function paints(browser: Browser): Promise<{ signIn: number[]; console: number[] }> {
  const f = await startAdminServer({ adminUiDir: UI_DIR });
  try {
    const admin = await adminSignIn(f, ADMIN);
    const cookie = admin.cookies.get('daka_admin') ?? '';
    const signIn: number[] = [];
    const consoleReady: number[] = [];
    for (let i = 0; i < LOADS; i += 1) {
      for (const signedIn of [false, true]) {
        const context = await browser.newContext({ locale: 'zh-CN' });
        if (signedIn) {
          await context.addCookies([{ name: 'daka_admin', value: cookie, url: f.base }]);
        }
        const page = await context.newPage();
        await page.goto(`${f.base}/admin/`);
        if (signedIn) {
          await page.locator('.summary').waitFor();
          consoleReady.push(await page.evaluate(() => performance.now()));
        } else {
          await page.locator('#sign-in').waitFor();
          signIn.push(
            await page.evaluate(
              () =>
                performance.getEntriesByName('first-contentful-paint')[0]?.startTime ??
                performance.now(),
            ),
          );
        }
        await context.close();
      }
    }
    return { signIn, console: consoleReady };
  } finally {
    await f.close();
  }
}

export async function run(): Promise<BenchTable[]> {
  const title = 'Admin console first load';
  if (!existsSync(join(UI_DIR, 'index.html'))) {
    return [{ title, head: ['status'], rows: [['skipped: run `npm run build:admin` first']] }];
  }
  const files = firstLoadBytes();
  const js = files.filter((f) => f.file.endsWith('.js')).reduce((n, f) => n + f.gzip, 0);
  const tables: BenchTable[] = [
    {
      title: `${title}: bytes (zh-CN visit)`,
      head: ['file', 'raw', 'gzip -9'],
      rows: [
        ...files.map((f) => [f.file, kB(f.raw), kB(f.gzip)]),
        ['JavaScript total', '', `${kB(js)} (target ≤ ${kB(JS_TARGET_BYTES)})`],
      ],
      notes: ['React and react-dom are most of the entry; the dictionaries load per language.'],
    },
  ];
  if (!existsSync(CHROMIUM_PATH)) {
    tables.push({ title, head: ['status'], rows: [[`skipped: ${CHROMIUM_PATH} is missing`]] });
    return tables;
  }
  const browser = await launchBrowser();
  try {
    const t = await paints(browser);
    tables.push({
      title: `${title}: Chromium, ${LOADS} cold loads each`,
      head: ['what', 'median', 'max', 'target'],
      rows: [
        [
          'sign-in page, first contentful paint',
          `${median(t.signIn).toFixed(0)} ms`,
          `${Math.max(...t.signIn).toFixed(0)} ms`,
          `≤ ${PAINT_TARGET_MS} ms`,
        ],
        [
          'signed in: doctor on screen (includes its API calls)',
          `${median(t.console).toFixed(0)} ms`,
          `${Math.max(...t.console).toFixed(0)} ms`,
          '—',
        ],
      ],
      notes: ['From navigation start, 127.0.0.1, a fresh browser context per load (cold cache).'],
    });
  } finally {
    await browser.close();
  }
  return tables;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const table of await run()) {
    console.log(`\n${table.title}`);
    console.table(table.rows.map((r) => Object.fromEntries(table.head.map((h, i) => [h, r[i]]))));
    for (const note of table.notes ?? []) console.log(`  ${note}`);
  }
}
