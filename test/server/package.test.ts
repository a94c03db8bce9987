/**
 * The built server as it is installed: scripts/build-server.mjs
 * --with-node-modules writes the package into <tmp>/app/node_modules/daka-server
 * with its run-time closure (better-sqlite3 as built here, and what it loads) in
 * its own node_modules, the layout of a nested npm install and of the container
 * image's /opt/daka. The tests run it from a temporary working directory with
 * plain `node`: no tsx, no sources, no devDependencies. A module the bundle
 * should have carried, or a file it looks for beside the sources, fails here.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const rootPkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

let work: string;
let app: string;
let pkgDir: string;
let bundle: string;

/** The child's environment: nothing of this machine's Daka settings, a home of its own. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('DAKA_') && k !== 'DATABASE_URL'),
  );
  return { ...clean, HOME: join(work, 'home'), LANG: 'C', ...extra };
}

async function node(args: string[], extra: Record<string, string> = {}, cwd = app) {
  return run(process.execPath, args, { cwd, env: env(extra), timeout: 60_000 }).then(
    (r) => ({ code: 0, ...r }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : -1,
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? String(error),
    }),
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'daka-server-pkg-'));
  app = join(work, 'app');
  pkgDir = join(app, 'node_modules', 'daka-server');
  bundle = join(pkgDir, 'daka-server.mjs');
  await mkdir(join(app, 'node_modules', '.bin'), { recursive: true });
  await run(
    process.execPath,
    [join(ROOT, 'scripts/build-server.mjs'), '--outdir', pkgDir, '--with-node-modules'],
    { cwd: ROOT },
  );
  // What npm does for a bin: a symlink in node_modules/.bin.
  await symlink('../daka-server/bin.mjs', join(app, 'node_modules', '.bin', 'daka-server'));
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the daka-server package', () => {
  it('declares only better-sqlite3 at run time and ships the bundle, not sources or maps', async () => {
    const manifest = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      name: 'daka-server',
      version: rootPkg.version,
      type: 'module',
      bin: { 'daka-server': 'bin.mjs' },
    });
    expect(Object.keys(manifest.dependencies as object)).toEqual(['better-sqlite3']);
    // Copied: the declared dependency and what it loads, not its install-time prebuild-install.
    expect((await readdir(join(pkgDir, 'node_modules'))).sort()).toEqual([
      'better-sqlite3',
      'bindings',
      'file-uri-to-path',
    ]);

    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: pkgDir,
      env: env(),
    });
    const [packed] = JSON.parse(stdout) as [{ files: { path: string }[] }];
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'bin.mjs',
        'daka-server.mjs',
        'daka-server.mjs.LEGAL.txt',
      ]),
    );
    const stray = paths.filter(
      (p) => !/^(package\.json|bin\.mjs|daka-server\.mjs(\.LEGAL\.txt)?|admin\/[\w./-]+)$/.test(p),
    );
    expect(stray).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map') || p.endsWith('.ts'))).toEqual([]);
  });

  it('carries its version and finds the console inside the package, not beside the sources', async () => {
    const text = await readFile(bundle, 'utf8');
    // (Booleans, not toContain: a failure must not print five megabytes of bundle.)
    const version = rootPkg.version.replace(/\./g, '\\.');
    // serverVersion() (GET /v1/me, the console) reads no package.json at run time.
    expect(new RegExp(`\\{\\s*"version":\\s*"${version}"\\s*\\}`).test(text)).toBe(true);
    expect(text.includes('../package.json')).toBe(false);
    expect(text.includes('../../out/admin')).toBe(false);
    expect(/resolve\d*\(import\.meta\.dirname, "admin"\)/.test(text)).toBe(true);
  });

  it('runs the doctor in demo mode from a bare working directory', async () => {
    const { code, stdout, stderr } = await node([bundle, 'doctor', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { mode: string; checks: { id: string; status: string }[] };
    expect(report.mode).toBe('demo');
    expect(report.checks.map((c) => c.id)).toContain('credentials');
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('writes a 0600 configuration with init, through the bin npm links', async () => {
    const file = join(work, 'etc', 'config.json');
    const { code, stdout } = await node([
      join(app, 'node_modules', '.bin', 'daka-server'),
      'init',
      '--public-url',
      'https://daka.example.com',
      '--file',
      file,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('https://daka.example.com/v1/auth/callback');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const config = JSON.parse(await readFile(file, 'utf8')) as { publicUrl: string };
    expect(config.publicUrl).toBe('https://daka.example.com');
  });

  it('serves /healthz and the console, logs JSON, and stops on SIGTERM', async () => {
    const data = join(work, 'run-data');
    const child = spawn(process.execPath, [bundle], {
      cwd: app,
      env: env({ DAKA_SERVER_DATA: data, DAKA_SERVER_PORT: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = exitOf(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (found?.[1]) resolveUrl(found[1]);
      });
      void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${stderr}`)));
    });
    try {
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      // The console when `npm run build:admin` ran before the build (npm run build), else the
      // page saying how to build it: either way found through the package's own admin/.
      const built = existsSync(join(ROOT, 'out', 'admin', 'index.html'));
      expect(existsSync(join(pkgDir, 'admin', 'index.html'))).toBe(built);
      const admin = await fetch(`${url}/admin/`);
      expect(admin.status).toBe(built ? 200 : 503);
      expect(admin.headers.get('content-type')).toMatch(/text\/html/);
      if (built) {
        expect(await admin.text()).toBe(
          await readFile(join(ROOT, 'out', 'admin', 'index.html'), 'utf8'),
        );
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping');
    const lines = stdout.trim().split('\n');
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain('daka-server: listening');
    expect(messages).toContain('daka-server: stopped');
    expect((await stat(join(data, 'demo', 'daka-server.db'))).isFile()).toBe(true);
  });

  it('refuses a database written by a newer release, with the reason', async () => {
    const data = join(work, 'newer-data');
    // A short run writes the database; then a newer release's migration is marked applied.
    const started = spawn(process.execPath, [bundle], {
      cwd: app,
      env: env({ DAKA_SERVER_DATA: data, DAKA_SERVER_PORT: '0' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const done = exitOf(started);
    await new Promise<void>((resolveUp) => {
      started.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('DEMO')) resolveUp();
      });
    });
    started.kill('SIGTERM');
    expect(await done).toBe(0);
    const sqlite = new SQLite(join(data, 'demo', 'daka-server.db'));
    sqlite
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('9999_from_the_future', new Date().toISOString());
    sqlite.close();

    const { code, stderr } = await node([bundle], {
      DAKA_SERVER_DATA: data,
      DAKA_SERVER_PORT: '0',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^daka-server: The database was written by a newer Daka Server/m);
    expect(stderr).toContain('9999_from_the_future');
  });
});

describe('bin/daka-server.js', () => {
  it('runs the build when there is one', async () => {
    const tree = join(work, 'checkout-built');
    await mkdir(join(tree, 'bin'), { recursive: true });
    await mkdir(join(tree, 'out'), { recursive: true });
    await copyFile(join(ROOT, 'bin/daka-server.js'), join(tree, 'bin/daka-server.js'));
    await copyFile(join(ROOT, 'package.json'), join(tree, 'package.json'));
    await symlink(pkgDir, join(tree, 'out', 'server'), 'dir');
    await symlink(join(app, 'node_modules'), join(tree, 'node_modules'), 'dir');
    const { code, stdout, stderr } = await node(
      [join(tree, 'bin/daka-server.js'), 'help'],
      {},
      tree,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('Usage:');
    expect(stderr).toBe('');
  });

  it('falls back to the sources through tsx, and says so, when there is no build', async () => {
    const tree = join(work, 'checkout-source');
    await mkdir(join(tree, 'bin'), { recursive: true });
    await copyFile(join(ROOT, 'bin/daka-server.js'), join(tree, 'bin/daka-server.js'));
    await copyFile(join(ROOT, 'package.json'), join(tree, 'package.json'));
    for (const folder of ['node_modules', 'server', 'main', 'shared']) {
      await symlink(join(ROOT, folder), join(tree, folder), 'dir');
    }
    const { code, stdout, stderr } = await node(
      [join(tree, 'bin/daka-server.js'), 'help'],
      {},
      tree,
    );
    expect(stderr).toContain('running the sources through tsx');
    expect(stdout).toContain('Usage:');
    expect(code).toBe(0);
  });
});

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
}
