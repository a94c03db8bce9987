/**
 * Two Daka Server processes on one PostgreSQL database, "behind one address":
 * both are configured with the same public URL (what the desktops' DPoP proofs
 * name) and the test plays the balancer, sending each request to one of them.
 * The simulator runs HERE, so it outlives a killed instance and sees every
 * call of both.
 *
 * - 500 punches split across the two (and 50 resent to the other instance at
 *   the same time): one row and one DingTalk record each, and the two together
 *   stay under DingTalk's per-app rate (no 90018). The simulator's limit is
 *   raised to 100/s and each instance allowed 90/s so the burst takes seconds:
 *   two unshared limiters would send up to 180/s and be throttled.
 * - One instance SIGKILLed mid-burst: the other finishes its work (a request
 *   that failed on the dead one is resent to the live one, as a desktop does):
 *   nothing lost, nothing doubled.
 * - An event published on one instance reaches an SSE client connected to the
 *   other (LISTEN/NOTIFY).
 *
 * Skipped, with a message, without DAKA_TEST_DATABASE_URL (scripts/postgres.sh).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  SimClock,
  type Simulator,
  demoOrg,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { PATHS } from '../../shared/server-api';
import { sha256 } from '../../server/auth/crypto';
import { freePort } from '../../server/demo';
import type { OpenedDatabase } from '../../server/store/database';
import { createDeviceKey, dpopHeaders, type DeviceKey } from './helpers/dpop';
import { postgresStore, type TestDatabase } from './helpers/stores';

const store = postgresStore();
const PUBLIC_URL = 'http://127.0.0.1:8799';
const UPLOAD = '/topapi/attendance/record/upload';
/** DAKA_MULTI_QPS=20 measures at DingTalk's real limit (the burst then takes ~30 s). */
const QPS = Number(process.env.DAKA_MULTI_QPS ?? 100);
const PER_SECOND = Math.floor(QPS * 0.9);
const WAIT_MS = 60_000;
const CHILD_SOURCE = fileURLToPath(new URL('./store/instance-child.ts', import.meta.url));
const BUNDLE_DIR = fileURLToPath(
  new URL('../../node_modules/.cache/daka-server-multi/', import.meta.url),
);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class Instance {
  readonly ready: Promise<string>;
  readonly exited: Promise<void>;
  private readonly proc: ChildProcessWithoutNullStreams;
  stderr = '';

  constructor(bundleUrl: string, env: NodeJS.ProcessEnv) {
    this.proc = spawn(
      process.execPath,
      ['--input-type=module', '-e', 'await import(process.env.CHILD_URL)'],
      { env: { ...env, CHILD_URL: bundleUrl } },
    );
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => this.proc.once('exit', () => resolve()));
    this.ready = new Promise((resolve, reject) => {
      createInterface({ input: this.proc.stdout }).on('line', (line) => {
        const message = JSON.parse(line) as { ready?: string };
        if (message.ready) resolve(message.ready);
      });
      void this.exited.then(() => reject(new Error(`instance exited:\n${this.stderr}`)));
    });
    this.ready.catch(() => undefined);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    await this.exited;
  }
}

interface Desktop {
  userId: string;
  sessionId: string;
  deviceId: string;
  token: string;
}

let bundleUrl = '';
let sim: Simulator | undefined;
let key: DeviceKey;
const instances: Instance[] = [];
const databases: TestDatabase[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  if (!store) return;
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = join(BUNDLE_DIR, `instance-child-${process.pid}.mjs`);
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.19', // engines: import attributes (chinese-days' JSON) are kept
    logLevel: 'warning',
  });
  bundleUrl = pathToFileURL(outfile).href;
  key = await createDeviceKey();
});

afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.kill()));
  await sim?.close();
  sim = undefined;
  for (const d of databases.splice(0)) await d.drop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

afterAll(() => {
  if (bundleUrl) rmSync(fileURLToPath(bundleUrl), { force: true });
});

/** A simulator with `users` extra employees, its rate limit at QPS. */
async function simulator(users: number): Promise<Simulator> {
  const s = (sim = await startSimulator({
    org: demoOrg(),
    clock: new SimClock({ running: true }),
  }));
  for (let i = 0; i < users; i += 1) {
    s.addUser({ userid: `emp${i}`, name: `员工${i}`, mobile: `1380000${i}`, unionId: `u${i}` });
  }
  s.setQpsLimit(QPS);
  return s;
}

