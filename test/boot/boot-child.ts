/**
 * Boots the BUILT main bundle (out/main/index.js) against the fake electron
 * and reports what the app did, as one line `BOOT_RESULT {json}` on stdout.
 * Run by boot.test.ts as
 *   node --import tsx --import ./fake-electron-loader.mjs boot-child.ts [--autostart]
 * with a temporary HOME. With --autostart the network is down at first and
 * comes up after ONLINE_AFTER_MS; what the app had done by then is recorded.
 * Exits 1 on an uncaught exception, an unhandled rejection or no ready tray.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eventChannel } from '../../shared/channels';
import fake from './electron-module';

const READY_TIMEOUT_MS = 15_000;
const DEMO_TIMEOUT_MS = 10_000;
const ONLINE_AFTER_MS = 1_000;
const POLL_MS = 50;
const repo = resolve(import.meta.dirname, '../..');

const errors: { kind: string; message: string; stack: string | null }[] = [];
const record = (kind: string) => (error: unknown) => {
  errors.push({
    kind,
    message: error instanceof Error ? error.message : String(error),
    stack: error instanceof Error ? (error.stack ?? null) : null,
  });
};
process.on('uncaughtException', record('uncaughtException'));
process.on('unhandledRejection', record('unhandledRejection'));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const logFile = () => join(fake.app.getPath('logs'), 'main.log');
const logLines = () =>
  existsSync(logFile()) ? readFileSync(logFile(), 'utf8').split('\n').filter(Boolean) : [];
const readyLine = () => logLines().find((line) => /\[info\]\s+ready\b/.test(line)) ?? null;
const tray = () => fake.Tray.instances[0];
const popup = () => fake.BrowserWindow.instances[0];

/** Polls `done` (after `step`) until it holds, an error is recorded, or time runs out. */
async function until(
  done: () => boolean,
  timeoutMs: number,
  step: () => Promise<void> = async () => undefined,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end || errors.length > 0) return false;
    await sleep(POLL_MS);
    await step();
  }
  return true;
}

/** What the user could have seen so far: windows, notifications, dialogs, and whether main said ready. */
function visibleSoFar() {
  return {
    onlineChecks: fake.net.onlineChecks,
    windowsCreated: fake.BrowserWindow.instances.length,
    windowsVisible: fake.BrowserWindow.instances.filter((w) => w.visible).length,
    notifications: fake.Notification.instances.map((n) => n.options.title ?? ''),
    dialogs: fake.dialog.shown.length,
    ready: readyLine() !== null,
  };
}

function trayReport() {
  const t = tray();
  if (!t) return null;
  const imagePath = (t.image as { path?: string } | null)?.path ?? null;
  return {
    count: fake.Tray.instances.length,
    imagePath,
    imageExists: imagePath !== null && existsSync(imagePath),
    tooltip: t.tooltip,
    menu: t.contextMenu?.labels() ?? null,
  };
}

function windowReport() {
  return fake.BrowserWindow.instances.map((w) => {
    const prefs = w.options.webPreferences ?? {};
    return {
      show: w.options.show ?? null,
      visible: w.visible,
      sandbox: prefs.sandbox ?? null,
      contextIsolation: prefs.contextIsolation ?? null,
      nodeIntegration: prefs.nodeIntegration ?? null,
      preload: prefs.preload ?? null,
      preloadExists: prefs.preload !== undefined && existsSync(prefs.preload),
      loadURL: w.loadedUrl,
      events: [...new Set(w.webContents.sent.map((s) => s.channel))],
      navigatedTo: w.webContents.sent
        .filter((s) => s.channel === eventChannel('navigate'))
        .map((s) => (s.args[0] as { view?: string } | undefined)?.view ?? null),
    };
  });
}

async function protocolReport() {
  const get = async (url: string) => {
    const reply = await fake.protocol.request(url);
    const body = await reply.text();
    return {
      url,
      status: reply.status,
      contentType: reply.headers.get('content-type'),
      csp: reply.headers.get('content-security-policy'),
      bytes: body.length,
      body,
    };
  };
  const index = await get('app://daka/index.html');
  const rendererIndex = readFileSync(join(repo, 'out/renderer/index.html'), 'utf8');
  return {
    privileged: fake.protocol.privileged,
    index: { ...index, body: undefined, isRendererIndex: index.body === rendererIndex },
    traversal: await Promise.all(
      [
        'app://daka/../../package.json',
        'app://daka/..%2F..%2Fpackage.json',
        'app://daka/%2e%2e/%2e%2e/package.json',
        'app://elsewhere/index.html',
      ].map(async (url) => {
        const { status, bytes } = await get(url);
        return { url, status, bytes };
      }),
    ),
  };
}

