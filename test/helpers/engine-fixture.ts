/**
 * An engine wired to a running simulator over real HTTP, with in-memory stores
 * (or a real folder) and the simulator's clock: the shared setup of engine tests.
 */
import { Engine, type EngineStores } from '../../main/engine';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { parseDingTalk } from '../../shared/time';

export const SH = 'Asia/Shanghai';
export const at = (text: string) => parseDingTalk(text, SH);

/** A fetch that can be switched off like a pulled cable (connection refused). */
export function switchableFetch() {
  let offline = false;
  const fn: typeof fetch = (input, init) => {
    if (offline) {
      const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1'), {
        code: 'ECONNREFUSED',
      });
      return Promise.reject(new TypeError('fetch failed', { cause }));
    }
    return fetch(input, init);
  };
  return {
    fetch: fn,
    setOffline: (value: boolean) => {
      offline = value;
    },
  };
}

/** What a browser does with DingTalk's authorize URL when the employee approves. */
export async function followLikeABrowser(url: string): Promise<void> {
  const reply = await fetch(url, { redirect: 'manual' });
  const location = reply.headers.get('location');
  if (location) await fetch(location);
}

export interface Fixture {
  sim: Simulator;
  engine: Engine;
  stores: EngineStores;
  net: ReturnType<typeof switchableFetch>;
  userId: string;
  close(): Promise<void>;
  /** The simulator's request paths since the last clearLog(). */
  paths(): string[];
  provisioning(extra?: Record<string, unknown>): string;
}

export async function startFixture(options: {
  start: string;
  userId?: string;
  policies?: Record<string, unknown>;
  stores?: EngineStores;
  /** The system browser; default: approve like a browser following DingTalk's redirect. */
  openUrl?: (url: string) => Promise<void>;
}): Promise<Fixture> {
  const sim = await startSimulator({ clock: new SimClock({ start: at(options.start) }) });
  const net = switchableFetch();
  const stores = options.stores ?? {
    settings: new MemoryStore(),
    state: new MemoryStore(),
    outbox: new MemoryStore(),
    secrets: new MemoryStore(),
  };
  const provisioning = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
      oapiBase: sim.urls.oapiBase,
      apiBase: sim.urls.apiBase,
      loginBase: sim.urls.loginBase,
      policies: { manualUserIdAllowed: true, ...options.policies },
      ...extra,
    });
  const engine = new Engine({
    stores,
    cipher: new TestCipher(),
    clock: sim.clock,
    logger: silentLogger,
    host: { hostname: 'test-host', platform: 'linux', version: 'test', startAtLogin: () => false },
    fetch: net.fetch,
    openUrl: options.openUrl ?? followLikeABrowser,
    clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 3 },
    sleep: async () => undefined,
  });
  engine.importProvisioning(provisioning());
  const userId = options.userId ?? DEMO_USERS.fixed;
  engine.setUserId(userId);
  return {
    sim,
    engine,
    stores,
    net,
    userId,
    provisioning,
    paths: () => sim.requests.map((r) => r.path),
    close: async () => {
      await engine.stop();
      await sim.close();
    },
  };
}
