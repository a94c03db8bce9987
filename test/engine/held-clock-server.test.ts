/**
 * Review of #10 item 14: in company server mode a punch the server refuses as ahead of its
 * clock (punchInFuture) is held by this computer's clock, not by DingTalk: the outbox names
 * the cause 'clock' (the popup and the notification say "your computer's clock is ahead of
 * the server's: turn on automatic time"), against the REAL Daka Server and the simulator.
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
import { punchNotificationOptions } from '../../main/shell/notifier';
import type { Translate } from '../../main/shell/text';
import { type AnyMessageKey, translate } from '../../shared/i18n';
import { type RunningServer, startDakaServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';

/** Monday 2026-11-23 08:58 in Shanghai. */
const START = Date.parse('2026-11-23T00:58:00Z');

interface Setup {
  sim: Simulator;
  clock: SimClock;
  engine: Engine;
  /** Moves this computer's clock ahead of the server's, hiding the server's Date header. */
  runAhead(ms: number): void;
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
      // A strict administrator: 10 s (the proof's own iat is taken within 60 s).
      DAKA_SERVER_ALLOWED_CLOCK_DIFFERENCE_SECONDS: '10',
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
  let ahead = 0;
  const wire: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const headers = new Headers(res.headers);
    // Once ahead, no Date header tells the desktop: its click time is its own clock's.
    if (ahead === 0) headers.set('date', new Date(clock.now()).toUTCString());
    else headers.delete('date');
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
    clock: { now: () => clock.now() + ahead },
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
    runAhead: (ms) => {
      ahead = ms;
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

describe('a punch the server refuses as in the future', () => {
  it("is held by this computer's clock ('clock'), not by DingTalk", async () => {
    const s = await signedIn();
    s.runAhead(45_000);
    const outcome = await s.engine.punch();
    const id = outcome.outcome === 'queued' || outcome.outcome === 'held' ? outcome.intentId : '';
    await until(s.engine, () => s.engine.outbox.get(id).state === 'held');
    expect(s.engine.snapshot().outbox).toEqual([
      expect.objectContaining({
        state: 'held',
        held: 'clock',
        lastError: expect.objectContaining({ code: 'punchInFuture' }),
      }),
    ]);
    expect(s.sim.records.filter((r) => r.userId === DEMO_USERS.fixed)).toEqual([]);

    // The notification of the held punch says the same, in both languages.
    const held = {
      outcome: 'held' as const,
      type: 'OnDuty' as const,
      at: '2026-11-23T08:58:45+08:00',
      intentId: id,
      reason: { code: 'punchInFuture' as const, message: 'ahead', detail: { limit: 10 } },
    };
    for (const [lang, text] of [
      ['zh-CN', '你的电脑时间比服务器快，请打开自动对时'],
      ['en', 'This computer’s clock is ahead of the server’s: turn on automatic time'],
    ] as const) {
      const t: Translate = (key, vars) => translate(lang, key as AnyMessageKey, vars);
      expect(punchNotificationOptions(held, t, null, 'clock')?.body).toContain(text);
    }
  });
});
