/**
 * The server's punch outbox under SIGKILL. A child process (crash-child.ts)
 * runs the punch service on one SQLite file against the simulator, which runs
 * HERE so it outlives every kill. Each round a fresh child recovers what the
 * last one left, accepts a few new intents (and resends old ones, as desktops
 * do), and is killed at a random moment: while starting and reconciling, while
 * accepting, with an upload held at DingTalk (before or after it is recorded),
 * or after the reply. At the end every intent a child ever reported accepted
 * has exactly one DingTalk record and is punched; no record belongs to nothing.
 *
 * The child is bundled once with esbuild (a start costs ~0.2 s instead of a
 * tsx start-up), and a spare is always starting while the current one works.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../../main/dingtalk/simulator';
import { openSqlite } from '../../../server/store/database';
import { type CrashCommand, type CrashIntent, type CrashMessage, deviceOf } from './crash-protocol';

const KILLS = 55;
const SEED = Number(process.env.CRASH_SEED ?? 20_261_124);
const GRACE_MS = 1000;
const UPLOAD = '/topapi/attendance/record/upload';
const HOLD_MS = 80;
const WAIT_MS = 15_000;
const CHILD_SOURCE = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
/** Inside the repository, so the bundle's bare imports (better-sqlite3, kysely) resolve. */
const BUNDLE_DIR = fileURLToPath(
  new URL('../../../node_modules/.cache/daka-server-crash/', import.meta.url),
);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class Child {
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  readonly accepted: string[] = [];
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<(m: CrashMessage) => void>();
  private stderr = '';

  constructor(bundleUrl: string, env: NodeJS.ProcessEnv) {
    this.proc = spawn(
      process.execPath,
      ['--input-type=module', '-e', 'await import(process.env.CRASH_CHILD_URL)'],
      {
        env: { ...env, CRASH_CHILD_URL: bundleUrl },
      },
    );
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as CrashMessage;
      if ('accepted' in message) this.accepted.push(message.accepted);
      for (const listener of [...this.listeners]) listener(message);
    });
    this.exited = new Promise((resolve) => this.proc.once('exit', () => resolve()));
    this.ready = this.next((m) => 'ready' in m).then(() => undefined);
    this.ready.catch(() => undefined);
  }

  next(match: (m: CrashMessage) => boolean): Promise<CrashMessage> {
    return new Promise((resolve, reject) => {
      const listener = (m: CrashMessage) => {
        if ('failed' in m) reject(new Error(`child failed: ${m.failed}\n${this.stderr}`));
        if (!match(m)) return;
        this.listeners.delete(listener);
        resolve(m);
      };
      this.listeners.add(listener);
      void this.exited.then(() => {
        if (this.listeners.delete(listener))
          reject(new Error(`the child exited; stderr:\n${this.stderr}`));
      });
    });
  }

  send(command: CrashCommand): void {
    this.proc.stdin.write(`${JSON.stringify(command)}\n`);
  }

  async kill(): Promise<void> {
    this.proc.kill('SIGKILL');
    await this.exited;
  }
}

/** Once a probe is answered, every request the dead process had sent is in the log. */
async function serverCaughtUp(sim: Simulator): Promise<void> {
  await (await fetch(`${sim.urls.oapiBase}/crash-test-probe`)).arrayBuffer();
  const deadline = Date.now() + WAIT_MS;
  while (sim.requests.some((r) => r.status === null)) {
    if (Date.now() > deadline) throw new Error('the simulator never answered');
    await sleep(2);
  }
}

/** Waits (bounded) until `cond` holds or the child ends; either way the round goes on. */
async function reached(cond: () => boolean, child: Child): Promise<void> {
  let ended = false;
  void child.exited.then(() => (ended = true));
  const deadline = Date.now() + 2000;
  while (!cond() && !ended && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let root = '';
let bundleUrl = '';
let sim: Simulator | undefined;
const children: Child[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'daka-server-crash-'));
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const outfile = join(BUNDLE_DIR, `crash-child-${process.pid}.mjs`);
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
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await sim?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  if (bundleUrl) rmSync(fileURLToPath(bundleUrl), { force: true });
});