/** A fresh schema, migrated, with one signed-in session per employee (written as sign-in would). */
async function database(users: number): Promise<{ d: TestDatabase; desktops: Desktop[] }> {
  if (!store) throw new Error('no PostgreSQL');
  const d = await store.create();
  databases.push(d);
  const opened: OpenedDatabase = await d.open();
  const now = Date.now();
  const desktops = Array.from({ length: users }, (_, i) => ({
    userId: `emp${i}`,
    sessionId: randomUUID(),
    deviceId: `device-emp${i}`,
    token: randomBytes(32).toString('base64url'),
  }));
  try {
    await opened.db
      .insertInto('sessions')
      .values(
        desktops.map((t) => ({
          id: t.sessionId,
          user_id: t.userId,
          user_name: null,
          device_id: t.deviceId,
          device_name: `Daka · ${t.userId}`,
          platform: 'linux',
          app_version: '0.1.0',
          jkt: key.jkt,
          access_hash: sha256(t.token),
          access_expires_at: now + 3_600_000,
          created_at: now,
          last_seen_at: now,
          last_ip: null,
          revoked_at: null,
          revoked_reason: null,
        })),
      )
      .execute();
  } finally {
    await opened.close();
  }
  return { d, desktops };
}

async function instance(d: TestDatabase, s: Simulator): Promise<{ i: Instance; url: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'daka-multi-'));
  dirs.push(dataDir);
  const i = new Instance(bundleUrl, {
    ...process.env,
    DAKA_SERVER_APP_KEY: DEMO_APP_KEY,
    DAKA_SERVER_APP_SECRET: DEMO_APP_SECRET,
    DAKA_SERVER_PORT: String(await freePort()),
    DAKA_SERVER_DATA: dataDir,
    DAKA_SERVER_PUBLIC_URL: PUBLIC_URL,
    DAKA_SERVER_OAPI_BASE: s.urls.oapiBase,
    DAKA_SERVER_API_BASE: s.urls.apiBase,
    DAKA_SERVER_LOGIN_BASE: s.urls.loginBase,
    DAKA_SERVER_LOG_LEVEL: 'warn',
    DATABASE_URL: d.databaseUrl ?? '',
    TEST_PER_SECOND: String(PER_SECOND),
    TEST_GRACE_MS: '1000',
  });
  instances.push(i);
  return { i, url: await i.ready };
}

