/**
 * Issue #8: the 09:00 burst. 1,000 employees, each signed in through the
 * server's real browser login (PKCE, DingTalk's code, a device key), punch at
 * the same moment: POST /v1/punches from 1,000 sessions, 200 in flight at a
 * time. The server accepts each at once (HTTP 202) and uploads them under
 * DingTalk's 20 calls/s per app per API (the simulator enforces it: a call
 * over it gets 90018). Measured: accept latency, how long until DingTalk has
 * all 1,000 (beside the 50 s that 20/s allows at best), 90018 replies, the
 * records DingTalk ends with, and the server's memory. The server runs in a
 * process of its own (bench/server-child.ts), so its memory is its own.
 *
 * Issue #9: the same burst on PostgreSQL beside SQLite, when DATABASE_URL or
 * DAKA_TEST_DATABASE_URL names a server (scripts/postgres.sh starts one): the
 * run gets a schema of its own (the URL's search_path), dropped after.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { ENDPOINTS } from '../main/dingtalk/endpoints';
import { DEFAULT_QPS_PER_APP_API, SimClock } from '../main/dingtalk/simulator';
import { DEFAULT_PER_SECOND } from '../server/dingtalk/gateway';
import { parseDingTalk } from '../shared/time';
import type { BenchTable } from './index';
import { forkServer } from './server-child';
import { benchSite, pool, signInAll, startBenchSim, TZ } from './server-harness';

export const EMPLOYEES = 1000;
const IN_FLIGHT = 200;
const SIGN_IN_CONCURRENCY = 16;
/**
 * Sessions signed in through the real browser login; the others exchange a
 * seated one-time code at the real token endpoint (server-harness.ts
 * seatCodes): the login's three DingTalk identity calls are paced at 18/s, so
 * 1,000 real sign-ins take ≥ 56 s before the burst can start.
 */
const REAL_LOGINS = 100;
/** The bench gives up waiting for DingTalk after this (real time). */
const MAX_WAIT_MS = 240_000;
const DATE = '2026-11-24';
const at = (hhmm: string) => parseDingTalk(`${DATE} ${hhmm}:00`, TZ);

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;
const s = (n: number) => `${(n / 1000).toFixed(1)} s`;

interface Burst {
  p50: number;
  p99: number;
  max: number;
  acceptedAllMs: number;
  accepted: number;
  allInMs: number;
  uploadRate: number;
  uploads: number;
  throttled: number;
  records: number;
  exactlyOne: number;
  punched: number;
  before: NodeJS.MemoryUsage;
  after: NodeJS.MemoryUsage;
  peakRss: number;
  signInMs: number;
}

