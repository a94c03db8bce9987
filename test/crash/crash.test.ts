/**
 * The outbox's promise under SIGKILL: a `daka` process punching against the
 * simulator is killed at seeded-random points (before the upload leaves, while
 * it is at DingTalk, after DingTalk's reply arrived but before the outbox wrote
 * it down), over and over. After every restart the simulator must hold exactly
 * one record per intent the outbox ever wrote: never two, none lost.
 *
 * Every process is a warm CLI (punch-child.ts) on the same real DAKA_HOME, as
 * successive runs of the app share their files. A Node start-up under tsx costs
 * ~0.7 s of CPU, and each kill needs a fresh process, so the child is bundled
 * once with esbuild (same sources, ~0.2 s per start) and a spare is always
 * starting while the current one works.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTLE_GRACE_MS, type StoredIntent } from '../../main/attendance/outbox';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { parseDingTalk } from '../../shared/time';
import type { ChildCommand, ChildMessage, Hook } from './punch-child';

const CHILD_SOURCE = fileURLToPath(new URL('./punch-child.ts', import.meta.url));
const UPLOAD = '/topapi/attendance/record/upload';

const KILLS = 55;
const SEED = Number(process.env.CRASH_SEED ?? 20_261_127);
/** Server-side delay for the in-flight aims: long enough to kill inside it. */
const SERVER_HOLD_MS = 300;
/** Upper bound of the blind kill delay after a punch command (start to past the upload). */
const BLIND_MAX_MS = 60;
/** Bound of every wait on a child or the simulator: a hang fails instead of passing. */
const WAIT_MS = 10_000;

/**
 * How each kill is aimed. Where it actually landed is decided afterwards from
 * what the outbox file and the simulator show, not from the aim.
 */
type Aim = 'blind' | 'beforeSend' | 'atServer' | 'recordedAtServer' | 'afterReply';
const AIMS: readonly Aim[] = ['blind', 'beforeSend', 'atServer', 'recordedAtServer', 'afterReply'];

type Landing =
  /** (a) before the intent was written: nothing may reach DingTalk. */
  | 'noIntentYet'
  /** (a) the intent was written, its upload never reached DingTalk. */
  | 'intentNotSent'
  /** (b) the upload was at DingTalk, not yet recorded there. */
  | 'atServer'
  /** (b) DingTalk had recorded it; its reply had not reached us. */
  | 'recordedNoReply'
  /** (c) the reply had arrived; the outbox had not written it down. */
  | 'replyNotRecorded'
  /** The outbox had already written `sent`: nothing left to lose. */
  | 'alreadyRecorded';

const PHASE_OF: Record<Landing, 'a' | 'b' | 'c' | null> = {
  noIntentYet: 'a',
  intentNotSent: 'a',
  atServer: 'b',
  recordedNoReply: 'b',
  replyNotRecorded: 'c',
  alreadyRecorded: null,
};

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

