/**
 * What holds a punch in company server mode (issue #10 item 14, review): the desktop names
 * the cause the company server reported, against the REAL Daka Server in front of the
 * DingTalk simulator over real HTTP. Offline past the administrator's max age the server
 * refuses punchTooOld: that is "offline too long", not DingTalk refusing Daka. The IP
 * whitelist refuses the SERVER's address: joining the office network or a VPN on this
 * computer changes nothing, so it is DingTalk refusing Daka (punch in the DingTalk app).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  demoOrg,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { Engine } from '../../main/engine';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { type RunningServer, startDakaServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';

/** Monday 2026-11-23 08:58 in Shanghai. */
const START = Date.parse('2026-11-23T00:58:00Z');
const MINUTE = 60_000;

interface Setup {
  sim: Simulator;
  clock: SimClock;
  engine: Engine;
  setUnreachable(down: boolean): void;
  close(): Promise<void>;
}

let setup: Setup | null = null;
afterEach(async () => {
  await setup?.close();
  setup = null;
});

async function approveInBrowser(url: string): Promise<void> {
  let next = url;
  for (let i = 0; i < 10; i += 1) {
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || !location) return;
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects');
}

async function signedIn(): Promise<Setup> {
  const clock = new SimClock({ start: START });
  const sim = await startSimulator({ org: demoOrg(), clock });
  const dataDir = await mkdtemp(join(tmpdir(), 'daka-held-server-'));
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
  const server: RunningServer = await startDakaServer({
    config,
    clock,
    logStream: { write: () => undefined },
    punchPollMs: 20,
  });
  const base = `http://127.0.0.1:${port}`;
  let unreachable = false;
  const wire: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (unreachable && url.startsWith(base)) {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    }
    const res = await fetch(input, init);
    const headers = new Headers(res.headers);
    headers.set('date', new Date(clock.now()).toUTCString());
    return new Response(res.body, { status: res.status, headers });
  };
  const engine = new Engine({
    stores: {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock,
    logger: silentLogger,
    host: { hostname: 'test-pc', platform: 'linux', version: '0.1.0', startAtLogin: () => false },
    fetch: wire,
    overrides: { oapiBase: sim.urls.oapiBase },
    openUrl: approveInBrowser,
    loginTimeoutMs: 10_000,
    clientTuning: { timeoutMs: 5000 },
    eventBackoff: { baseMs: 20, maxMs: 200 },
  });
  sim.setLoginUser(DEMO_USERS.fixed);
  engine.setServer(base);
  await engine.loginWithBrowser();
  await engine.open();
  return (setup = {
    sim,
    clock,
    engine,
    setUnreachable: (down) => {
      unreachable = down;
    },
    async close() {
      await engine.stop();
      await server.close();
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

/** Resolves when the engine's state satisfies `check` (checked on every change). */
function until(engine: Engine, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) {
      resolve();
      return;
    }
    const listener = () => {
      if (!check()) return;
      engine.off('changed', listener);
      resolve();
    };
    engine.on('changed', listener);
  });
}

describe('what holds a punch, in company server mode', () => {
  it('offline past the max age (the server refuses punchTooOld): offline too long', async () => {
    const s = await signedIn();
    s.setUnreachable(true);
    expect((await s.engine.punch()).outcome).toBe('queued');
    s.clock.advance(20 * MINUTE);
    s.setUnreachable(false);
    await s.engine.flushOutbox();
    expect(s.engine.snapshot().outbox).toEqual([
      expect.objectContaining({
        state: 'held',
        held: 'offline',
        // The refusal's check time is the server's clock then, not the click: kept as clicked.
        at: '2026-11-23T08:58:00+08:00',
        lastError: expect.objectContaining({ code: 'punchTooOld' }),
      }),
    ]);
    // Send now within the max age of the refusal must not become a punch at that moment.
    s.clock.advance(MINUTE);
    const again = await s.engine.sendHeld(s.engine.snapshot().outbox[0]?.id ?? '');
    expect(again).toMatchObject({ at: '2026-11-23T08:58:00+08:00' });
    expect(s.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toEqual([]);
  });

  it("the IP whitelist refuses the server's address: not this computer's network", async () => {
    const s = await signedIn();
    s.sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.1']);
    const outcome = await s.engine.punch();
    const id = outcome.outcome === 'queued' || outcome.outcome === 'held' ? outcome.intentId : '';
    await until(s.engine, () => s.engine.outbox.get(id).state === 'held');
    expect(s.engine.snapshot().outbox).toEqual([
      expect.objectContaining({
        held: 'dingtalk',
        lastError: expect.objectContaining({ code: 'ipNotWhitelisted' }),
      }),
    ]);

    // IT fixes the whitelist: Send now is decided afresh by the server (not its old refusal).
    s.sim.setIpWhitelist(DEMO_APP_KEY, null);
    const again = await s.engine.sendHeld(id);
    expect(again).not.toMatchObject({ reason: { code: 'ipNotWhitelisted' } });
    await until(s.engine, () => s.engine.snapshot().outbox.length === 0);
    const records = s.sim.records.filter((r) => r.userId === DEMO_USERS.fixed);
    expect(records.map((r) => r.userCheckTime)).toEqual([START]);
  });
});
