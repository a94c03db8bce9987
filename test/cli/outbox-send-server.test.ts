/**
 * `daka outbox send <id>` in company server mode (issue #10 item 14, review): the server
 * takes the punch and uploads it at once, so the command waits for DingTalk's answer as
 * `daka punch` does, and says sent (exit 0) when DingTalk has it, never "not sent" for a
 * punch the server accepted. Against the real Daka Server in front of the simulator.
 */
import { mkdtemp, rm } from 'node:fs/promises';
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
    // Real pauses (short ones): the server's worker uploads on its own timer.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50))),
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  sim = await startSimulator({ org: demoOrg(), clock });
  dataDir = await mkdtemp(join(tmpdir(), 'daka-cli-send-server-'));
  home = await mkdtemp(join(tmpdir(), 'daka-cli-send-home-'));
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

describe('daka outbox send, company server mode', () => {
  it('a held punch sent again: waits for DingTalk like punch, then sent, exit 0', async () => {
    expect((await daka('login', '--server', base)).code).toBe(0);
    // DingTalk refuses the server's IP: the server refuses the punch, the desktop holds it.
    sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.1']);
    const held = await daka('punch', '--json');
    expect(held.code, held.stderr).toBe(3);
    const { intentId, outcome } = JSON.parse(held.stdout) as { intentId: string; outcome: string };
    expect(outcome).toBe('held');

    sim.setIpWhitelist(DEMO_APP_KEY, null);
    const sent = await daka('outbox', 'send', intentId, '--json');
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      outcome: 'punched',
      at: '2026-11-23T08:58:00+08:00',
    });
    expect(sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(1);
  });
});