it(`no punch lost or doubled across ${KILLS} SIGKILLs of the server`, async () => {
  const s = (sim = await startSimulator({ clock: new SimClock({ running: true }) }));
  const file = join(root, 'daka.sqlite');
  const env = { ...process.env, CRASH_DB: file, CRASH_BASE: s.urls.oapiBase };
  const random = mulberry32(SEED);
  const users = Object.values(DEMO_USERS);
  const plan: CrashIntent[] = Array.from({ length: 120 }, (_, i) => ({
    intentId: randomUUID(),
    userId: users[i % users.length] ?? DEMO_USERS.fixed,
  }));
  const acked = new Set<string>();
  const spawnChild = () => {
    const child = new Child(bundleUrl, env);
    children.push(child);
    return child;
  };
  const peek = () => {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('select state, count(*) as n from punches group by state').all() as {
        state: string;
        n: number;
      }[];
    } finally {
      db.close();
    }
  };
  const seen = { midCall: 0, lostAnswer: 0, beforeAnyRow: 0, settledAll: 0 };

  let current = spawnChild();
  let spare = spawnChild();
  for (let kill = 0; kill < KILLS; kill += 1) {
    await current.ready;
    const fresh = plan.filter((p) => !acked.has(p.intentId)).slice(0, 3);
    const resend = plan.filter((p) => acked.has(p.intentId));
    const again =
      resend.length > 0 ? [resend[Math.floor(random() * resend.length)] as CrashIntent] : [];
    const aim = random();
    if (aim < 0.3) s.fault(UPLOAD, { latencyMs: HOLD_MS }, { times: 1 });
    else if (aim < 0.6) s.fault(UPLOAD, { replyAfterMs: HOLD_MS }, { times: 1 });
    const recordsBefore = s.records.length;
    const logMark = s.requests.length;
    current.send({
      cmd: 'go',
      offsetMs: s.clock.now() - Date.now(),
      graceMs: GRACE_MS,
      intents: [...again, ...fresh],
    });
    if (aim < 0.6) {
      // Aimed: once an upload is held at DingTalk, kill inside the hold.
      await reached(() => s.requests.slice(logMark).some((r) => r.path === UPLOAD), current);
      await sleep(random() * (HOLD_MS - 20));
    } else {
      await sleep(random() * 160);
    }
    await current.kill();
    for (const id of current.accepted) acked.add(id);
    await serverCaughtUp(s);
    s.clearFaults();
    try {
      const states = Object.fromEntries(peek().map((r) => [r.state, r.n]));
      if (states.sending) seen.midCall += 1;
      if (s.records.length > recordsBefore && (states.sending || states.unknown))
        seen.lostAnswer += 1;
      if (!states.accepted && !states.sending && !states.unknown) seen.settledAll += 1;
    } catch {
      seen.beforeAnyRow += 1; // killed before the first database was even created
    }
    // The next start comes after the grace period: a lost answer may then be resent
    // (a row found 'sending' waits one more grace period, counted from that start).
    s.clock.advance(GRACE_MS + 500);
    current = spare;
    spare = spawnChild();
  }

  await current.ready;
  const rest = plan.filter((p) => !acked.has(p.intentId));
  current.send({
    cmd: 'go',
    offsetMs: s.clock.now() - Date.now(),
    graceMs: GRACE_MS,
    intents: rest,
  });
  await current.next((m) => 'settled' in m);
  for (const id of current.accepted) acked.add(id);
  current.send({ cmd: 'exit' });
  await current.exited;

  const opened = await openSqlite(file);
  const rows = await opened.db.selectFrom('punches').selectAll().execute();
  await opened.close();
  const problems: string[] = [];
  const byIntent = new Map(rows.map((r) => [r.intent_id, r]));
  for (const id of acked) if (!byIntent.has(id)) problems.push(`accepted intent ${id} has no row`);
  expect(acked.size).toBe(plan.length);
  const ours = s.records.filter((r) => r.deviceId?.startsWith('crash-device-'));
  const key = (user: string, device: string | null, at: number) => `${user}|${device}|${at}`;
  const rowCount = new Map<string, number>();
  for (const row of rows) {
    if (row.state !== 'punched') problems.push(`intent ${row.intent_id} ended ${row.state}`);
    const k = key(row.user_id, row.device_id, Number(row.check_time));
    rowCount.set(k, (rowCount.get(k) ?? 0) + 1);
    if (row.device_id !== deviceOf(row.user_id))
      problems.push(`intent ${row.intent_id} on a wrong device`);
  }
  const recordCount = new Map<string, number>();
  for (const r of ours) {
    const k = key(r.userId, r.deviceId, r.userCheckTime);
    recordCount.set(k, (recordCount.get(k) ?? 0) + 1);
  }
  for (const k of new Set([...rowCount.keys(), ...recordCount.keys()])) {
    if ((rowCount.get(k) ?? 0) !== (recordCount.get(k) ?? 0)) {
      problems.push(`${k}: ${rowCount.get(k) ?? 0} intents, ${recordCount.get(k) ?? 0} records`);
    }
  }
  expect(problems).toEqual([]);
  expect(rows).toHaveLength(plan.length);
  expect(ours).toHaveLength(plan.length);
  const reconciled = rows.filter((r) => r.settled_by === 'reconciled').length;
  console.log(
    `server crash test (seed ${SEED}): ${KILLS} SIGKILLs, ${rows.length} intents, ${ours.length} records, ` +
      `each exactly once; killed mid-call ${seen.midCall}, with an answer lost ${seen.lostAnswer}, ` +
      `with nothing pending ${seen.settledAll}, before any database ${seen.beforeAnyRow}; ` +
      `${reconciled} settled by reading DingTalk back`,
  );
  expect(seen.midCall).toBeGreaterThan(0);
  expect(seen.lostAnswer).toBeGreaterThan(0);
  expect(reconciled).toBeGreaterThan(0);
}, 60_000);
