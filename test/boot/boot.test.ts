/**
 * Boots the BUILT app (out/main/index.js) in plain Node against a fake
 * `electron` (see fake-electron-loader.mjs), in a temporary HOME, and checks it
 * reaches a ready tray with nothing thrown. This is what unit tests of the
 * sources cannot see: ESM/CJS interop in the bundle, the paths the bundle
 * computes at run time (preload, renderer, tray icons), and the wiring of
 * main/index.ts itself. test/global-setup.ts builds out/ once before the run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, CONTENT_SECURITY_POLICY } from '../../main/shell/app-protocol';
import { CHANNEL_NAMES, invokeChannel } from '../../shared/channels';
import { translate, type AnyMessageKey, type UiLanguage } from '../../shared/i18n';
import type { BootReport } from './boot-child';

const repo = resolve(import.meta.dirname, '../..');
const LOADER = join(import.meta.dirname, 'fake-electron-loader.mjs');
const CHILD = join(import.meta.dirname, 'boot-child.ts');
const TRAY_DIR = join(repo, 'out', 'tray');
/** A safety net only: the child bounds its own waits and reports. */
const CHILD_KILL_MS = 60_000;
const homes: string[] = [];

interface BootRun {
  code: number | null;
  stderr: string;
  home: string;
  report: BootReport;
}

async function boot(args: string[], languages: string): Promise<BootRun> {
  const home = await mkdtemp(join(tmpdir(), 'daka-boot-'));
  homes.push(home);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    DAKA_BOOT_LANGUAGES: languages,
  };
  // Either would change what main does (dev server, AppImage autostart path).
  delete env.ELECTRON_RENDERER_URL;
  delete env.APPIMAGE;
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', LOADER, CHILD, ...args], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const kill = setTimeout(() => child.kill('SIGKILL'), CHILD_KILL_MS);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(kill);
  const line = stdout.split('\n').find((l) => l.startsWith('BOOT_RESULT '));
  if (!line) throw new Error(`The child printed no result (exit ${code}):\n${stdout}\n${stderr}`);
  return { code, stderr, home, report: JSON.parse(line.slice('BOOT_RESULT '.length)) };
}

function labels(language: UiLanguage, keys: (AnyMessageKey | '---')[]): string[] {
  return keys.map((key) => (key === '---' ? key : translate(language, key)));
}

const UNCONFIGURED_MENU: (AnyMessageKey | '---')[] = [
  'tray.setup',
  '---',
  'tray.startAtLogin',
  'tray.settings',
  '---',
  'tray.quit',
];

/** A translation key shown as is ("tray.quit"): its translation is missing. */
const RAW_KEY = /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/;

function expectTranslated(texts: string[]): void {
  const raw = texts.flatMap((text) => text.split(' · ')).filter((part) => RAW_KEY.test(part));
  expect(raw, 'untranslated keys').toEqual([]);
}

/** An entry electron-log echoes to the console ("18:16:30.633 › message"), also in main.log. */
const LOG_ECHO = /^\d{2}:\d{2}:\d{2}\.\d{3} › /;

/**
 * What reached stderr other than the log's echo: a library's console.warn, a
 * Node warning, a crash. Indented lines and closing brackets continue an entry.
 */
function foreignStderr(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line !== '' && !/^[\s}\]]/.test(line) && !LOG_ECHO.test(line));
}

function expectCleanRun(run: BootRun): void {
  expect(run.report.errors).toEqual([]);
  expect(run.code).toBe(0);
  expect(foreignStderr(run.stderr), 'stderr besides the log').toEqual([]);
  expect(run.report.ready).toBe(true);
  expect(run.report.quitRequested).toBe(false);
  expect(run.report.logProblems).toEqual([]);
}

function expectSealedPopup(run: BootRun): void {
  expect(run.report.windows).toHaveLength(1);
  const [win] = run.report.windows;
  expect(win).toMatchObject({
    show: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    preload: join(repo, 'out', 'preload', 'index.cjs'),
    preloadExists: true,
    loadURL: APP_INDEX_URL,
  });
}

function expectTrayIcon(tray: BootReport['tray']): void {
  expect(tray?.imagePath).toBeTruthy();
  expect(dirname(tray?.imagePath ?? '')).toBe(TRAY_DIR);
  expect(tray?.imageExists).toBe(true);
}

afterAll(async () => {
  await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
});