/** A signed request to instance `base` (the proof names the shared public URL). */
async function call(
  base: string,
  t: Desktop,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const headers: Record<string, string> = {
    ...(await dpopHeaders(key, t.token, { method, url: `${PUBLIC_URL}${path}`, now: Date.now() })),
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const reply = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await reply.text();
  return {
    status: reply.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

const punchBody = (intentId: string) => ({
  intentId,
  clickedAt: Date.now(),
  checkType: 'OnDuty' as const,
  queuedOffline: false,
});

/** Runs `tasks` with at most `n` at once. */
async function limited<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

async function until(what: string, cond: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function states(d: TestDatabase): Promise<Map<string, { state: string; n: number }>> {
  const opened = await d.open();
  try {
    const rows = await opened.db.selectFrom('punches').select(['user_id', 'state']).execute();
    const out = new Map<string, { state: string; n: number }>();
    for (const r of rows) {
      const seen = out.get(r.user_id);
      out.set(r.user_id, { state: r.state, n: (seen?.n ?? 0) + 1 });
    }
    return out;
  } finally {
    await opened.close();
  }
}

/** At most `limit` uploads reached the simulator in any one second. */
function maxPerSecond(s: Simulator): number {
  const times = s.requests
    .filter((r) => r.path === UPLOAD)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let most = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi += 1) {
    while ((times[hi] ?? 0) - (times[lo] ?? 0) >= 1000) lo += 1;
    most = Math.max(most, hi - lo + 1);
  }
  return most;
}

describe.skipIf(!store)('two server processes on one PostgreSQL database', () => {
  it('500 punches split across them: one row and one DingTalk record each, never throttled', async () => {
    const USERS = 500;
    const s = await simulator(USERS);
    const { d, desktops } = await database(USERS);
    const [a, b] = await Promise.all([instance(d, s), instance(d, s)]);
    for (const base of [a.url, b.url]) {
      const ready = await fetch(`${base}${PATHS.readyz}`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ checks: { database: true } });
    }
    const intents = desktops.map(() => randomUUID());
    const started = Date.now();
    const replies = await limited(
      40,
      desktops.flatMap((t, n) => {
        const intent = intents[n] ?? '';
        const first = n % 2 === 0 ? a.url : b.url;
        const other = n % 2 === 0 ? b.url : a.url;
        const send = [() => call(first, t, 'POST', PATHS.punches, punchBody(intent))];
        // The same intent to the other instance at once: a resend through the balancer.
        if (n % 10 === 0) send.push(() => call(other, t, 'POST', PATHS.punches, punchBody(intent)));
        return send;
      }),
    );
    expect(replies.filter((r) => r.status !== 202 && r.status !== 200)).toEqual([]);
    await until('every punch punched', async () => {
      const now = await states(d);
      return [...now.values()].filter((v) => v.state === 'punched').length === USERS;
    });
    const span = Date.now() - started;
    const rows = await states(d);
    expect(rows.size).toBe(USERS);
    expect([...rows.values()].every((v) => v.n === 1 && v.state === 'punched')).toBe(true);
    for (const t of desktops) {
      expect(s.records.filter((r) => r.userId === t.userId)).toHaveLength(1);
    }
    expect(s.requests.filter((r) => r.path === UPLOAD)).toHaveLength(USERS);
    expect(s.requests.filter((r) => String(r.errcode) === '90018')).toEqual([]);
    expect(maxPerSecond(s)).toBeLessThanOrEqual(QPS);
    console.log(
      `multi-instance: ${USERS} punches over 2 instances in ${(span / 1000).toFixed(1)} s, ` +
        `busiest second ${maxPerSecond(s)} uploads (limit ${QPS}), 0 × 90018`,
    );
  }, 90_000);

  it('one instance SIGKILLed mid-burst: the other finishes, nothing lost or doubled', async () => {
    const USERS = 300;
    const s = await simulator(USERS);
    const { d, desktops } = await database(USERS);
    const [a, b] = await Promise.all([instance(d, s), instance(d, s)]);
    const intents = desktops.map(() => randomUUID());
    const uploads = () => s.requests.filter((r) => r.path === UPLOAD).length;
    const killing = (async () => {
      while (uploads() < USERS / 3) await sleep(5);
      await a.i.kill('SIGKILL');
    })();
    // Each desktop sends its intent once; a failure (the instance died under it) is resent
    // to the other address, with the same intent id, as the desktop's outbox does.
    const replies = await limited(
      30,
      desktops.map((t, n) => async () => {
        const intent = intents[n] ?? '';
        const first = n % 2 === 0 ? a.url : b.url;
        try {
          const r = await call(first, t, 'POST', PATHS.punches, punchBody(intent));
          if (r.status === 202 || r.status === 200) return r;
        } catch {
          // connection refused or reset: the instance is gone
        }
        return call(b.url, t, 'POST', PATHS.punches, punchBody(intent));
      }),
    );
    await killing;
    expect(replies.filter((r) => r.status !== 202 && r.status !== 200)).toEqual([]);
    await until('every punch punched by the survivor', async () => {
      const now = await states(d);
      return [...now.values()].filter((v) => v.state === 'punched').length === USERS;
    });
    const rows = await states(d);
    expect(rows.size).toBe(USERS);
    expect([...rows.values()].every((v) => v.n === 1)).toBe(true);
    const doubled = desktops.filter(
      (t) => s.records.filter((r) => r.userId === t.userId).length !== 1,
    );
    expect(doubled.map((t) => t.userId)).toEqual([]);
    expect(s.requests.filter((r) => String(r.errcode) === '90018')).toEqual([]);
    const recovered = b.i.stderr
      .split('\n')
      .filter((l) => l.includes('left sending by a stopped process')).length;
    console.log(
      `multi-instance kill: ${USERS} punches, instance A killed after ${USERS / 3} uploads; ` +
        `the survivor read back the uploads of ${recovered} users A left in flight`,
    );
  }, 90_000);

  it('an event published on one instance reaches an SSE client connected to the other', async () => {
    const s = await simulator(2);
    const { d, desktops } = await database(2);
    const [a, b] = await Promise.all([instance(d, s), instance(d, s)]);
    const [first, second] = desktops as [Desktop, Desktop];
    // Two devices of one employee: the second revokes the first (through A) while the first
    // listens on B.
    const peer = { ...second, userId: first.userId };
    const opened = await d.open();
    await opened.db
      .updateTable('sessions')
      .set({ user_id: first.userId })
      .where('id', '=', second.sessionId)
      .execute();
    await opened.close();
    const headers = await dpopHeaders(key, first.token, {
      method: 'GET',
      url: `${PUBLIC_URL}${PATHS.events}`,
      now: Date.now(),
    });
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${b.url}${PATHS.events}`, { headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        let revoking = false;
        res.on('data', (chunk: string) => {
          text += chunk;
          if (!revoking) {
            revoking = true;
            void call(a.url, peer, 'DELETE', PATHS.session.replace(':sessionId', first.sessionId))
              .then((r) => expect(r.status).toBe(204))
              .catch(reject);
          }
          if (text.includes('event: revoked')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('event: revoked');
  });
});
