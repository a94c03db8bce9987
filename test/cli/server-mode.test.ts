/**
 * `daka` in company server mode, each command a run of its own over the same
 * data folder (as separate processes would be), against the real Daka Server
 * in front of the DingTalk simulator.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  demoOrg,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { type RunningServer, startDakaServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';

/** Monday 2026-11-23 08:58 in Shanghai. */
const START = Date.parse('2026-11-23T00:58:00Z');

let sim: Simulator;
let server: RunningServer;
let base: string;
let dataDir: string;
let home: string;
const clock = new SimClock({ start: START });

// The server judges times by the simulator's clock; its Date header must say so too.
const wire: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const headers = new Headers(res.headers);
  headers.set('date', new Date(clock.now()).toUTCString());
  return new Response(res.body, { status: res.status, headers });
};

async function browser(url: string): Promise<void> {
  let next = url;
  for (let i = 0; i < 10; i += 1) {
    if (new URL(next).hostname !== '127.0.0.1') throw new Error(`test browser: refusing ${next}`);
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || !location) return;
    next = new URL(location, next).href;
  }
}

async function daka(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DAKA_HOME: home, DAKA_LANG: 'en' },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    clock,
    openUrl: browser,
    fetch: wire,
    sleep: async () => undefined,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  sim = await startSimulator({ org: demoOrg(), clock });
  dataDir = await mkdtemp(join(tmpdir(), 'daka-cli-server-'));
  home = await mkdtemp(join(tmpdir(), 'daka-cli-home-'));
  const port = await freePort();
  const { config } = loadConfig({
    env: {
      DAKA_SERVER_APP_KEY: DEMO_APP_KEY,
      DAKA_SERVER_APP_SECRET: DEMO_APP_SECRET,
      DAKA_SERVER_PORT: String(port),
      DAKA_SERVER_DATA: dataDir,
      DAKA_SERVER_OAPI_BASE: sim.urls.oapiBase,
      DAKA_SERVER_API_BASE: sim.urls.apiBase,
      DAKA_SERVER_LOGIN_BASE: sim.urls.loginBase,
      DAKA_SERVER_LOG_LEVEL: 'error',
    },
    home: dataDir,
  });
  server = await startDakaServer({
    config,
    clock,
    logStream: { write: () => undefined },
    punchPollMs: 20,
  });
  base = `http://127.0.0.1:${port}`;
  sim.setLoginUser(DEMO_USERS.fixed);
});

afterAll(async () => {
  await server.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

describe('daka with a company server', () => {
  it('refuses a version 2 file with a secret in it, and an http address off this machine', async () => {
    const file = join(home, '..', `bad-${Date.now()}.json`);
    await writeFile(file, JSON.stringify({ version: 2, server: base, appSecret: 'x' }));
    const bad = await daka('config', 'import', file, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error).toMatchObject({
      code: 'provisioningInvalid',
      detail: { field: 'appSecret' },
    });
    await rm(file);
    const http = await daka('login', '--server', 'http://daka.example.com', '--json');
    expect(http.code).toBe(1);
    expect(JSON.parse(http.stdout).error).toMatchObject({
      code: 'invalidInput',
      detail: { field: 'server' },
    });
  });

  it('login --server signs in; whoami, status, punch and doctor work in later runs', async () => {
    const login = await daka('login', '--server', base, '--json');
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      userId: 'zhangwei',
      via: 'server',
      server: base,
    });
    // The session outlives the run, in a file only this user can read; no DingTalk secret.
    const session = join(home, 'server-session.json');
    expect((await stat(session)).mode & 0o077).toBe(0);
    expect(await readFile(session, 'utf8')).not.toContain(DEMO_APP_SECRET);

    const who = await daka('whoami');
    expect(who).toMatchObject({ code: 0, stdout: '张伟 zhangwei (server)\n' });

    const status = await daka('status', '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      userId: 'zhangwei',
      date: '2026-11-23',
      next: 'OnDuty',
    });

    const punch = await daka('punch', '--json');
    const outcome = JSON.parse(punch.stdout);
    // Punched only when DingTalk confirmed through the server; else queued with the reason.
    if (outcome.outcome === 'punched') {
      expect(punch.code).toBe(0);
    } else {
      expect(outcome).toMatchObject({ outcome: 'queued', reason: { code: 'punchAccepted' } });
      expect(punch.code).toBe(3);
    }
    expect(outcome.type).toBe('OnDuty');

    const doctor = await daka('doctor', '--json');
    const report = JSON.parse(doctor.stdout);
    const ids = report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`);
    expect(ids).toContain('server:pass');
    expect(ids).toContain('serverSession:pass');
    expect(ids).not.toContain('directTrust:warn');
    expect(sim.records.filter((r) => r.userId === 'zhangwei')).toHaveLength(1);
  });
});
