/**
 * What the server benches share: the DingTalk simulator with N extra
 * employees in the office group (09:00–18:00, Monday to Friday), a real Daka
 * Server (startDakaServer: SQLite in a temp folder, its punch worker, the
 * batch room, SSE) on the simulator's clock, and two kinds of desktop:
 *
 * - `engineDesktop`: the REAL desktop engine in company server mode
 *   (main/engine.ts), signed in through the server's browser login, with its
 *   event stream; exactly what the tray app runs.
 * - `protocolDesktop`: the desktop's own /v1 client (main/company: ServerHttp
 *   with DPoP proofs, ServerSession with token refresh, CompanyApi) without
 *   the engine around it, signed in through the same real login. The benches
 *   drive it with the requests the engine makes (see server-economy.ts).
 *
 * Traffic stays on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompanyApi } from '../main/company/api';
import { type DeviceKey, loadDeviceKey } from '../main/company/dpop';
import { ServerHttp } from '../main/company/http';
import { createPkce } from '../main/company/pkce';
import { ServerSession } from '../main/company/session';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_GROUPS,
  demoOrg,
  SimClock,
  type Simulator,
  startSimulator,
} from '../main/dingtalk/simulator';
import { Engine } from '../main/engine';
import { MemoryStore, TestCipher } from '../main/node-ports';
import { type Fetch, silentLogger } from '../main/ports';
import { DATABASE_FILE, type RunningServer, startDakaServer } from '../server/app';
import { loadConfig } from '../server/config';
import { freePort } from '../server/demo';
import { sha256 } from '../server/auth/crypto';
import { openDatabase } from '../server/store/database';
import { PATHS } from '../shared/server-api';

export const TZ = 'Asia/Shanghai';
const SETTLE_TICK_MS = 4;
const SETTLE_TICKS = 5;
export const LOOPBACK = 'http://127.0.0.1:53682/callback';

/** "emp0001", "emp0002", ... */
export const staffId = (i: number): string => `emp${String(i + 1).padStart(4, '0')}`;

/** The simulator, its clock, and desktops' wire to a server at `base`. */
export interface BenchSite {
  sim: Simulator;
  clock: SimClock;
  base: string;
  staff: string[];
  /** /v1 requests seen, by method and path (query dropped), all desktops together. */
  v1: Map<string, number>;
  /**
   * A fetch for one desktop: requests are counted (and timed when `timing` is
   * given: real ms from the call to the response headers).
   */
  wire(
    counter?: Map<string, number>,
    timing?: (key: string, ms: number, status: number) => void,
  ): Fetch;
  /**
   * Resolves once nothing moves: no desktop request in flight and neither the
   * simulator's log nor the /v1 count grew for a few real milliseconds. The
   * benches jump the simulated clock only then, as real time never jumps
   * under a request in flight.
   */
  settle(): Promise<void>;
}

export interface BenchServer extends BenchSite {
  server: RunningServer;
  /** The server's SQLite file (for seatCodes). */
  dbFile: string;
  close(): Promise<void>;
}

export interface BenchServerOptions {
  employees: number;
  start: number;
  /** Follow real time from `start` (default true), so the gateway's pacing can wait. */
  running?: boolean;
  /** The punch worker's idle poll (real ms). */
  punchPollMs?: number;
}

/**
 * Sign-in is limited per IP and data routes per session; every simulated
 * desktop shares 127.0.0.1 and a simulated day passes in real milliseconds, so
 * the benches lift both limits (they protect the server from abuse; they play
 * no part in the DingTalk call economy nor in the upload queue).
 */
export const NO_HTTP_LIMITS = {
  perSession: { max: 1_000_000, timeWindow: 60_000 },
  perIp: { max: 1_000_000, timeWindow: 60_000 },
};

