/**
 * Packs the real build with electron-builder (Linux, unpacked) and reads what
 * would ship. No Electron binary is downloaded: builder copies a stand-in
 * folder whose `electron` file carries the fuse wire the way a real binary does,
 * so the fuses builder flips can be read back.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ICON_FILE, TRAY_DIR, TRAY_STATES, trayIconName } from '../../main/shell/artwork';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
// Both come with electron-builder; asar is what Electron reads, fuses what builder writes.
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
  statFile(archive: string, file: string): { files?: unknown; size?: number };
};
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as {
  getCurrentFuseWire(binary: string): Promise<Record<number, number>>;
  FuseV1Options: Record<string, number>;
};
const yaml = require('js-yaml') as { load(text: string): unknown };

const root = resolve(import.meta.dirname, '../..');
const ENTRIES = ['main/index.ts', 'main/cli.ts', 'main/preload.ts', 'renderer/index.html'];
const missing = ENTRIES.filter((entry) => !existsSync(join(root, entry)));

/** @electron/fuses' sentinel, then wire version 1, wire length, one byte per fuse. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ENABLE = '1'.charCodeAt(0);
const DISABLE = '0'.charCodeAt(0);
/** Electron's defaults, in wire order: what an unflipped binary says. */
const STOCK_WIRE = '10110001';

const EXPECTED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

/** What may be in app.asar; anything else is a leak (sources, maps, fixtures, secrets). */
const ALLOWED = [
  /^package\.json$/,
  /^out\/main\/[\w./-]+\.js$/,
  /^out\/preload\/index\.cjs$/,
  /^out\/renderer\/index\.html$/,
  /^out\/renderer\/assets\/[\w.-]+\.(js|css|woff2?|png|svg)$/,
  /^out\/tray\/[\w@.-]+\.(png|ico)$/,
];

function trayNames(): string[] {
  const names = new Set([APP_ICON_FILE]);
  for (const state of TRAY_STATES) {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const dark of [false, true]) names.add(trayIconName(state, platform, { dark }));
    }
  }
  return [...names];
}

