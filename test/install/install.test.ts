/**
 * A new user's first `npm install` + `npm start` (and `npm run dev`), without
 * the internet: a fresh clone of this checkout (project.ts) fetches Electron's
 * binary from a mirror on 127.0.0.1 (mirror.ts) through the real postinstall
 * and start scripts (scripts/ensure-electron.mjs → node_modules/electron/install.js
 * → @electron/get → the native extractor), then electron-vite starts what it
 * extracted. The release on the mirror is a stand-in: its "electron" is a shell
 * script that boots the built out/main/index.js in Node against the boot test's
 * fake electron (standin-main.ts) and reports whether the tray got ready.
 * When the mirror fails, each command says so in one line.
 *
 * Not on Windows: there Electron's executable is electron.exe, which a script cannot stand in for.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n';
import { startMirror, sha256, zip, type Mirror, type ZipEntry } from './mirror';
import { REPO, cloneProject, resetElectron } from './project';
import type { StandinReport } from './standin-main';

const NPM_KILL_MS = 60_000;
const electronPkg = JSON.parse(
  await readFile(join(REPO, 'node_modules', 'electron', 'package.json'), 'utf8'),
) as { version: string };
const VERSION = electronPkg.version;
const PLATFORM = process.platform;
const ARCH = process.arch;
const ZIP_NAME = `electron-v${VERSION}-${PLATFORM}-${ARCH}.zip`;
/** Where install.js puts the executable inside dist/, and what it writes to path.txt. */
const EXECUTABLE = PLATFORM === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
const FAILURE = /^daka: could not download Electron /;

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The stand-in binary: the app folder and switches electron-vite passes go on to standin-main.ts. */
function standinScript(): string {
  const loader = join(REPO, 'test', 'boot', 'fake-electron-loader.mjs');
  const main = join(REPO, 'test', 'install', 'standin-main.ts');
  return [
    '#!/bin/sh',
    '# A stand-in for Electron (test/install): boots the app in Node against a fake electron.',
    `DAKA_STANDIN_EXE="$0" exec ${quote(process.execPath)} --import tsx --import ${quote(loader)} ${quote(main)} "$@"`,
    '',
  ].join('\n');
}

