/**
 * Typed credentials (onboarding's AppKey / AppSecret) are checked on save with ONE
 * token call (issue #10 item 18): wrong ones are refused as wrongCredentials naming the
 * AppSecret field and change nothing (the credentials held so far stay); right ones are
 * saved and the token that call got serves the calls that follow. Against the
 * simulator over real HTTP, through the handler the popup calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { Engine } from '../../main/engine';
import { createHandlers, type PlatformActions } from '../../main/handlers';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { DEFAULT_ENDPOINTS } from '../../main/settings/provisioning';
import { at } from '../helpers/engine-fixture';

/** A fetch that takes DingTalk's own hosts to the simulator (as a test DNS would). */
function asDingTalk(s: Simulator): typeof fetch {
  const hosts: [string, string][] = [
    [DEFAULT_ENDPOINTS.oapiBase, s.urls.oapiBase],
    [DEFAULT_ENDPOINTS.apiBase, s.urls.apiBase],
    [DEFAULT_ENDPOINTS.loginBase, s.urls.loginBase],
  ];
  return (input, init) => {
    if (offline) {
      const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return Promise.reject(new TypeError('fetch failed', { cause }));
    }
    let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    for (const [real, sim] of hosts) if (url.startsWith(real)) url = sim + url.slice(real.length);
    if (!url.startsWith('http://127.0.0.1')) throw new Error(`test: refusing ${url}`);
    return fetch(url, init);
  };
}

let sim: Simulator | undefined;
let engine: Engine | undefined;
/** The network is down (a refused connection before anything left). */
let offline = false;
afterEach(async () => {
  offline = false;
  await engine?.stop();
  await sim?.close();
  sim = undefined;
  engine = undefined;
});

async function setup() {
  sim = await startSimulator({ clock: new SimClock({ start: at('2026-11-27 08:55:00') }) });
  engine = new Engine({
    stores: {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock: sim.clock,
    logger: silentLogger,
    host: { hostname: 'test-host', platform: 'linux', version: 'test', startAtLogin: () => false },
    // Typed credentials go to DingTalk's own hosts: here they answer from the simulator.
    fetch: asDingTalk(sim),
    openUrl: async () => undefined,
    clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 3 },
    sleep: async () => undefined,
  });
  const handlers = createHandlers(engine, handlerHost());
  const tokenCalls = () => (sim?.requests ?? []).filter((r) => r.path === '/gettoken').length;
  return { sim, engine, handlers, tokenCalls };
}

describe('typed credentials', () => {
  it('wrong ones: one token call, wrongCredentials under the AppSecret field, nothing saved', async () => {
    const { engine: e, handlers, tokenCalls } = await setup();
    await expect(
      handlers.setCredentials({ appKey: DEMO_APP_KEY, appSecret: 'not-the-secret' }),
    ).rejects.toMatchObject({ code: 'wrongCredentials', detail: { field: 'appSecret' } });
    expect(tokenCalls()).toBe(1);
    expect(e.config()).toBeNull();
    expect(e.mode()).toBe('unconfigured');
  });

  it('right ones: saved, and the token of that one call serves the next calls', async () => {
    const { sim: s, engine: e, handlers, tokenCalls } = await setup();
    await handlers.setCredentials({ appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET });
    expect(e.config()?.appKey).toBe(DEMO_APP_KEY);
    expect(tokenCalls()).toBe(1);
    await e.api().getUserGroup('zhangwei');
    expect(s.requests.some((r) => r.path === '/topapi/attendance/getusergroup')).toBe(true);
    expect(tokenCalls()).toBe(1);
  });

  it('no network: says so (not wrong credentials, no field), saves nothing, works once online', async () => {
    const { engine: e, handlers, tokenCalls } = await setup();
    offline = true;
    const failure: unknown = await handlers
      .setCredentials({ appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'networkDown' });
    expect((failure as { detail?: { field?: string } }).detail?.field).toBeUndefined();
    expect(e.config()).toBeNull();
    expect(e.mode()).toBe('unconfigured');
    offline = false;
    await handlers.setCredentials({ appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET });
    expect(e.config()?.appKey).toBe(DEMO_APP_KEY);
    expect(tokenCalls()).toBe(1);
  });

  it('wrong ones typed over working ones delete nothing', async () => {
    const { engine: e, handlers } = await setup();
    await handlers.setCredentials({ appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET });
    await expect(
      handlers.setCredentials({ appKey: 'dingother0001', appSecret: 'wrong' }),
    ).rejects.toMatchObject({ code: 'wrongCredentials' });
    expect(e.config()).toMatchObject({ appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET });
    expect(e.mode()).toBe('configured');
  });
});

/** The shell's side, unused here (the handlers under test call only the engine). */
function handlerHost(): PlatformActions {
  const nothing = async () => undefined;
  const host: Partial<PlatformActions> = {
    pickProvisioningFile: async () => null,
    setStartAtLogin: nothing,
    openLogFolder: nothing,
    checkForUpdates: nothing,
    hidePopup: () => undefined,
    quit: () => undefined,
  };
  return host as PlatformActions;
}