/** One burst against a fresh simulator and a fresh server on `databaseUrl` (null: SQLite). */
async function burst(databaseUrl: string | null): Promise<Burst> {
  const simOrigin = at('08:55');
  const realOrigin = Date.now();
  const clock = new SimClock({ start: simOrigin, running: true });
  const { sim, staff } = await startBenchSim(EMPLOYEES, clock);
  const server = await forkServer({ urls: sim.urls, simOrigin, realOrigin, databaseUrl }).catch(
    async (error: unknown) => {
      await sim.close();
      throw error;
    },
  );
  try {
    const site = benchSite(sim, staff, server.url);
    const accepts: { ms: number; status: number }[] = [];
    const timing = (key: string, took: number, status: number) => {
      if (key === 'POST /v1/punches') accepts.push({ ms: took, status });
    };

    // 08:55: everyone signs in (the app started with the session), 16 at a time.
    const signInStarted = performance.now();
    const desktops = await signInAll(site, staff, {
      real: REAL_LOGINS,
      seat: (seats) => server.seat(seats),
      concurrency: SIGN_IN_CONCURRENCY,
      hooks: { timing },
    });
    const signInMs = performance.now() - signInStarted;
    const before = await server.memory();

    // 09:00:00 on both clocks, then everyone clicks.
    const nine = at('09:00');
    await server.setClock(nine);
    clock.set(nine);
    const mark = sim.requests.length;
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      void server.memory().then((m) => {
        peakRss = Math.max(peakRss, m.rss);
      });
    }, 1000);
    const burstStarted = performance.now();
    const views = await pool(desktops, IN_FLIGHT, (d) =>
      d.api.punch({
        intentId: randomUUID(),
        clickedAt: Math.floor(clock.now() / 1000) * 1000,
        checkType: 'OnDuty',
        queuedOffline: false,
      }),
    );
    const acceptedAllMs = performance.now() - burstStarted;

    // DingTalk has them all when the simulator holds 1,000 records of these employees.
    const ours = new Set(staff);
    const recorded = () => sim.records.filter((r) => ours.has(r.userId)).length;
    let lastAt = burstStarted;
    for (let seen = recorded(); seen < EMPLOYEES; seen = recorded()) {
      if (performance.now() - burstStarted > MAX_WAIT_MS) break;
      await new Promise<void>((resolve) => setTimeout(resolve, 20));
      lastAt = performance.now();
    }
    const allInMs = lastAt - burstStarted;
    // A moment more: nothing should arrive after the last one (no duplicate uploads).
    await new Promise<void>((resolve) => setTimeout(resolve, 1500));
    clearInterval(sampler);
    const after = await server.memory();
    peakRss = Math.max(peakRss, after.rss);

    const burst = sim.requests.slice(mark);
    const uploads = burst.filter((r) => r.path === ENDPOINTS.upload.path);
    const throttled = burst.filter((r) => r.errcode === 90018).length;
    const perUser = new Map<string, number>();
    for (const r of sim.records) {
      if (ours.has(r.userId)) perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + 1);
    }
    const records = [...perUser.values()].reduce((a, b) => a + b, 0);
    const exactlyOne = staff.filter((u) => perUser.get(u) === 1).length;
    // The server's own word, after the fact (1,000 GETs, 200 at a time).
    const final = await pool(desktops, IN_FLIGHT, (d, i) =>
      d.api.punchById(views[i]?.intentId ?? ''),
    );
    const punched = final.filter((v) => v.state === 'punched').length;

    const latencies = accepts
      .slice(-EMPLOYEES)
      .map((a) => a.ms)
      .sort((a, b) => a - b);
    const accepted = views.filter((v) => v.state === 'accepted').length;
    const uploadSpanMs =
      uploads.length > 1 ? (uploads[uploads.length - 1]?.at ?? 0) - (uploads[0]?.at ?? 0) : 0;

    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? Number.NaN,
      acceptedAllMs,
      accepted,
      allInMs,
      uploadRate: uploadSpanMs > 0 ? (uploads.length - 1) / (uploadSpanMs / 1000) : Number.NaN,
      uploads: uploads.length,
      throttled,
      records,
      exactlyOne,
      punched,
      before,
      after,
      peakRss,
      signInMs,
    };
  } finally {
    await server.close().catch(() => undefined);
    await sim.close();
  }
}

