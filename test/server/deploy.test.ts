/**
 * The deployment files, checked as far as a machine without Docker or a
 * running systemd allows. deploy/Dockerfile: its stages parsed, every path it
 * COPYs from the repository exists and holds every source the two bundles read,
 * the runtime stage takes only the build stage's package, and the image's
 * environment and HEALTHCHECK command work against the built package.
 * deploy/daka-server.service: `systemd-analyze verify` and the offline
 * security review, when systemd-analyze is installed.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string;
  body: Instruction[];
}

/** Dockerfile → stages: continuation lines joined, comments dropped, ARG defaults substituted. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { op: op.toUpperCase(), args: rest.replace(/\s+/g, ' ') };
    if (instruction.op === 'ARG' && stages.length === 0) {
      const [key = '', value = ''] = instruction.args.split('=');
      args[key] = value;
    } else if (instruction.op === 'FROM') {
      const [image = '', , name = ''] = instruction.args.split(' ');
      stages.push({
        from: image.replace(/\$\{(\w+)\}/g, (_, k: string) => args[k] ?? ''),
        name,
        body: [],
      });
    } else {
      stages.at(-1)?.body.push(instruction);
    }
  }
  return { args, stages };
}

/** `KEY=value KEY2=value2` (ENV's form here). */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of stage.body.filter((x) => x.op === 'ENV')) {
    for (const pair of i.args.split(' ')) {
      const [key = '', value = ''] = pair.split('=');
      env[key] = value;
    }
  }
  return env;
}

const dockerfile = parseDockerfile(await readFile(join(ROOT, 'deploy/Dockerfile'), 'utf8'));
const [buildStage, runtimeStage] = dockerfile.stages;
const runtime: Stage = runtimeStage ?? { from: '', name: '', body: [] };
const ops = (stage: Stage | undefined, op: string) =>
  (stage?.body ?? []).filter((i) => i.op === op).map((i) => i.args);

