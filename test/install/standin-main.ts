/**
 * What the stand-in "Electron" binary runs (install.test.ts puts a shell script
 * in the release zip that execs
 *   node --import tsx --import test/boot/fake-electron-loader.mjs standin-main.ts <args>
 * with the arguments electron-vite gave the binary). Like Electron, it takes the
 * first argument that is not a switch as the app folder, starts that folder's
 * package.json `main`, here against the boot test's fake electron, and reports
 * one line `STANDIN_RESULT {json}` on stdout once the tray is ready (or not).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fake from '../boot/electron-module';

const READY_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

const errors: string[] = [];
const record = (error: unknown) => {
  errors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
};
process.on('uncaughtException', record);
process.on('unhandledRejection', record);

const exe = process.env.DAKA_STANDIN_EXE ?? '';
const args = process.argv.slice(2);
const appDir = resolve(args.find((arg) => !arg.startsWith('-')) ?? '.');
const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { main?: string };
const entry = resolve(appDir, pkg.main ?? 'index.js');

// As in Electron: the app path is the folder it was started with, resources sit by the binary.
fake.app.appPath = appDir;
Object.defineProperty(process, 'resourcesPath', {
  value: join(dirname(exe), 'resources'),
  configurable: true,
});

const logFile = () => join(fake.app.getPath('logs'), 'main.log');
const readyLine = () =>
  existsSync(logFile())
    ? (readFileSync(logFile(), 'utf8')
        .split('\n')
        .find((line) => /\[info\]\s+ready\b/.test(line)) ?? null)
    : null;
const tray = () => fake.Tray.instances[0];

async function waitForReady(): Promise<boolean> {
  const end = Date.now() + READY_TIMEOUT_MS;
  while ((tray()?.contextMenu ?? null) === null || readyLine() === null) {
    if (Date.now() > end || errors.length > 0) return false;
    await new Promise((wake) => setTimeout(wake, POLL_MS));
  }
  return true;
}

async function run() {
  await import(pathToFileURL(entry).href);
  const ready = await waitForReady();
  const t = tray();
  const imagePath = (t?.image as { path?: string } | null | undefined)?.path ?? null;
  return {
    exe,
    args,
    cwd: process.cwd(),
    entry,
    rendererUrl: process.env.ELECTRON_RENDERER_URL ?? null,
    ready,
    readyLine: readyLine(),
    tray: t
      ? {
          count: fake.Tray.instances.length,
          menu: t.contextMenu?.labels() ?? null,
          imagePath,
          imageExists: imagePath !== null && existsSync(imagePath),
        }
      : null,
    popupUrl: fake.BrowserWindow.instances[0]?.loadedUrl ?? null,
    errors,
  };
}

export type StandinReport = Awaited<ReturnType<typeof run>>;

run().then(
  (report) => {
    process.stdout.write(`STANDIN_RESULT ${JSON.stringify(report)}\n`);
    process.exit(report.ready && errors.length === 0 ? 0 : 1);
  },
  (error: unknown) => {
    record(error);
    process.stdout.write(`STANDIN_RESULT ${JSON.stringify({ ready: false, errors })}\n`);
    process.exit(1);
  },
);
