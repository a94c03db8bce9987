/**
 * The REAL Daka Server (startDakaServer: SQLite in a temp folder, its punch worker, SSE) in
 * front of the DingTalk simulator, all over real HTTP on 127.0.0.1, and a desktop signed in
 * through it: an Engine (engine tests) or `daka` CLI runs over one data folder (CLI tests).
 * The shared setup of the company-server-mode tests; each option is a variation one of them
 * needs (server settings, the server's own network, this computer's clock, a lost answer).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { Engine } from '../../main/engine';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { type RunningServer, startDakaServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';

/** Monday 2026-11-23 08:58 in Shanghai. */
export const SERVER_START = Date.parse('2026-11-23T00:58:00Z');

export interface CompanyServer {
  clock: SimClock;
  sim: Simulator;
  server: RunningServer;
  base: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface CompanyServerOptions {
  /** The simulator's clock (default: a new one at `start`, default SERVER_START). */
  clock?: SimClock;
  start?: number;
  /** More server settings, e.g. DAKA_SERVER_ALLOWED_CLOCK_DIFFERENCE_SECONDS. */
  env?: Record<string, string>;
  /** The server's own network toward DingTalk (faults there); default the global fetch. */
  fetch?: typeof fetch;
  /** The punch worker's poll; default 20 ms, null for the server's own default. */
  punchPollMs?: number | null;
  /** Runs on the simulator before the server starts (e.g. writing a month of records). */
  prepare?: (sim: Simulator) => void;
}

export async function startCompanyServer(
  options: CompanyServerOptions = {},
): Promise<CompanyServer> {
  const clock = options.clock ?? new SimClock({ start: options.start ?? SERVER_START });
  const sim = await startSimulator({ org: demoOrg(), clock });
  options.prepare?.(sim);
  const dataDir = await mkdtemp(join(tmpdir(), 'daka-server-desktop-'));
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
      ...options.env,
    },
    home: dataDir,
  });
  const pollMs = options.punchPollMs === undefined ? 20 : options.punchPollMs;
  const server = await startDakaServer({
    config,
    clock,
    logStream: { write: () => undefined },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(pollMs === null ? {} : { punchPollMs: pollMs }),
  });
  sim.setLoginUser(DEMO_USERS.fixed);
  return {
    clock,
    sim,
    server,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    async close() {
      await server.close();
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The desktop's network to the company server, with the switches the tests pull. */
export interface DesktopWire {
  fetch: typeof fetch;
  /** The company server cannot be reached (every request fails before it leaves). */
  setUnreachable(down: boolean): void;
  /** Drop the answer of the next POST /v1/punches (the server did get it). */
  loseNextPunchAnswer(): void;
  /** Moves this computer's clock ahead of the server's, hiding the server's Date header. */
  runAhead(ms: number): void;
  /** How far this computer's clock is ahead of the server's now. */
  aheadMs(): number;
  /** Every answer from the company server: `METHOD /path status`. */
  answers: string[];
}

export function desktopWire(company: Pick<CompanyServer, 'base' | 'clock'>): DesktopWire {
  const { base, clock } = company;
  let unreachable = false;
  let loseAnswer = false;
  let ahead = 0;
  const answers: string[] = [];
  // The server's logic runs on the simulator's clock but Node stamps Date headers with the
  // real time: make the header say the server's clock, as it does in production.
  const wire: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (unreachable && url.startsWith(base)) {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    }
    const res = await fetch(input, init);
    if (url.startsWith(base)) {
      answers.push(`${init?.method ?? 'GET'} ${new URL(url).pathname} ${res.status}`);
    }
    const lose = loseAnswer && init?.method === 'POST' && url.endsWith('/v1/punches');
    if (lose) {
      loseAnswer = false;
      await res.body?.cancel();
      throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
    }
    const headers = new Headers(res.headers);
    // Once ahead, no Date header tells the desktop: its click time is its own clock's.
    if (ahead === 0) headers.set('date', new Date(clock.now()).toUTCString());
    else headers.delete('date');
    return new Response(res.body, { status: res.status, headers });
  };
  return {
    fetch: wire,
    setUnreachable: (down) => {
      unreachable = down;
    },
    loseNextPunchAnswer: () => {
      loseAnswer = true;
    },
    runAhead: (ms) => {
      ahead = ms;
    },
    aheadMs: () => ahead,
    answers,
  };
}

/** What a browser does with the server's login URL: follow every redirect to the loopback. */
export async function approveInBrowser(url: string): Promise<void> {
  let next = url;
  for (let i = 0; i < 10; i += 1) {
    if (new URL(next).hostname !== '127.0.0.1') throw new Error(`test browser: refusing ${next}`);
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || !location) return;
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects');
}

/** A desktop engine set to the company server (not signed in yet): memory stores. */
export function desktopEngine(company: CompanyServer, wire: DesktopWire): Engine {
  const { clock, sim } = company;
  const engine = new Engine({
    stores: {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock: { now: () => clock.now() + wire.aheadMs() },
    logger: silentLogger,
    host: { hostname: 'test-pc', platform: 'linux', version: '0.1.0', startAtLogin: () => false },
    fetch: wire.fetch,
    // Where the employee's robot webhook goes (DAKA_OAPI_BASE); no DingTalk app configured.
    overrides: { oapiBase: sim.urls.oapiBase },
    openUrl: approveInBrowser,
    loginTimeoutMs: 10_000,
    clientTuning: { timeoutMs: 5000 },
    eventBackoff: { baseMs: 20, maxMs: 200 },
  });
  engine.setServer(company.base);
  return engine;
}

export interface ServerDesktop extends CompanyServer {
  engine: Engine;
  wire: DesktopWire;
}

/** The server, and a desktop engine signed in through it (DEMO_USERS.fixed) and open. */
export async function startServerDesktop(
  options: CompanyServerOptions & { signIn?: boolean } = {},
): Promise<ServerDesktop> {
  const company = await startCompanyServer(options);
  const wire = desktopWire(company);
  const engine = desktopEngine(company, wire);
  const close = async () => {
    await engine.stop();
    await company.close();
  };
  if (options.signIn !== false) {
    try {
      await engine.loginWithBrowser();
      await engine.open();
    } catch (error) {
      await close();
      throw error;
    }
  }
  return { ...company, engine, wire, close };
}

/** Resolves when the engine's state satisfies `check` (checked on every change). */
export function until(engine: Engine, check: () => boolean): Promise<void> {
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

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliDesktop {
  /** The CLI's data folder (DAKA_HOME), shared by every run as separate processes would. */
  home: string;
  /** One `daka` run, in English. */
  daka(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

/** `daka` against the company server: each run a fresh runCli over the same folder. */
export async function startCliDesktop(
  company: CompanyServer,
  options: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {},
): Promise<CliDesktop> {
  const home = await mkdtemp(join(tmpdir(), 'daka-cli-home-'));
  const net = options.fetch ?? desktopWire(company).fetch;
  return {
    home,
    async daka(...args) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, {
        env: { DAKA_HOME: home, DAKA_LANG: 'en' },
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        clock: company.clock,
        openUrl: approveInBrowser,
        fetch: net,
        sleep: options.sleep ?? (async () => undefined),
      });
      return { code, stdout, stderr };
    },
    async close() {
      await rm(home, { recursive: true, force: true });
    },
  };
}

export type ServerCli = CompanyServer & CliDesktop;

/** The server, and `daka` runs against it; close() ends both and removes both folders. */
export async function startServerCli(
  options: CompanyServerOptions & {
    /** Wraps the CLI's network (the wire that says the server's clock), e.g. to count calls. */
    tap?: (wire: typeof fetch) => typeof fetch;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<ServerCli> {
  const company = await startCompanyServer(options);
  const wire = desktopWire(company).fetch;
  const cli = await startCliDesktop(company, {
    fetch: options.tap ? options.tap(wire) : wire,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  return {
    ...company,
    ...cli,
    async close() {
      await company.close();
      await cli.close();
    },
  };
}