/** The demo org plus `employees` people in the office group (09:00–18:00, Monday to Friday). */
export async function startBenchSim(
  employees: number,
  clock: SimClock,
): Promise<{ sim: Simulator; staff: string[] }> {
  const org = demoOrg();
  const staff = Array.from({ length: employees }, (_, i) => staffId(i));
  const office = org.groups.find((g) => g.groupId === DEMO_GROUPS.office);
  if (!office) throw new Error('the demo org has no office group');
  for (const [i, userid] of staff.entries()) {
    org.users.push({
      userid,
      name: `员工${i + 1}`,
      mobile: `139${String(i + 1).padStart(8, '0')}`,
      unionId: `bench-union-${userid}`,
    });
    office.members.push(userid);
  }
  return { sim: await startSimulator({ org, clock }), staff };
}

/** The desktops' side of a site: the wire and settle() (see BenchSite). */
export function benchSite(sim: Simulator, staff: string[], base: string): BenchSite {
  const clock = sim.clock;
  const v1 = new Map<string, number>();
  let inFlight = 0;
  let sent = 0;
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  return {
    sim,
    clock,
    base,
    staff,
    v1,
    wire: (counter, timing) => async (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      const key = `${init?.method ?? 'GET'} ${url.pathname.replace(/\/v1\/punches\/.+$/, '/v1/punches/:id')}`;
      if (url.origin === base) {
        bump(v1, key);
        if (counter) bump(counter, key);
      }
      sent += 1;
      inFlight += 1;
      const sentAt = clock.now();
      const started = performance.now();
      let res: Response;
      try {
        res = await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
      timing?.(key, performance.now() - started, res.status);
      // Desktop and server share one clock (no skew), but a bench may move it while a reply
      // is on its way: the Date header says the middle of the request, which is what a
      // desktop's skew estimate expects, so the estimate stays ≈ 0 either way.
      const headers = new Headers(res.headers);
      headers.set('date', new Date((sentAt + clock.now()) / 2).toUTCString());
      return new Response(res.body, { status: res.status, headers });
    },
    async settle() {
      let last = -1;
      for (let quiet = 0; quiet < SETTLE_TICKS;) {
        await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_TICK_MS));
        const seen = sent + sim.requests.length;
        quiet = inFlight === 0 && seen === last ? quiet + 1 : 0;
        last = seen;
      }
    },
  };
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const clock = new SimClock({ start: options.start, running: options.running ?? true });
  const { sim, staff } = await startBenchSim(options.employees, clock);
  const dataDir = await mkdtemp(join(tmpdir(), 'daka-bench-server-'));
  try {
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
    const server = await startDakaServer({
      config,
      clock,
      logger: silentLogger,
      logStream: { write: () => undefined },
      http: { rateLimit: NO_HTTP_LIMITS },
      ...(options.punchPollMs ? { punchPollMs: options.punchPollMs } : {}),
    });
    return {
      ...benchSite(sim, staff, `http://127.0.0.1:${port}`),
      server,
      dbFile: join(dataDir, DATABASE_FILE),
      async close() {
        await server.close();
        await sim.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** What a browser does with the server's login URL: follow every redirect to the loopback. */
async function followRedirects(url: string, stopAt?: string): Promise<string> {
  let next = url;
  for (let i = 0; i < 10; i += 1) {
    if (stopAt && next.startsWith(stopAt)) return next;
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || !location) return next;
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects');
}

/**
 * The simulator approves a login as whoever `setLoginUser` names when its
 * authorize page is hit: sign-ins share that one setting, so the step that
 * hits it runs one at a time (the other steps may overlap).
 */
class LoginDesk {
  private turn: Promise<unknown> = Promise.resolve();
  constructor(private readonly sim: Simulator) {}

  approveAs<T>(userId: string, step: () => Promise<T>): Promise<T> {
    const run = this.turn.then(() => {
      this.sim.setLoginUser(userId);
      return step();
    });
    this.turn = run.catch(() => undefined);
    return run;
  }
}

const desks = new WeakMap<Simulator, LoginDesk>();
const deskOf = (sim: Simulator) => {
  let desk = desks.get(sim);
  if (!desk) {
    desk = new LoginDesk(sim);
    desks.set(sim, desk);
  }
  return desk;
};

/** A browser approving a login as `userId`: server → DingTalk (one at a time) → server → loopback. */
export async function approveInBrowser(
  bench: BenchSite,
  userId: string,
  url: string,
  stopAt?: string,
): Promise<string> {
  const dingtalk = await followRedirects(url, bench.sim.urls.loginBase + '/oauth2/');
  const callback = await deskOf(bench.sim).approveAs(userId, async () => {
    const res = await fetch(dingtalk, { redirect: 'manual' });
    await res.body?.cancel();
    return new URL(res.headers.get('location') ?? '', dingtalk).href;
  });
  return followRedirects(callback, stopAt);
}

export interface EngineDesktop {
  userId: string;
  engine: Engine;
  /** This desktop's /v1 requests by method and path. */
  v1: Map<string, number>;
}

/** The real desktop engine in server mode, signed in as `userId`, its event stream connected. */
export async function engineDesktop(
  bench: BenchSite,
  userId: string,
  v1 = new Map<string, number>(),
): Promise<EngineDesktop> {
  const engine = new Engine({
    stores: {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock: bench.clock,
    logger: silentLogger,
    host: {
      hostname: `pc-${userId}`,
      platform: 'linux',
      version: '0.1.0',
      startAtLogin: () => false,
    },
    fetch: bench.wire(v1),
    openUrl: async (url) => {
      await approveInBrowser(bench, userId, url);
    },
    loginTimeoutMs: 30_000,
    clientTuning: { timeoutMs: 30_000 },
    eventBackoff: { baseMs: 50, maxMs: 500 },
  });
  engine.setServer(bench.base);
  const identity = await engine.loginWithBrowser();
  if (identity.userId !== userId) throw new Error(`signed in as ${identity.userId}, not ${userId}`);
  await new Promise<void>((resolve) => {
    const check = () => {
      if (engine.connectionInfo().events !== 'connected') return;
      engine.off('changed', check);
      resolve();
    };
    engine.on('changed', check);
    check();
  });
  return { userId, engine, v1 };
}

export interface ProtocolDesktop {
  userId: string;
  sessionId: string;
  api: CompanyApi;
  v1: Map<string, number>;
}

/**
 * The desktop's /v1 client without the engine: the same ServerHttp (DPoP),
 * ServerSession (refresh before expiry) and CompanyApi the engine uses,
 * signed in through the server's real login (PKCE, code exchange bound to a
 * fresh device key). The loopback receiver is skipped: the browser's last
 * redirect is read instead of followed.
 */
export interface SignInHooks {
  /** Counts this desktop's /v1 requests (shared maps add up). */
  v1?: Map<string, number>;
  timing?: (key: string, ms: number, status: number) => void;
  /** A one-time code already seated for this user (see seatCodes): no browser login. */
  seated?: { code: string; verifier: string };
}

/**
 * The desktop's /v1 client without the engine: the same ServerHttp (DPoP),
 * ServerSession (refresh before expiry) and CompanyApi the engine uses,
 * signed in through the server's real login (PKCE, code exchange bound to a
 * fresh device key). The loopback receiver is skipped: the browser's last
 * redirect is read instead of followed. With `seated`, the browser part is
 * skipped too and the seated code is exchanged at the real token endpoint.
 */
export async function protocolDesktop(
  bench: BenchSite,
  userId: string,
  hooks: SignInHooks = {},
): Promise<ProtocolDesktop> {
  const v1 = hooks.v1 ?? new Map<string, number>();
  const secrets = new Map<string, string>();
  let key: Promise<DeviceKey> | null = null;
  const http = new ServerHttp({
    server: bench.base,
    clock: bench.clock,
    fetch: bench.wire(v1, hooks.timing),
    timeoutMs: 120_000,
    deviceKey: () =>
      (key ??= loadDeviceKey({
        load: () => secrets.get('deviceKey'),
        save: (jwk) => secrets.set('deviceKey', jwk),
      })),
  });
  const session = new ServerSession({
    http,
    clock: bench.clock,
    refreshToken: {
      get: () => secrets.get('refresh'),
      set: (token) => {
        secrets.set('refresh', token);
      },
      delete: () => secrets.delete('refresh'),
    },
    onSignedOut: () => undefined,
  });
  let code: string;
  let verifier: string;
  if (hooks.seated) {
    ({ code, verifier } = hooks.seated);
  } else {
    const pkce = createPkce();
    verifier = pkce.verifier;
    const state = `bench-${userId}-${'x'.repeat(16)}`;
    const login = new URLSearchParams({
      redirect_uri: LOOPBACK,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
    const url = `${bench.base}${PATHS.authLogin}?${login.toString()}`;
    const loopback = new URL(await approveInBrowser(bench, userId, url, LOOPBACK));
    const back = loopback.searchParams.get('code');
    if (loopback.searchParams.get('state') !== state || !back) {
      throw new Error(`sign-in of ${userId} did not come back: ${loopback.href}`);
    }
    code = back;
  }
  const reply = await session.requestTokens({
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: LOOPBACK,
    device: {
      id: `bench-device-${userId}`,
      name: `Daka · ${userId}`,
      platform: 'linux',
      appVersion: '0.1.0',
    },
  });
  await session.adopt(reply);
  return { userId, sessionId: reply.session_id, api: new CompanyApi(http, session), v1 };
}

/** A one-time code as the login callback stores it once DingTalk has said who signed in. */
export interface Seat {
  userId: string;
  name: string;
  code: string;
  challenge: string;
}

/**
 * Stores one-time codes the way the server's login callback does after
 * DingTalk identified the employee (server/auth/login.ts): what a sign-in
 * leaves behind minus its three DingTalk identity calls, which the server
 * paces at 18/s (1,000 sign-ins take ≥ 56 s) and which the quota does not
 * count. The desktop then exchanges the code at the real token endpoint.
 */
export async function seatCodes(
  store: { file: string; databaseUrl?: string | null },
  seats: Seat[],
  now: number,
): Promise<void> {
  const { db, close } = await openDatabase(store);
  try {
    for (let i = 0; i < seats.length; i += 100) {
      await db
        .insertInto('auth_codes')
        .values(
          seats.slice(i, i + 100).map((seat) => ({
            code_hash: sha256(seat.code),
            user_id: seat.userId,
            user_name: seat.name,
            code_challenge: seat.challenge,
            redirect_uri: LOOPBACK,
            created_at: now,
            expires_at: now + 60 * 60_000,
            used_at: null,
            session_id: null,
          })),
        )
        .execute();
    }
  } finally {
    await close();
  }
}

/**
 * Signs `staff` in: the first `real` through the server's real browser login
 * (`concurrency` at a time), the rest by codes seated with `seat` (see
 * seatCodes) and exchanged at the real token endpoint. In staff order.
 */
export async function signInAll(
  site: BenchSite,
  staff: string[],
  options: {
    real: number;
    seat: (seats: Seat[]) => Promise<void>;
    concurrency?: number;
    hooks?: Omit<SignInHooks, 'seated'>;
  },
): Promise<ProtocolDesktop[]> {
  const concurrency = options.concurrency ?? 16;
  const real = staff.slice(0, options.real);
  const rest = staff.slice(options.real).map((userId) => {
    const pkce = createPkce();
    return { userId, pkce, code: randomBytes(32).toString('base64url') };
  });
  const names = new Map(site.sim.org.users.map((u) => [u.userid, u.name]));
  await options.seat(
    rest.map((r) => ({
      userId: r.userId,
      name: names.get(r.userId) ?? r.userId,
      code: r.code,
      challenge: r.pkce.challenge,
    })),
  );
  const first = await pool(real, concurrency, (userId) =>
    protocolDesktop(site, userId, { ...options.hooks }),
  );
  const others = await pool(rest, concurrency, (r) =>
    protocolDesktop(site, r.userId, {
      ...options.hooks,
      seated: { code: r.code, verifier: r.pkce.verifier },
    }),
  );
  return [...first, ...others];
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** Counted DingTalk calls in the simulator's log, by path, optionally within [from, to). */
export function countedByPath(
  sim: Simulator,
  counted: ReadonlySet<string>,
  from = -Infinity,
  to = Infinity,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of sim.requests) {
    if (!counted.has(r.path) || r.at < from || r.at >= to) continue;
    out.set(r.path, (out.get(r.path) ?? 0) + 1);
  }
  return out;
}
