#!/usr/bin/env node
/**
 * Makes sure Electron's binary is in node_modules/electron/dist, so that
 * electron-vite (which only reads node_modules/electron/path.txt) can start it.
 *
 *   node scripts/ensure-electron.mjs                 before `npm start` and `npm run dev`:
 *                                                    exits 1 when the binary is missing and
 *                                                    cannot be fetched
 *   node scripts/ensure-electron.mjs --postinstall   after `npm install` / `npm ci`: warns,
 *                                                    never fails the install
 *
 * Since Electron 42 the `electron` package has no install script: its binary is
 * fetched by its own `install-electron` command (node_modules/electron/install.js)
 * or lazily on the first `require('electron')`. This script runs that same
 * install.js, so everything it honours applies: the download mirror
 * (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, ELECTRON_CUSTOM_FILENAME, or npm config
 * electron_mirror / electron_custom_dir), the cache (electron_config_cache),
 * ELECTRON_GET_USE_PROXY, electron_use_remote_checksums. It adds what install.js
 * lacks: ELECTRON_SKIP_BINARY_DOWNLOAD, a fast no-op when the binary is there,
 * and one clear line when the download fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const PROJECT = resolve(import.meta.dirname, '..');
const CHINA_MIRROR =
  'ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ ELECTRON_CUSTOM_DIR={{ version }}';
const postinstall = process.argv.includes('--postinstall');
const env = process.env;

const say = (line) => console.log(`daka: ${line}`);
/** The one line a failure prints; after `npm install` it is a warning, before a start an error. */
function fail(line) {
  console.error(`daka: ${line}`);
  process.exit(postinstall ? 0 : 1);
}

/**
 * Loaded into install.js (`--import`): Node's fetch says only "fetch failed"; this adds
 * the reason (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…) to the error install.js prints.
 */
const FETCH_REASON = `data:text/javascript,${encodeURIComponent(
  'const f = globalThis.fetch; globalThis.fetch = (...a) => f(...a).catch((e) => {' +
    ' const c = e && e.cause; if (!c) throw e;' +
    ' throw new TypeError(`${e.message}: ${c.code || c.message}`, { cause: c }); });',
)}`;

const truthy = (value) => value !== undefined && !['', '0', 'false'].includes(value.toLowerCase());

/** node_modules/electron, or null when it is not installed (e.g. `npm ci --omit=dev`). */
function electronDir() {
  try {
    return dirname(createRequire(join(PROJECT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** As node_modules/electron/install.js names the executable inside dist/. */
function platformPath(platform) {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      return null;
  }
}

/** What electron-vite will start, if it is there and of the version package.json asks for. */
function installedExecutable(dir, version, executable) {
  if (env.ELECTRON_EXEC_PATH)
    return existsSync(env.ELECTRON_EXEC_PATH) ? env.ELECTRON_EXEC_PATH : null;
  try {
    if (readFileSync(join(dir, 'path.txt'), 'utf8') !== executable) return null;
    const distVersion = readFileSync(join(dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    if (distVersion !== version) return null;
  } catch {
    return null;
  }
  const path = join(dir, 'dist', executable);
  return existsSync(path) ? path : null;
}

/**
 * A mirror setting as @electron/get 5 reads it (dist/artifact-utils.js, mirrorVar): npm
 * config first (.npmrc `electron_mirror`), then package.json config, then ELECTRON_MIRROR.
 * Used only to name the URL in messages; the download itself is @electron/get's.
 */
function mirrorVar(name, fallback) {
  const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return (
    env[`npm_config_electron_${name.toLowerCase()}`] ||
    env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
    env[`npm_config_electron_${snake}`] ||
    env[`npm_package_config_electron_${name}`] ||
    env[`npm_package_config_electron_${snake}`] ||
    env[`ELECTRON_${snake.toUpperCase()}`] ||
    fallback
  );
}

function downloadUrl(version, platform, arch) {
  const v = `v${mirrorVar('customVersion', version).replace(/^v/, '')}`;
  const base = mirrorVar('mirror', 'https://github.com/electron/electron/releases/download/');
  const folder = mirrorVar('customDir', v).replace('{{ version }}', v.slice(1));
  const file = mirrorVar('customFilename', `electron-${v}-${platform}-${arch}.zip`);
  return `${base}${folder}/${file}`;
}

/** Where @electron/get keeps downloads (env-paths("electron").cache unless electron_config_cache). */
function cacheDir() {
  if (env.electron_config_cache) return env.electron_config_cache;
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') {
    return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'electron', 'Cache');
  }
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'electron');
}

/** install.js `require`s the ES module @electron/get: Node 20.19+ or 22.12+. */
function nodeCanInstall() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major >= 23 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
}

/** What to do after fixing the problem, in the words of the command that ran this. */
function again() {
  if (postinstall) return '`npm start` tries again';
  return env.npm_lifecycle_event === 'dev' ? 'run `npm run dev` again' : 'run `npm start` again';
}

/** The first line of install.js's error (it prints `err.stack`): "HTTPError: Response code 404 …". */
function cause(stderr) {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('npm warn'));
  return line ?? 'no error message';
}

function main() {
  const dir = electronDir();
  if (dir === null) return; // No devDependencies, nothing to start.
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  const arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  const executable = platformPath(platform);
  if (executable === null) fail(`Electron has no build for this platform (${platform}).`);
  if (installedExecutable(dir, version, executable) !== null) return;

  const dist = relative(process.cwd(), join(dir, 'dist')) || join(dir, 'dist');
  const skip = ['ELECTRON_SKIP_BINARY_DOWNLOAD', 'npm_config_electron_skip_binary_download'].find(
    (name) => truthy(env[name]),
  );
  if (skip !== undefined) {
    if (postinstall) {
      say(`${skip} is set: Electron's binary not downloaded (npm test needs none).`);
      return;
    }
    fail(
      `Electron ${version} is not in ${dist} and ${skip} is set: unset it, then ${again()} ` +
        '(or run `npx install-electron --no`).',
    );
  }
  if (!nodeCanInstall()) {
    fail(
      `Electron's installer needs Node 20.19+ or 22.12+ (22.13+ recommended), this is ` +
        `Node ${process.versions.node}: update Node, then ${again()}.`,
    );
  }

  const url = downloadUrl(version, platform, arch);
  say(`downloading Electron ${version} (${platform}-${arch}) from ${url}`);
  const run = spawnSync(process.execPath, ['--import', FETCH_REASON, join(dir, 'install.js')], {
    cwd: PROJECT,
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  const stderr = run.stderr ?? '';
  const executablePath = installedExecutable(dir, version, executable);
  if (run.status === 0 && executablePath !== null) {
    if (stderr.trim() !== '') process.stderr.write(stderr);
    say(`Electron ${version} is ready in ${dist}`);
    return;
  }
  if (run.status === 0) {
    fail(
      `Electron's installer finished, but ${join(dist, executable)} is not there: ` +
        `delete node_modules/electron, run \`npm install\`, then ${again()}.`,
    );
  }
  const why = (run.error ? run.error.message : cause(stderr)).replace(` for ${url}`, '');
  const advice = /checksum/i.test(why)
    ? "that file is not Electron's own. Set ELECTRON_MIRROR to another mirror"
    : 'Set ELECTRON_MIRROR to a mirror you can reach';
  fail(
    `could not download Electron ${version} from ${url} (${why}): ${advice} ` +
      `(in China: ${CHINA_MIRROR}), then ${again()}; ` +
      `the binary goes to ${dist}, its zip is cached in ${cacheDir()}.`,
  );
}

main();