function releaseZip(): Buffer {
  const folders = EXECUTABLE.split('/').slice(0, -1);
  const entries: ZipEntry[] = folders.map((_, i) => ({
    name: `${folders.slice(0, i + 1).join('/')}/`,
  }));
  entries.push(
    { name: EXECUTABLE, data: standinScript(), mode: 0o755 },
    { name: 'version', data: VERSION },
    { name: 'LICENSE', data: 'A stand-in for tests.\n' },
  );
  return zip(entries);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let root: string;
let project: string;
let runs = 0;
let mirror: Mirror;
let downMirror: string;
const zipFile = releaseZip();

/** The environment of a user's shell: none of this run's npm, Electron or vitest variables. */
/** Each command gets its own HOME: the app's log and stores start empty. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const home = join(root, `home-${++runs}`);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|electron_|vitest|node_env$|node_options$|appimage$)/i.test(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    // npm reads no ~/.npmrc from the temporary HOME: keep it from asking the registry anything.
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    electron_config_cache: join(root, 'electron-cache'),
    ...extra,
  };
}

async function npm(args: string[], extra: Record<string, string>): Promise<Run> {
  const child = spawn('npm', args, {
    cwd: project,
    env: userEnv(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const kill = setTimeout(() => child.kill('SIGKILL'), NPM_KILL_MS);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(kill);
  return { code, stdout, stderr };
}

function report(run: Run): StandinReport {
  const line = run.stdout.split('\n').find((l) => l.startsWith('STANDIN_RESULT '));
  if (!line) {
    throw new Error(`No stand-in report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return JSON.parse(line.slice('STANDIN_RESULT '.length)) as StandinReport;
}

function failureLines(run: Run): string[] {
  return `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => FAILURE.test(line));
}

const electronDir = () => join(project, 'node_modules', 'electron');
const installedExe = () => join(electronDir(), 'dist', EXECUTABLE);
const cachedZips = async () =>
  (await readdir(join(root, 'electron-cache'), { recursive: true }).catch(() => [])).filter(
    (file) => String(file).endsWith(ZIP_NAME),
  );

async function freshElectron(): Promise<void> {
  await resetElectron(project);
  await rm(join(root, 'electron-cache'), { recursive: true, force: true });
  await rm(join(project, 'out'), { recursive: true, force: true });
  mirror.requests.length = 0;
}

function expectReadyApp(run: Run): StandinReport {
  const app = report(run);
  expect(app.errors).toEqual([]);
  expect(app.ready).toBe(true);
  // electron-vite started the binary install.js extracted, with the project folder as the app.
  expect(app.exe).toBe(installedExe());
  expect(app.args[0]).toBe('.');
  expect(app.cwd).toBe(project);
  expect(app.entry).toBe(join(project, 'out', 'main', 'index.js'));
  expect(app.readyLine).toContain("mode: 'unconfigured'");
  expect(app.tray?.count).toBe(1);
  expect(app.tray?.menu).toContain(translate('en', 'tray.setup'));
  expect(app.tray?.menu).toContain(translate('en', 'tray.quit'));
  expect(app.tray?.imagePath?.startsWith(join(project, 'out', 'tray'))).toBe(true);
  expect(app.tray?.imageExists).toBe(true);
  expect(run.code).toBe(0);
  return app;
}

/** The stand-in's hash is not Electron's: like any mirror test, read the mirror's SHASUMS256.txt. */
const REMOTE_CHECKSUMS = { electron_use_remote_checksums: '1' };

describe.skipIf(process.platform === 'win32')('a fresh clone, npm install, npm start', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'daka-install-'));
    project = join(root, 'daka');
    await cloneProject(project);
    const checksums = Buffer.from(`${sha256(zipFile)} *${ZIP_NAME}\n`);
    mirror = await startMirror(
      new Map([
        // GitHub's layout: ELECTRON_MIRROR=<url>
        [`/v${VERSION}/${ZIP_NAME}`, zipFile],
        [`/v${VERSION}/SHASUMS256.txt`, checksums],
        // npmmirror's: electron_mirror=<url>mirrors/electron/, electron_custom_dir={{ version }}
        [`/mirrors/electron/${VERSION}/${ZIP_NAME}`, zipFile],
        [`/mirrors/electron/${VERSION}/SHASUMS256.txt`, checksums],
      ]),
    );
    // A port that was just listening and is closed now: a mirror that is down.
    const closed = await startMirror(new Map());
    downMirror = closed.url;
    await closed.close();
  }, 60_000);

  afterAll(async () => {
    await mirror?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('skips the download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, and start says why it cannot run', async () => {
    const skip = { ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_MIRROR: mirror.url };
    const install = await npm(['run', 'postinstall'], skip);
    expect(install.code).toBe(0);
    expect(install.stdout).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
    expect(mirror.requests).toEqual([]);
    expect(existsSync(join(electronDir(), 'path.txt'))).toBe(false);

    const start = await npm(['start'], skip);
    expect(start.code).toBe(1);
    const lines = start.stderr.split('\n').filter((line) => line.startsWith('daka: '));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set: unset it');
    // Before the build: nothing built, nothing fetched.
    expect(existsSync(join(project, 'out'))).toBe(false);
    expect(mirror.requests).toEqual([]);
  });

  it('postinstall fetches the binary through npm config electron_mirror + electron_custom_dir, once', async () => {
    await freshElectron();
    // What a user in China puts in .npmrc (npmmirror keeps versions without the "v").
    const npmrc = join(project, '.npmrc');
    await writeFile(
      npmrc,
      `electron_mirror=${mirror.url}mirrors/electron/\nelectron_custom_dir={{ version }}\n`,
    );
    try {
      const first = await npm(['run', 'postinstall'], REMOTE_CHECKSUMS);
      expect(first.code, first.stderr).toBe(0);
      expect(mirror.requests).toEqual([
        `/mirrors/electron/${VERSION}/${ZIP_NAME}`,
        `/mirrors/electron/${VERSION}/SHASUMS256.txt`,
      ]);
      expect(first.stdout).toContain(`Electron ${VERSION} is ready in node_modules/electron/dist`);
      expect(await readFile(join(electronDir(), 'path.txt'), 'utf8')).toBe(EXECUTABLE);
      expect(statSync(installedExe()).mode & 0o111).not.toBe(0);
      expect(await cachedZips()).toHaveLength(1);

      const again = await npm(['run', 'postinstall'], REMOTE_CHECKSUMS);
      expect(again.code).toBe(0);
      expect(again.stdout).not.toContain('downloading');
      expect(mirror.requests).toHaveLength(2);
    } finally {
      await rm(npmrc, { force: true });
    }
  });

  it('npm start alone fetches it from ELECTRON_MIRROR, builds, and starts it: the app reaches a ready tray', async () => {
    // As after `npm install --ignore-scripts`: no postinstall ran.
    await freshElectron();
    const start = await npm(['start'], { ELECTRON_MIRROR: mirror.url, ...REMOTE_CHECKSUMS });
    expect(mirror.requests).toEqual([`/v${VERSION}/${ZIP_NAME}`, `/v${VERSION}/SHASUMS256.txt`]);
    expect(start.stdout).toContain(
      `daka: downloading Electron ${VERSION} (${PLATFORM}-${ARCH}) from ${mirror.url}v${VERSION}/${ZIP_NAME}`,
    );
    const app = expectReadyApp(start);
    expect(app.rendererUrl).toBeNull();
    expect(app.popupUrl).toBe('app://daka/index.html');
  });

  it('npm run dev starts the same binary, with the renderer dev server, and fetches nothing again', async () => {
    const dev = await npm(['run', 'dev'], { ELECTRON_MIRROR: mirror.url, ...REMOTE_CHECKSUMS });
    expect(mirror.requests).toHaveLength(2);
    expect(dev.stdout).not.toContain('downloading');
    const app = expectReadyApp(dev);
    expect(app.rendererUrl).toMatch(/^http:\/\/localhost:\d+\/?$/);
    expect(app.popupUrl?.startsWith(app.rendererUrl ?? '-')).toBe(true);
  });

  describe('when the mirror fails, one line says what to set and where the binary goes', () => {
    function expectFailureLine(run: Run, url: string, reason: RegExp, again: string): void {
      const lines = failureLines(run);
      expect(lines, `${run.stdout}\n${run.stderr}`).toHaveLength(1);
      const [line = ''] = lines;
      expect(line).toContain(`from ${url}`);
      expect(line).toMatch(reason);
      expect(line).toContain('Set ELECTRON_MIRROR');
      expect(line).toContain('https://npmmirror.com/mirrors/electron/');
      expect(line).toContain(`then ${again}`);
      expect(line).toContain('the binary goes to node_modules/electron/dist');
      expect(line).toContain(`cached in ${join(root, 'electron-cache')}`);
      // No stack trace besides it.
      expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at /m);
    }

    it('a mirror without the file (404): start and dev stop before building, postinstall only warns', async () => {
      await freshElectron();
      mirror.mode = '404';
      try {
        const env = { ELECTRON_MIRROR: mirror.url, ...REMOTE_CHECKSUMS };
        const url = `${mirror.url}v${VERSION}/${ZIP_NAME}`;
        const start = await npm(['start'], env);
        expect(start.code).toBe(1);
        expectFailureLine(start, url, /Response code 404/, 'run `npm start` again');
        expect(existsSync(join(project, 'out'))).toBe(false);

        const dev = await npm(['run', 'dev'], env);
        expect(dev.code).toBe(1);
        expectFailureLine(dev, url, /Response code 404/, 'run `npm run dev` again');

        const install = await npm(['run', 'postinstall'], env);
        expect(install.code).toBe(0);
        expectFailureLine(install, url, /Response code 404/, '`npm start` tries again');
        expect(existsSync(join(electronDir(), 'path.txt'))).toBe(false);
      } finally {
        mirror.mode = 'ok';
      }
    });

    it('a mirror that is down (connection refused)', async () => {
      await freshElectron();
      const start = await npm(['start'], { ELECTRON_MIRROR: downMirror, ...REMOTE_CHECKSUMS });
      expect(start.code).toBe(1);
      const url = `${downMirror}v${VERSION}/${ZIP_NAME}`;
      expectFailureLine(start, url, /fetch failed: ECONNREFUSED/, 'run `npm start` again');
      expect(existsSync(join(project, 'out'))).toBe(false);
    });

    it("a file that does not match Electron's own checksums is refused", async () => {
      // Without electron_use_remote_checksums, install.js checks against its checksums.json.
      await freshElectron();
      const start = await npm(['start'], { ELECTRON_MIRROR: mirror.url });
      expect(start.code).toBe(1);
      const url = `${mirror.url}v${VERSION}/${ZIP_NAME}`;
      expectFailureLine(start, url, /did not match expected checksum/, 'run `npm start` again');
      expect(existsSync(join(electronDir(), 'path.txt'))).toBe(false);
    });
  });
});