/** The PostgreSQL server to try, if any: DATABASE_URL, else the tests' DAKA_TEST_DATABASE_URL. */
function postgresUrl(): string | null {
  return process.env.DATABASE_URL?.trim() || process.env.DAKA_TEST_DATABASE_URL?.trim() || null;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The burst on a schema of its own in `base`'s database, dropped after (even on failure). */
async function burstOnPostgres(base: string): Promise<Burst> {
  const schema = `bench_burst_${randomBytes(5).toString('hex')}`;
  await adminQuery(base, `create schema ${schema}`);
  try {
    const u = new URL(base);
    // libpq's options: every connection of the server (pool, leases, LISTEN) lands in the schema.
    u.searchParams.set('options', `-c search_path=${schema}`);
    return await burst(u.toString());
  } finally {
    await adminQuery(base, `drop schema if exists ${schema} cascade`);
  }
}

const floorMs = (EMPLOYEES / DEFAULT_QPS_PER_APP_API) * 1000;

export async function run(): Promise<BenchTable[]> {
  const lite = await burst(null);
  const url = postgresUrl();
  const pgRun = url ? await burstOnPostgres(url) : null;
  const skipped = 'skipped';
  /** One row: the figure on SQLite, on PostgreSQL (or "skipped"), the target. */
  const row = (what: string, show: (b: Burst) => string, target = ''): string[] => [
    what,
    show(lite),
    pgRun ? show(pgRun) : skipped,
    target,
  ];
  const memory = (b: Burst) => `${mib(b.before.rss)} → ${mib(b.after.rss)} (${mib(b.peakRss)})`;
  return [
    {
      title: `09:00 burst: ${EMPLOYEES.toLocaleString('en')} punches from ${EMPLOYEES.toLocaleString('en')} sessions (${IN_FLIGHT} in flight), real Daka Server before the simulator (20 calls/s per API enforced), SQLite and PostgreSQL`,
      head: ['what', 'SQLite', 'PostgreSQL', 'target'],
      rows: [
        row('accept latency p50 (POST → 202)', (b) => ms(b.p50)),
        row('accept latency p99', (b) => ms(b.p99)),
        row('accept latency max', (b) => ms(b.max)),
        row('all 1,000 accepted after', (b) => s(b.acceptedAllMs)),
        row('answered 202 accepted', (b) => `${b.accepted} / ${EMPLOYEES}`, `${EMPLOYEES}`),
        row('all 1,000 in DingTalk after', (b) => s(b.allInMs), `≥ ${s(floorMs)} (20/s floor)`),
        row(
          'upload rate (first to last upload)',
          (b) => (Number.isNaN(b.uploadRate) ? '-/s' : `${b.uploadRate.toFixed(1)}/s`),
          `≤ ${DEFAULT_QPS_PER_APP_API}/s (server paces at ${DEFAULT_PER_SECOND}/s)`,
        ),
        row('upload calls', (b) => `${b.uploads}`, `${EMPLOYEES}`),
        row('90018 replies seen by the simulator', (b) => `${b.throttled}`, '0'),
        row('records in the simulator', (b) => `${b.records}`, `exactly ${EMPLOYEES}`),
        row('employees with exactly one record', (b) => `${b.exactlyOne}`, `${EMPLOYEES}`),
        row('punched, as the server says afterwards', (b) => `${b.punched}`, `${EMPLOYEES}`),
        row('server RSS before → after (peak)', memory),
        row(
          'server heap used before → after',
          (b) => `${mib(b.before.heapUsed)} → ${mib(b.after.heapUsed)}`,
        ),
        ...(pgRun
          ? []
          : [
              [
                'PostgreSQL run',
                '',
                'skipped: neither DATABASE_URL nor DAKA_TEST_DATABASE_URL is set',
                'start one with scripts/postgres.sh, export the DATABASE_URL=… it prints, npm run bench',
              ],
            ]),
      ],
      notes: [
        `sign-in (SQLite ${s(lite.signInMs)}${pgRun ? `, PostgreSQL ${s(pgRun.signInMs)}` : ''}, ${SIGN_IN_CONCURRENCY} at a time): ${REAL_LOGINS} sessions through the real login (GET /v1/auth/login → simulator's authorize → callback: userAccessToken, users/me, getbyunionid → POST /v1/auth/token with PKCE and a DPoP proof); the other ${EMPLOYEES - REAL_LOGINS} exchange a one-time code seated in the database the way the callback stores it (the callback's DingTalk calls are paced at 18/s: 1,000 real sign-ins take ≥ 56 s), at the same token endpoint`,
        'desktops: the engine’s own /v1 client (main/company: ServerHttp signs each request with its device key, CompanyApi); the latency is fetch() to response headers, client-side signing excluded',
        `accept latency counts the wait behind the other ${IN_FLIGHT - 1} requests in flight; "in DingTalk": the simulator holds a record for all 1,000 (polled every 20 ms)`,
        'server: startDakaServer in its own process (bench/server-child.ts) on a simulated clock that runs with real time; sign-in and data-route HTTP limits lifted (every desktop is 127.0.0.1)',
        'each store gets a fresh simulator and a fresh server, one after the other (never both at once: 2 cores); PostgreSQL: one server process on a schema of its own in the given database (created for the run, dropped after), the PostgreSQL server itself on the same machine',
      ],
    },
  ];
}