describe('the built app, booted against a fake electron', () => {
  let run: BootRun;
  beforeAll(async () => {
    run = await boot([], 'en-US');
  }, 90_000);

  it('reaches ready with nothing thrown, logged as a problem or warned', () => {
    expectCleanRun(run);
    expect(run.report.readyLine).toContain("mode: 'unconfigured'");
    expect(run.report.readyLine).toContain('autostart: false');
    expect(run.report.applicationMenu).toBeNull();
  });

  it('shows one tray icon from out/tray with a translated menu that offers setup', () => {
    const { tray } = run.report;
    expect(tray?.count).toBe(1);
    expectTrayIcon(tray);
    expect(tray?.menu).toEqual(labels('en', UNCONFIGURED_MENU));
    expectTranslated([...(tray?.menu ?? []), tray?.tooltip ?? '']);
    expect(tray?.tooltip.startsWith('Daka')).toBe(true);
  });

  it('creates the popup hidden and sandboxed, loading the app page with an existing preload', () => {
    expectSealedPopup(run);
    // Unconfigured and launched by the user: the popup opens on onboarding.
    expect(run.report.windows[0]?.visible).toBe(true);
    expect(run.report.windows[0]?.navigatedTo).toEqual(['onboarding']);
  });

  it('handles every IPC channel, for the popup only', () => {
    const channels = run.report.ipc?.channels ?? [];
    for (const name of CHANNEL_NAMES) expect(channels).toContain(invokeChannel(name));
    expect(run.report.ipc?.getSnapshot).toEqual({ ok: true, mode: 'unconfigured' });
    expect(run.report.ipc?.strangerRefused).toBe(true);
  });

  it('serves the renderer on app:// with the CSP header and refuses anything outside it', () => {
    const protocol = run.report.protocol;
    expect(protocol?.privileged).toContainEqual({
      scheme: 'app',
      privileges: expect.objectContaining({ standard: true, secure: true }),
    });
    expect(protocol?.index).toMatchObject({
      status: 200,
      csp: CONTENT_SECURITY_POLICY,
      contentType: 'text/html; charset=utf-8',
      isRendererIndex: true,
    });
    expect(protocol?.traversal.length).toBeGreaterThan(0);
    for (const attempt of protocol?.traversal ?? []) {
      expect(attempt, attempt.url).toMatchObject({ status: 404 });
    }
  });

  it('re-labels the tray when the popup changes the language', () => {
    expect(run.report.ipc?.updateSettings).toEqual({
      ok: true,
      menu: labels('zh-CN', UNCONFIGURED_MENU),
    });
  });

  it('runs demo mode on the bundled simulator and shows it in the tray', () => {
    const demo = run.report.ipc?.demo;
    expect(demo).toMatchObject({
      ok: true,
      error: null,
      mode: 'demo',
      trayState: 'demo',
      dayLoaded: true,
    });
    expectTrayIcon(demo?.tray ?? null);
    expect(demo?.tray?.menu).toContain(translate('zh-CN', 'tray.today'));
    expect(demo?.tray?.menu).not.toContain(translate('zh-CN', 'tray.setup'));
    expectTranslated([...(demo?.tray?.menu ?? []), demo?.tray?.tooltip ?? '']);
    // The only expected complaint: the foreign page's refused IPC request.
    expect(run.report.probeLogProblems).toEqual([
      expect.stringContaining('IPC request from an untrusted sender refused'),
    ]);
  });

  it('writes its stores owner-only in the temporary userData', () => {
    const { stores } = run.report;
    expect(stores.folder.startsWith(run.home + sep)).toBe(true);
    const names = stores.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['settings.json', 'state.json', 'secrets.json']));
    for (const file of stores.files) expect(file, file.name).toMatchObject({ mode: '600' });
  });
});

describe('the built app at login with the network not up yet', () => {
  let run: BootRun;
  beforeAll(async () => {
    run = await boot(['--autostart'], 'zh-CN');
  }, 90_000);

  it('waits quietly: no window, notification, dialog or ready before the network is up', () => {
    expect(run.report.beforeOnline).toMatchObject({
      windowsVisible: 0,
      notifications: [],
      dialogs: 0,
      ready: false,
    });
    expect(run.report.beforeOnline?.onlineChecks).toBeGreaterThan(0);
  });

  it('then reaches ready, still without opening anything', () => {
    expectCleanRun(run);
    expect(run.report.readyLine).toContain('autostart: true');
    expect(run.report.afterReady).toMatchObject({
      windowsVisible: 0,
      notifications: [],
      dialogs: 0,
    });
    expectSealedPopup(run);
    expectTrayIcon(run.report.tray);
    expect(run.report.tray?.menu).toEqual(labels('zh-CN', UNCONFIGURED_MENU));
  });
});