async function node(args: string[], cwd: string): Promise<void> {
  await run(process.execPath, args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}

if (missing.length > 0) {
  console.warn(`packaging test skipped until these exist: ${missing.join(', ')}`);
}

describe.skipIf(missing.length > 0)('packaged app (Linux, unpacked, stand-in Electron)', () => {
  let work: string;
  let appOut: string;
  let archive: string;
  let files: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'daka-package-'));
    const project = join(work, 'project');
    const out = join(project, 'out');
    await mkdir(project);
    await copyFile(join(root, 'package.json'), join(project, 'package.json'));
    await copyFile(join(root, 'electron-builder.yml'), join(project, 'electron-builder.yml'));
    await mkdir(join(project, 'build'));
    await copyFile(
      join(root, 'build/node-modules-bundled.cjs'),
      join(project, 'build/node-modules-bundled.cjs'),
    );
    // A real checkout has node_modules and a lockfile beside electron-builder.yml, with the
    // bundled packages as `dependencies`: builder packs those unless the beforeBuild hook
    // says node_modules are handled outside it. Without them here, a missing hook would pass.
    await copyFile(join(root, 'package-lock.json'), join(project, 'package-lock.json'));
    await symlink(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');

    // The same two steps as `npm run build`, into the temporary project.
    await node(['--import', 'tsx', join(root, 'scripts/icons.ts'), out], root);
    await node(
      [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out],
      root,
    );
    // `npm run build` also writes Daka Server and its admin console into out/: not the app's.
    for (const dir of ['server', 'admin']) {
      await mkdir(join(out, dir), { recursive: true });
      await writeFile(join(out, dir, 'index.mjs'), '// not part of the app\n');
    }

    const electronDist = join(work, 'electron');
    await mkdir(electronDist);
    await writeFile(
      join(electronDist, 'electron'),
      Buffer.concat([
        Buffer.from('#!/bin/sh\n# stand-in for the Electron binary\n'),
        Buffer.from(FUSE_SENTINEL),
        Buffer.from([1, STOCK_WIRE.length]),
        Buffer.from(STOCK_WIRE),
        Buffer.from('\n'),
      ]),
      { mode: 0o755 },
    );
    const electronVersion = (
      JSON.parse(await readFile(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    await node(
      [
        join(root, 'node_modules/electron-builder/cli.js'),
        '--dir',
        '--linux',
        '--x64',
        '--publish',
        'never',
        `-c.electronDist=${electronDist}`,
        `-c.electronVersion=${electronVersion}`,
        `-c.directories.output=${join(work, 'dist')}`,
      ],
      project,
    );

    appOut = join(work, 'dist', 'linux-unpacked');
    archive = join(appOut, 'resources', 'app.asar');
    files = asar
      .listPackage(archive, { isPack: false })
      .map((entry) => entry.replace(/\\/g, '/').replace(/^\//, ''))
      .filter((entry) => asar.statFile(archive, entry).files === undefined);
  }, 300_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('holds the built main, CLI, preload, renderer and package.json', () => {
    for (const file of [
      'package.json',
      'out/main/index.js',
      'out/main/cli.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => /^out\/renderer\/assets\/.+\.js$/.test(f))).toBe(true);
  });

  it('holds every tray icon the tray can ask for', () => {
    for (const name of trayNames()) expect(files).toContain(`${TRAY_DIR}/${name}`);
  });

  it('holds nothing else: no sources, tests, source maps, node_modules, fixtures or installer art', () => {
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it('carries no secrets and no pointers to source maps', () => {
    for (const file of files) {
      const text = asar.extractFile(archive, file).toString('latin1');
      expect(text, file).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(text, file).not.toMatch(/sourceMappingURL=(?!data:)/);
    }
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(pkg.main).toBe('out/main/index.js');
    // `dependencies` stays as a record of what is bundled (none of it is packed: see above).
    expect(pkg).not.toHaveProperty('devDependencies');
    expect(pkg).not.toHaveProperty('scripts');
  });

  it('flips the fuses in the Electron binary', async () => {
    const wire = await getCurrentFuseWire(join(appOut, 'daka'));
    const state = (name: string) => wire[FuseV1Options[name] as number];
    expect(state('RunAsNode')).toBe(DISABLE);
    expect(state('EnableCookieEncryption')).toBe(ENABLE);
    expect(state('EnableNodeOptionsEnvironmentVariable')).toBe(DISABLE);
    expect(state('EnableNodeCliInspectArguments')).toBe(DISABLE);
    expect(state('EnableEmbeddedAsarIntegrityValidation')).toBe(ENABLE);
    expect(state('OnlyLoadAppFromAsar')).toBe(ENABLE);
    expect(state('GrantFileProtocolExtraPrivileges')).toBe(DISABLE);
  });

  it('points electron-updater at a generic feed (provisioning replaces the URL)', async () => {
    const update = yaml.load(await readFile(join(appOut, 'resources', 'app-update.yml'), 'utf8'));
    expect(update).toMatchObject({ provider: 'generic' });
  });
});

describe('electron-builder.yml', () => {
  it('packs the build output only, as asar, with the fuses set', async () => {
    const config = yaml.load(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      appId: 'com.daka.app',
      productName: 'Daka',
      asar: true,
      directories: { output: 'dist' },
      files: ['out/**', '!out/icons/**', '!out/server/**', '!out/admin/**', '!**/*.map'],
      electronFuses: EXPECTED_FUSES,
      mac: { extendInfo: { LSUIElement: true }, target: ['dmg', 'zip'] },
      win: { target: ['nsis'] },
      linux: { target: ['AppImage', 'deb'], maintainer: 'Daka developers <dev@daka.invalid>' },
      publish: { provider: 'generic' },
    });
  });

  it('packs no node_modules although the bundled packages are dependencies (for npm audit)', async () => {
    const config = yaml.load(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    // npmRebuild: false would return before the hook runs, and node_modules would be packed.
    expect(config.npmRebuild).not.toBe(false);
    expect(config.beforeBuild).toBe('./build/node-modules-bundled.cjs');
    const hook = require(join(root, 'build/node-modules-bundled.cjs')) as () => Promise<boolean>;
    await expect(hook()).resolves.toBe(false);
  });
});