interface Reply<T = unknown> {
  ok: boolean;
  value?: T;
  error?: { code: string };
}
interface SnapshotLike {
  mode: string;
  trayState: string;
  today: unknown;
}
const hasDay = (reply: Reply<SnapshotLike>) => (reply.value?.today ?? null) !== null;

/** The popup's page asks main over IPC, as the preload would; a foreign page is refused. */
async function ipcReport() {
  const win = popup();
  if (!win) return null;
  const invoke = async <T>(channel: string, request: object) =>
    (await fake.ipcMain.invokeAs({ webContents: win.webContents }, channel, request)) as Reply<T>;

  const stranger = new fake.BrowserWindow({ show: false });
  await stranger.loadURL('https://example.invalid/');
  const fromStranger = (await fake.ipcMain.invokeAs(
    { webContents: stranger.webContents },
    'daka:getSnapshot',
    {},
  )) as Reply;
  stranger.destroy();

  const snapshot = await invoke<SnapshotLike>('daka:getSnapshot', {});
  // A settings change is written to the settings store and re-labels the tray.
  const language = await invoke('daka:updateSettings', { ui: { language: 'zh-CN' } });
  const menuAfterLanguage = tray()?.contextMenu?.labels() ?? null;
  // Demo mode runs the bundled DingTalk simulator on 127.0.0.1 and loads the day from it.
  const demo = await invoke<SnapshotLike>('daka:startDemo', {});
  let current = await invoke<SnapshotLike>('daka:getSnapshot', {});
  await until(
    () => hasDay(current),
    DEMO_TIMEOUT_MS,
    async () => {
      current = await invoke<SnapshotLike>('daka:getSnapshot', {});
    },
  );
  return {
    channels: [...fake.ipcMain.handlers.keys()],
    strangerRefused: !fromStranger.ok && fromStranger.error?.code === 'invalidInput',
    getSnapshot: { ok: snapshot.ok, mode: snapshot.value?.mode ?? null },
    updateSettings: { ok: language.ok, menu: menuAfterLanguage },
    demo: {
      ok: demo.ok,
      error: demo.error ?? null,
      mode: current.value?.mode ?? null,
      trayState: current.value?.trayState ?? null,
      dayLoaded: hasDay(current),
      tray: trayReport(),
    },
  };
}

function storeReport() {
  const folder = fake.app.getPath('userData');
  if (!existsSync(folder)) return { folder, files: [] };
  return {
    folder,
    files: readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({
        name,
        mode: (statSync(join(folder, name)).mode & 0o777).toString(8),
      })),
  };
}

const isProblem = (line: string) => /\[(warn|error)\]/.test(line);

/** Boots main and watches it; then, when ready, acts as the page and the renderer would. */
async function observe(autostart: boolean) {
  const online: { before: ReturnType<typeof visibleSoFar> | null } = { before: null };
  if (autostart) {
    fake.net.online = false;
    setTimeout(() => {
      online.before = visibleSoFar();
      fake.net.online = true;
    }, ONLINE_AFTER_MS);
  }

  await import(pathToFileURL(join(repo, 'out/main/index.js')).href);
  const ready = await until(
    () => (tray()?.contextMenu ?? null) !== null && readyLine() !== null,
    READY_TIMEOUT_MS + (autostart ? ONLINE_AFTER_MS : 0),
  );

  // What booting did, before the probes below act as the page and the renderer.
  const bootLog = logLines();
  const boot = {
    ready,
    readyLine: readyLine(),
    autostart,
    beforeOnline: online.before,
    afterReady: visibleSoFar(),
    quitRequested: fake.app.quitRequested,
    applicationMenu: fake.Menu.applicationMenu === undefined ? 'unset' : fake.Menu.applicationMenu,
    tray: trayReport(),
    windows: windowReport(),
    logProblems: bootLog.filter(isProblem),
  };
  const probes = {
    protocol: ready ? await protocolReport() : null,
    ipc: ready ? await ipcReport() : null,
    stores: storeReport(),
    probeLogProblems: logLines().slice(bootLog.length).filter(isProblem),
  };
  return { ...boot, ...probes, errors };
}

export type BootReport = Awaited<ReturnType<typeof observe>>;

observe(process.argv.includes('--autostart')).then(
  (report) => {
    process.stdout.write(`BOOT_RESULT ${JSON.stringify(report)}\n`);
    process.exit(report.ready && errors.length === 0 ? 0 : 1);
  },
  (error: unknown) => {
    record('boot')(error);
    process.stdout.write(`BOOT_RESULT ${JSON.stringify({ ready: false, errors })}\n`);
    process.exit(1);
  },
);