describe('deploy/Dockerfile', () => {
  it('builds on node 20 bookworm-slim in two stages, build then runtime', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const stage of dockerfile.stages) expect(stage.from).toBe('node:20-bookworm-slim');
    expect(ops(buildStage, 'RUN').join('\n')).toMatch(/\bnpm ci\b/);
  });

  it("copies only paths that exist, and they hold every file the server's and console's bundles read", async () => {
    const sources = ops(buildStage, 'COPY').flatMap((args) => {
      const parts = args.split(' ').filter((p) => !p.startsWith('--'));
      return parts.slice(0, -1);
    });
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), `${source} is not in the repository`).toBe(true);
      expect(source).not.toMatch(/^(out|dist|node_modules|\.git)\b/);
    }
    // Every repository file esbuild reads for the server and for the console must be COPYed.
    const copied = sources.map((s) => s.replace(/\/$/, ''));
    const inputs = new Set<string>();
    for (const entry of ['server/cli.ts', 'server/admin/ui/main.tsx']) {
      const { metafile } = await build({
        entryPoints: [join(ROOT, entry)],
        absWorkingDir: ROOT,
        bundle: true,
        write: false,
        metafile: true,
        platform: entry.endsWith('.tsx') ? 'browser' : 'node',
        format: 'esm',
        outdir: join(tmpdir(), 'unused'),
        external: ['better-sqlite3', 'pg-native'],
        loader: { '.css': 'css', '.svg': 'file', '.png': 'file', '.woff2': 'file' },
        logLevel: 'silent',
      });
      for (const file of Object.keys(metafile.inputs)) {
        if (!file.startsWith('node_modules/') && !file.includes(':')) inputs.add(file);
      }
    }
    expect([...inputs].filter((f) => f.startsWith('server/admin/ui/')).length).toBeGreaterThan(5);
    expect([...inputs].filter((f) => f.startsWith('main/')).length).toBeGreaterThan(5);
    const uncovered = [...inputs].filter(
      (file) => !copied.some((c) => file === c || file.startsWith(`${c}/`)),
    );
    expect(uncovered).toEqual([]);
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
  });

  it('the runtime stage takes only the built package from the build stage, and runs it as a non-root user', () => {
    const copies = ops(runtime, 'COPY');
    expect(copies).toEqual(['--from=build /opt/daka/ /opt/daka/']);
    expect(ops(buildStage, 'RUN').join('\n')).toContain(
      'node scripts/build-server.mjs --outdir /opt/daka --with-node-modules',
    );
    const user = ops(runtime, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(JSON.parse(ops(runtime, 'CMD')[0] ?? '[]')).toEqual([
      'node',
      '/opt/daka/daka-server.mjs',
    ]);
    expect(ops(runtime, 'VOLUME')).toEqual(['/data']);
    expect(ops(runtime, 'EXPOSE')).toEqual(['8780']);
    expect(envOf(runtime)).toMatchObject({
      DAKA_SERVER_DATA: '/data',
      DAKA_SERVER_HOST: '0.0.0.0',
      DAKA_SERVER_PORT: '8780',
    });
    expect(ops(runtime, 'HEALTHCHECK')[0]).toContain('/healthz');
  });

  describe('the image environment and HEALTHCHECK against the built package', () => {
    let work: string;
    let child: ChildProcess | undefined;
    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'daka-deploy-'));
      await run(
        process.execPath,
        [
          join(ROOT, 'scripts/build-server.mjs'),
          '--outdir',
          join(work, 'opt'),
          '--with-node-modules',
        ],
        { cwd: ROOT },
      );
    }, 60_000);
    afterAll(async () => {
      child?.kill('SIGKILL');
      await rm(work, { recursive: true, force: true });
    });

    it('the HEALTHCHECK command passes while the server runs and fails once it stopped', async () => {
      const port = await freePort();
      const env = {
        PATH: process.env.PATH ?? '',
        ...envOf(runtime),
        // The image's settings, except: its data folder here, and loopback only for a test.
        DAKA_SERVER_DATA: join(work, 'data'),
        DAKA_SERVER_HOST: '127.0.0.1',
        DAKA_SERVER_PORT: String(port),
        DAKA_SERVER_PUBLIC_URL: `http://127.0.0.1:${port}`,
        HOME: join(work, 'home'),
      };
      const [, cmd = ''] = /CMD (\[.*\])$/.exec(ops(runtime, 'HEALTHCHECK')[0] ?? '') ?? [];
      const probe = JSON.parse(cmd) as string[];
      expect(probe[0]).toBe('node');
      const check = () =>
        run(process.execPath, probe.slice(1), { env, timeout: 10_000 }).then(
          () => 0,
          (error: { code?: number }) => error.code ?? -1,
        );

      const server = spawn(process.execPath, [join(work, 'opt', 'daka-server.mjs')], {
        cwd: work,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child = server;
      const exited = new Promise<number | null>((done) => server.once('exit', done));
      let stderr = '';
      await new Promise<void>((up, fail) => {
        server.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes(`on http://127.0.0.1:${port}`)) up();
        });
        void exited.then((code) => fail(new Error(`exited ${code}:\n${stderr}`)));
      });
      expect(await check()).toBe(0);
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      child = undefined;
      expect(await check()).toBe(1);
    });
  });

  it('keeps local state out of the build context', async () => {
    const ignore = (await readFile(join(ROOT, 'deploy/Dockerfile.dockerignore'), 'utf8'))
      .split('\n')
      .filter((line) => line && !line.startsWith('#'));
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', 'out', '.git', '**/*.db']));
  });
});

const analyze =
  ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p)) ?? '';
if (!analyze) {
  console.warn(
    'deploy/daka-server.service not verified: systemd-analyze is not installed (apt-get install systemd)',
  );
}

describe.skipIf(!analyze)('deploy/daka-server.service (systemd-analyze)', () => {
  let dir: string;
  let unit: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daka-unit-'));
    unit = join(dir, 'daka-server.service');
    let text = await readFile(join(ROOT, 'deploy/daka-server.service'), 'utf8');
    // verify checks that ExecStart's program exists; where node is elsewhere, name this one.
    if (!existsSync('/usr/bin/node')) text = text.replace('/usr/bin/node', process.execPath);
    await writeFile(unit, text);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes systemd-analyze verify with no warning', async () => {
    const { stdout, stderr } = await run(analyze, ['verify', unit], { cwd: dir });
    expect(`${stdout}${stderr}`.trim()).toBe('');
  });

  it('has a low exposure in the offline security review', async () => {
    // --threshold is in tenths of the printed score (0 best, 10 worst): fail above 2.0.
    const { stdout } = await run(analyze, ['security', '--offline=yes', '--threshold=20', unit]);
    expect(stdout).toMatch(/Overall exposure level for daka-server\.service: \d\.\d/);
  });

  it('hands the AppSecret over as a credential, keeps state in StateDirectory, and stops gracefully', async () => {
    const text = await readFile(unit, 'utf8');
    const keys = new Map<string, string[]>();
    for (const line of text.split('\n')) {
      const m = /^(\w+)=(.*)$/.exec(line);
      if (m?.[1]) keys.set(m[1], [...(keys.get(m[1]) ?? []), m[2] ?? '']);
    }
    expect(keys.get('LoadCredential')).toEqual(['appsecret:/etc/daka-server/appsecret']);
    expect(keys.get('Environment')).toEqual(
      expect.arrayContaining([
        'DAKA_SERVER_APP_SECRET_FILE=%d/appsecret',
        'DAKA_SERVER_DATA=%S/daka-server',
      ]),
    );
    expect(keys.get('StateDirectory')).toEqual(['daka-server']);
    expect(keys.get('Restart')).toEqual(['on-failure']);
    expect(keys.get('TimeoutStopSec')).toEqual(['60s']);
    expect(keys.get('RestrictAddressFamilies')).toEqual(['AF_INET AF_INET6 AF_UNIX']);
    expect(keys.get('ExecStart')?.[0]).toMatch(/ \/opt\/daka-server\/daka-server\.mjs$/);
    // No secret in the unit or its environment.
    expect(text).not.toMatch(/APP_SECRET=/);
  });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