/** Every aim equally often, in a seeded random order (shuffled blocks). */
function aimsFor(random: () => number, count: number): Aim[] {
  const out: Aim[] = [];
  while (out.length < count) {
    const block = [...AIMS];
    while (block.length > 0) out.push(...block.splice(Math.floor(random() * block.length), 1));
  }
  return out.slice(0, count);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls a condition on the simulator (same event loop: checked between its requests). */
async function until(what: string, cond: () => boolean, stop?: Promise<unknown>): Promise<void> {
  let stopped = false;
  const halt = () => {
    stopped = true;
  };
  void stop?.then(halt, halt);
  const deadline = Date.now() + WAIT_MS;
  while (!cond()) {
    if (stopped) throw new Error(`the child finished before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Whatever a dead process wrote reached the server's socket before its exit
 * was reported; a request sent after that is read after it. So once a probe is
 * answered, every request of the dead process is in the log (or was torn).
 */
async function serverCaughtUp(sim: Simulator): Promise<void> {
  const probe = await fetch(`${sim.urls.oapiBase}/crash-test-probe`);
  await probe.arrayBuffer();
}

type Done = Extract<ChildMessage, { done: string }>;

/** One warm punch-child process and its line protocol. */
class Child {
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<(m: ChildMessage) => void>();
  private stderr = '';

  constructor(bundleUrl: string, env: NodeJS.ProcessEnv) {
    // Imported from -e, not run as a script: main/cli.ts would take itself for the entry point.
    this.proc = spawn(
      process.execPath,
      ['--input-type=module', '-e', 'await import(process.env.CRASH_CHILD_URL)'],
      { env: { ...env, CRASH_CHILD_URL: bundleUrl } },
    );
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as ChildMessage;
      for (const listener of [...this.listeners]) listener(message);
    });
    this.exited = new Promise((resolve) => this.proc.once('exit', () => resolve()));
    this.ready = this.next((m) => 'ready' in m).then(() => undefined);
    // A spare killed before anyone waited for it is not a failure.
    this.ready.catch(() => undefined);
  }

  /** The next message matching, or a rejection when the process ends first. */
  next<T extends ChildMessage>(match: (m: ChildMessage) => boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const listener = (m: ChildMessage) => {
        if (!match(m)) return;
        this.listeners.delete(listener);
        resolve(m as T);
      };
      this.listeners.add(listener);
      void this.exited.then(() => {
        if (this.listeners.delete(listener)) {
          reject(new Error(`the child exited; stderr:\n${this.stderr}`));
        }
      });
    });
  }

  send(command: ChildCommand): Promise<Done> {
    const done = this.next<Done>((m) => 'done' in m);
    this.proc.stdin.write(`${JSON.stringify(command)}\n`);
    return done;
  }

  async kill(): Promise<void> {
    this.proc.kill('SIGKILL');
    await this.exited;
  }
}

function readJson(home: string, name: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(join(home, `${name}.json`), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

const readOutbox = (home: string) => (readJson(home, 'outbox').outbox ?? []) as StoredIntent[];

const uploadTime = (body: unknown) =>
  Number((body as { user_check_time?: unknown } | null)?.user_check_time);

/** Everything that breaks "exactly one record per intent", as readable lines. */
function problems(sim: Simulator, home: string): string[] {
  const deviceId = readJson(home, 'state').deviceId;
  const intents = readOutbox(home);
  const ours = sim.records.filter((r) => r.deviceId === deviceId);
  const out: string[] = [];
  for (const intent of intents) {
    const n = ours.filter((r) => r.userCheckTime === intent.at && r.userId === intent.userId);
    if (n.length !== 1) out.push(`intent ${intent.id}: ${n.length} records`);
    if (intent.state !== 'sent') out.push(`intent ${intent.id}: still ${intent.state}`);
  }
  const times = new Set(intents.map((i) => i.at));
  if (times.size !== intents.length) out.push('two intents share a user_check_time');
  for (const record of ours) {
    if (!times.has(record.userCheckTime)) out.push(`record ${record.id} belongs to no intent`);
  }
  return out;
}

describe('crash safety of the punch outbox', () => {
  let root = '';
  let bundleUrl = '';
  let sim: Simulator | undefined;
  const children: Child[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'daka-crash-'));
    const outfile = join(root, 'punch-child.mjs');
    await build({
      entryPoints: [CHILD_SOURCE],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    bundleUrl = pathToFileURL(outfile).href;
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await sim?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it(`keeps exactly one DingTalk record per intent across ${KILLS} SIGKILLs`, async () => {
    // A Friday morning running on real time, so the children's clocks can follow it.
    const start = parseDingTalk('2026-11-27 08:30:00', 'Asia/Shanghai');
    const s = await startSimulator({ clock: new SimClock({ start, running: true }) });
    sim = s;
    const home = join(root, 'home');
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('DAKA_')),
    );
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      DAKA_HOME: home,
      DAKA_APP_KEY: DEMO_APP_KEY,
      DAKA_APP_SECRET: DEMO_APP_SECRET,
      DAKA_OAPI_BASE: s.urls.oapiBase,
      DAKA_API_BASE: s.urls.apiBase,
      DAKA_USER_ID: DEMO_USERS.fixed,
      DAKA_LANG: 'en',
      CRASH_CLOCK_OFFSET_MS: String(s.clock.now() - Date.now()),
    };
    const startChild = (): Child => {
      const child = new Child(bundleUrl, env);
      children.push(child);
      return child;
    };

    const random = mulberry32(SEED);
    const landed: Record<Landing, number> = {
      noIntentYet: 0,
      intentNotSent: 0,
      atServer: 0,
      recordedNoReply: 0,
      replyNotRecorded: 0,
      alreadyRecorded: 0,
    };
    const byAim = new Map<Aim, Landing[]>();
    let kills = 0;

    let current = startChild();
    let spare = startChild();
    for (const aim of aimsFor(random, KILLS)) {
      await current.ready;
      // The restart: a fresh process finishes what the killed one left behind.
      const flushed = await current.send({
        cmd: 'flush',
        hook: null,
        offsetMs: s.clock.now() - Date.now(),
      });
      expect(flushed.code, flushed.out).toBe(0);
      expect(problems(s, home)).toEqual([]);

      const known = new Set(readOutbox(home).map((i) => i.id));
      const logMark = s.requests.length;
      const recordMark = s.records.length;
      const newUploads = () => s.requests.slice(logMark).filter((r) => r.path === UPLOAD);
      if (aim === 'atServer') s.fault(UPLOAD, { latencyMs: SERVER_HOLD_MS }, { times: 1 });
      if (aim === 'recordedAtServer') {
        s.fault(UPLOAD, { replyAfterMs: SERVER_HOLD_MS }, { times: 1 });
      }

      const hook = aim === 'beforeSend' || aim === 'afterReply' ? aim : null;
      const done = current.send({ cmd: 'punch', hook, offsetMs: s.clock.now() - Date.now() });
      done.catch(() => undefined);
      let hookSeen: Hook | null = null;
      switch (aim) {
        case 'blind':
          // Squared: as many kills in the first quarter as in the rest, where start-up is.
          await sleep(random() ** 2 * BLIND_MAX_MS);
          break;
        case 'beforeSend':
        case 'afterReply':
          hookSeen = (await current.next<{ hook: Hook }>((m) => 'hook' in m)).hook;
          break;
        case 'atServer':
          await until('the upload reached the server', () => newUploads().length > 0, done);
          await sleep(random() * (SERVER_HOLD_MS - 50));
          break;
        case 'recordedAtServer':
          await until('the server recorded the punch', () => s.records.length > recordMark, done);
          await sleep(random() * (SERVER_HOLD_MS - 50));
          break;
      }
      const recordedAtKill = s.records.length > recordMark;
      await current.kill();
      kills += 1;

      // Let the server finish whatever the dead process had already handed it. A restart
      // that overtakes DingTalk still processing an upload is another hazard: listRecord
      // cannot show that punch yet, so no client-side check could settle it.
      await serverCaughtUp(s);
      await until('the server to answer every request', () =>
        s.requests.slice(logMark).every((r) => r.status !== null),
      );
      s.clearFaults();
      // The restart comes after the outbox's grace period: until then a lost answer stays
      // "unknown" rather than risk a resend that DingTalk might still be processing.
      s.clock.advance(SETTLE_GRACE_MS + 1000);

      const fresh = readOutbox(home).filter((i) => !known.has(i.id));
      expect(fresh.length).toBeLessThanOrEqual(1);
      const intent = fresh[0];
      const arrived =
        intent !== undefined && newUploads().some((r) => uploadTime(r.body) === intent.at);
      let landing: Landing;
      if (intent === undefined) landing = 'noIntentYet';
      else if (intent.state === 'sent') landing = 'alreadyRecorded';
      else if (!arrived) landing = 'intentNotSent';
      else if (hookSeen === 'afterReply') landing = 'replyNotRecorded';
      else landing = recordedAtKill ? 'recordedNoReply' : 'atServer';
      // No intent, no upload: the intent is written before anything leaves.
      if (landing === 'noIntentYet') expect(newUploads()).toEqual([]);
      landed[landing] += 1;
      byAim.set(aim, [...(byAim.get(aim) ?? []), landing]);

      current = spare;
      spare = startChild();
    }
    await current.ready;
    const last = await current.send({ cmd: 'flush', hook: null });
    expect(last.code, last.out).toBe(0);
    expect(problems(s, home)).toEqual([]);

    const intents = readOutbox(home);
    const phases = { a: 0, b: 0, c: 0 };
    for (const [landing, count] of Object.entries(landed) as [Landing, number][]) {
      const phase = PHASE_OF[landing];
      if (phase) phases[phase] += count;
    }
    console.log(
      [
        `crash test (seed ${SEED}): ${kills} SIGKILLs, ${intents.length} intents, ` +
          `${s.records.length} simulator records, each intent exactly once`,
        `  (a) before sending        ${phases.a}  (no intent yet ${landed.noIntentYet}, intent written ${landed.intentNotSent})`,
        `  (b) in flight at DingTalk ${phases.b}  (not yet recorded ${landed.atServer}, recorded ${landed.recordedNoReply})`,
        `  (c) reply not yet recorded ${phases.c}`,
        `  after the outbox recorded it: ${landed.alreadyRecorded}`,
        ...[...byAim].map(([aim, l]) => `  aimed ${aim}: ${l.join(' ')}`),
      ].join('\n'),
    );
    expect(kills).toBeGreaterThanOrEqual(50);
    expect(phases.a, 'kills before sending').toBeGreaterThan(0);
    expect(phases.b, 'kills in flight').toBeGreaterThan(0);
    expect(phases.c, 'kills after the reply, before recording').toBeGreaterThan(0);
  }, 180_000);
});
