/**
 * A company through the workdays of a simulated month (bench/server-economy.ts
 * reads the result): a real Daka Server (startDakaServer, SQLite, its punch
 * worker and batch jobs) in front of the DingTalk simulator, desktops signed
 * in through the server's real login. A sample of the desktops are real
 * engines in server mode; the rest make the same /v1 requests through the
 * engine's own /v1 client (server-desktops.ts). Every step runs at its own
 * simulated time, one after another (as steps seconds apart do in real life:
 * nothing is batched that real life would not batch). Counted calls come from
 * the simulator's request log, credited to the step that was running.
 *
 * Run as a child process (one company per process, so several use both cores):
 *   node --import tsx bench/server-month.ts <employees> <engines> <workdays>
 * prints one line `RESULT <json>` (a CompanyResult).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENDPOINTS } from '../main/dingtalk/endpoints';
import {
  DEMO_GROUPS,
  demoOrg,
  SimClock,
  type Simulator,
  startSimulator,
} from '../main/dingtalk/simulator';
import type { BatchDayData } from '../server/batch/day-data';
import type { CheckType } from '../shared/model';
import { defaultSettings } from '../shared/settings';
import { addDays, dateKey, parseDingTalk } from '../shared/time';
import {
  type Desktop,
  EngineDriver,
  ProtocolDriver,
  type Step,
  workdaysOf,
} from './server-desktops';
import {
  type BenchServer,
  engineDesktop,
  seatCodes,
  signInAll,
  staffId,
  startBenchServer,
  TZ,
} from './server-harness';
import { benchEngine } from './workday';

/**
 * Desktops signed in through the real browser login (the engines among them);
 * the others exchange a seated one-time code at the real token endpoint
 * (seatCodes: the sign-in's DingTalk identity calls are paced at 18/s and not
 * counted by the quota, and the month starts after the sign-ins anyway).
 */
export const REAL_LOGINS = 50;

/** September 2026: 22 workdays (Monday to Friday; the demo org keeps no holidays). */
export const MONTH = '2026-09';
const at = (date: string, hhmm: string) => parseDingTalk(`${date} ${hhmm}:00`, TZ);
export const COUNTED: ReadonlySet<string> = new Set(
  Object.values(ENDPOINTS)
    .filter((e) => e.quotaCounted)
    .map((e) => e.path),
);
export interface Scale {
  employees: number;
  /** Real engines among them (the rest are protocol desktops). */
  engines: number;
  /** Workdays simulated from the first of the month (all of them = the month). */
  workdays: number;
}

/** A small deterministic generator per employee and day (mulberry32 over a string hash). */
function random(seed: string): () => number {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planned {
  at: number;
  step: Step;
  checkType?: CheckType;
}

/**
 * One employee's workday (office hours 09:00–18:00, 30 min flex): the laptop
 * starts between 08:20 and 08:58, clock-in 2–8 minutes later, six looks at the
 * popup, asleep over lunch, clock-out between 18:00 and 18:40, the app quits
 * 5–60 minutes after.
 */
export function dayPlan(userId: string, date: string): Planned[] {
  const r = random(`${userId}|${date}`);
  const min = (from: string, spanMin: number) =>
    at(date, from) + Math.floor(r() * spanMin * 60_000);
  const login = min('08:20', 38);
  const punchIn = login + 120_000 + Math.floor(r() * 6 * 60_000);
  const punchOut = min('18:00', 40);
  return [
    { at: login, step: 'login' },
    { at: login + 60_000, step: 'popup' },
    { at: punchIn, step: 'punch', checkType: 'OnDuty' },
    { at: min('10:00', 60), step: 'popup' },
    { at: min('11:30', 25), step: 'popup' },
    { at: min('12:00', 10), step: 'sleep' },
    { at: min('13:00', 15), step: 'resume' },
    { at: min('13:20', 40), step: 'popup' },
    { at: min('15:00', 90), step: 'popup' },
    { at: min('17:40', 18), step: 'popup' },
    { at: punchOut, step: 'punch', checkType: 'OffDuty' },
    { at: punchOut + 5 * 60_000 + Math.floor(r() * 55 * 60_000), step: 'quit' },
  ];
}

/**
 * When the engine's forgot-to-clock-out reminder would show (default settings:
 * 10 minutes after 18:00, then every 30 minutes, twice more). Before showing it
 * the engine re-reads the schedule (its status is hours old): a protocol
 * desktop makes that read at these times while it has not clocked out.
 */
function clockOutReminders(date: string): number[] {
  const r = defaultSettings().reminders;
  const first = at(date, '18:00') + r.afterOffDutyMinutes * 60_000;
  return Array.from(
    { length: r.offDutyEscalations + 1 },
    (_, k) => first + k * r.escalationIntervalMinutes * 60_000,
  );
}

/** The evening Daka was installed: the app opened at sign-in, then the clock-out. */
export function evePlan(userId: string, date: string): Planned[] {
  return dayPlan(userId, date)
    .filter((p) => p.checkType === 'OffDuty' || p.step === 'quit')
    .concat({
      at: at(date, '17:30'),
      step: 'login',
    });
}

interface Event extends Planned {
  desktop: Desktop;
  seq: number;
}

/** Events in time order (a binary heap; ties in insertion order). */
class Queue {
  private heap: Event[] = [];
  private seq = 0;
  private less = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

  push(e: Omit<Event, 'seq'>): void {
    const h = this.heap;
    h.push({ ...e, seq: this.seq++ });
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i] as Event, h[p] as Event)) break;
      [h[i], h[p]] = [h[p] as Event, h[i] as Event];
      i = p;
    }
  }

  pop(): Event | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l] as Event, h[m] as Event)) m = l;
        if (r < h.length && this.less(h[r] as Event, h[m] as Event)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Event, h[i] as Event];
        i = m;
      }
    }
    return top;
  }
}

/** Where the counted calls came from: the step that was running when the simulator saw them. */
export type Cause = 'punch' | 'login' | 'timer' | 'other' | 'jobs';

/** Counted calls by org date, cause and DingTalk path; plain data (it crosses a process). */
export interface Tally {
  days: Record<string, Partial<Record<Cause, Record<string, number>>>>;
  /** 90018 replies (not counted by DingTalk). */
  throttled: number;
}

const causeOf = (step: Step): Cause =>
  step === 'punch' || step === 'login' || step === 'timer' ? step : 'other';

/** Counted calls in the log from `mark` on, credited to `cause`; returns the new mark. */
function credit(sim: Simulator, mark: number, cause: Cause, tally: Tally): number {
  const seen = sim.requests;
  for (let i = mark; i < seen.length; i += 1) {
    const r = seen[i];
    if (!r || !COUNTED.has(r.path)) continue;
    // DingTalk does not count a call it refused for QPS (dingtalk-api.md §10).
    if (r.errcode === 90018) {
      tally.throttled += 1;
      continue;
    }
    if (r.errcode !== 0) continue;
    const day = dateKey(r.at, TZ);
    if (!day.startsWith(MONTH)) continue;
    const byCause = (tally.days[day] ??= {});
    const byPath = (byCause[cause] ??= {});
    byPath[r.path] = (byPath[r.path] ?? 0) + 1;
  }
  return seen.length;
}

/**
 * Runs the month (or its first `workdays`) for the desktops: each day the
 * server's 05:00 and 06:00 jobs, then every desktop's steps in time order.
 * `settle` runs after the steps of real server-mode engines that leave work
 * behind (a punch confirmed later over SSE).
 */
export async function runMonth(options: {
  sim: Simulator;
  clock: SimClock;
  desktops: Desktop[];
  workdays: number;
  jobs?: (now: number) => Promise<unknown>;
  settle?: () => Promise<void>;
  /** Called when the month begins (after the evening before). */
  monthStarts?: () => void;
}): Promise<Tally> {
  const { sim, clock, desktops } = options;
  const tally: Tally = { days: {}, throttled: 0 };
  const days = workdaysOf(MONTH, TZ).slice(0, options.workdays);
  // The evening before: installed, signed in, clocked out with Daka (outside the month).
  const eve = addDays(`${MONTH}-01`, -1);
  let mark = sim.requests.length;
  // Time only moves forward, even when a step took longer in real time than the gap to the next.
  const moveTo = (t: number) => clock.set(Math.max(t, clock.now()));
  const wakeArmed = new Map<Desktop, number>();

  async function runDay(date: string, plans: Map<Desktop, Planned[]>): Promise<void> {
    const queue = new Queue();
    const quitAt = new Map<Desktop, number>();
    for (const [desktop, plan] of plans) {
      for (const p of plan) {
        // A protocol desktop makes no request for these (the engine answers from its cache).
        if (desktop.kind === 'protocol' && p.step !== 'login' && p.step !== 'punch') continue;
        if (p.step === 'quit') quitAt.set(desktop, p.at);
        queue.push({ ...p, desktop });
      }
      if (desktop.kind === 'protocol') {
        const out = plan.find((p) => p.checkType === 'OffDuty')?.at ?? 0;
        for (const t of clockOutReminders(date)) {
          if (t < out) queue.push({ at: t, step: 'timer', desktop });
        }
      }
    }
    for (let e = queue.pop(); e; e = queue.pop()) {
      // An engine's timer event stands only while the engine still wants that wake-up.
      const stale = e.step === 'timer' && e.desktop.kind !== 'protocol';
      if (stale && wakeArmed.get(e.desktop) !== e.at) continue;
      moveTo(e.at);
      await e.desktop.act(e.step, e.checkType);
      if (e.desktop.kind === 'engine' && ['login', 'punch', 'resume'].includes(e.step)) {
        await options.settle?.();
      }
      mark = credit(sim, mark, causeOf(e.step), tally);
      const wake = e.desktop.nextWake();
      const quit = quitAt.get(e.desktop) ?? 0;
      if (wake !== null && wake > e.at && wake < quit && wakeArmed.get(e.desktop) !== wake) {
        wakeArmed.set(e.desktop, wake);
        queue.push({ at: wake, step: 'timer', desktop: e.desktop });
      }
    }
  }

  await runDay(eve, new Map(desktops.map((d) => [d, evePlan(d.userId, eve)])));
  mark = sim.requests.length;
  options.monthStarts?.();
  // The server's jobs run every day of the month; the desktops' steps on the first `workdays`.
  for (let date = `${MONTH}-01`; date.startsWith(MONTH); date = addDays(date, 1)) {
    if (options.jobs) {
      for (const hhmm of ['05:00', '06:00']) {
        moveTo(at(date, hhmm));
        await options.jobs(clock.now());
        mark = credit(sim, mark, 'jobs', tally);
      }
    }
    if (days.includes(date)) {
      await runDay(date, new Map(desktops.map((d) => [d, dayPlan(d.userId, date)])));
    }
  }
  return tally;
}

export interface CompanyResult {
  employees: number;
  engines: number;
  workdays: number;
  tally: Tally;
  /** /v1 requests over the month, by desktop kind and "METHOD /path". */
  v1: { engine: Record<string, number>; protocol: Record<string, number> };
  signInMs: number;
  wallMs: number;
  rssMiB: number;
}

export async function serverCompany(scale: Scale): Promise<CompanyResult> {
  const started = performance.now();
  const bench: BenchServer = await startBenchServer({
    employees: scale.employees,
    start: at(addDays(`${MONTH}-01`, -1), '17:00'),
    punchPollMs: 5,
  });
  const desktops: Desktop[] = [];
  try {
    const engineV1 = new Map<string, number>();
    for (const userId of bench.staff.slice(0, scale.engines)) {
      const d = await engineDesktop(bench, userId, engineV1);
      desktops.push(new EngineDriver(userId, 'engine', d.engine));
    }
    const protocolV1 = new Map<string, number>();
    const protocols = await signInAll(bench, bench.staff.slice(scale.engines), {
      real: Math.max(0, REAL_LOGINS - scale.engines),
      seat: (seats) => seatCodes({ file: bench.dbFile }, seats, bench.clock.now()),
      hooks: { v1: protocolV1 },
    });
    for (const p of protocols) {
      desktops.push(new ProtocolDriver(p, bench.server.services.bus, bench.clock, TZ));
    }
    const signInMs = performance.now() - started;
    const dayData = bench.server.services.dayData as Partial<BatchDayData>;
    const runDue = dayData.runDue?.bind(dayData);
    if (!runDue) throw new Error('the server’s DayData has no runDue (server/batch/day-data.ts)');
    const engines = desktops.filter((d): d is EngineDriver => d instanceof EngineDriver);
    const tally = await runMonth({
      sim: bench.sim,
      clock: bench.clock,
      desktops,
      workdays: scale.workdays,
      jobs: (now) => runDue(now),
      // The sign-ins and the evening before are not part of the month.
      monthStarts: () => {
        engineV1.clear();
        protocolV1.clear();
      },
      // Until the engines' punches are confirmed (SSE) and what that set off is done.
      settle: async () => {
        for (let i = 0; i < 500; i += 1) {
          await bench.settle();
          if (!engines.some((d) => d.waiting() > 0)) break;
        }
        await bench.settle();
      },
    });
    return {
      ...scale,
      tally,
      v1: { engine: Object.fromEntries(engineV1), protocol: Object.fromEntries(protocolV1) },
      signInMs,
      wallMs: performance.now() - started,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    };
  } finally {
    for (const d of desktops) await d.stop();
    await bench.close();
  }
}

/** Direct mode: each desktop calls DingTalk itself; nothing is shared, so N does not matter. */
export async function directCompany(employees: number, workdays: number): Promise<Tally> {
  const org = demoOrg();
  const office = org.groups.find((g) => g.groupId === DEMO_GROUPS.office);
  const staff = Array.from({ length: employees }, (_, i) => staffId(i));
  for (const [i, userid] of staff.entries()) {
    org.users.push({ userid, name: `员工${i + 1}`, mobile: `139${i}`, unionId: `u-${userid}` });
    office?.members.push(userid);
  }
  const clock = new SimClock({ start: at(addDays(`${MONTH}-01`, -1), '17:00'), running: true });
  const sim = await startSimulator({ org, clock });
  const desktops = staff.map((u) => new EngineDriver(u, 'direct', benchEngine(sim, u)));
  try {
    return await runMonth({ sim, clock, desktops, workdays });
  } finally {
    for (const d of desktops) await d.stop();
    await sim.close();
  }
}

const MARK = 'RESULT ';

/** Runs one company in a child process (tsx), resolving with its result line. */
export function companyInChild(scale: Scale): Promise<CompanyResult> {
  const file = fileURLToPath(import.meta.url);
  const args = [
    '--import',
    'tsx',
    file,
    ...[scale.employees, scale.engines, scale.workdays].map(String),
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARK));
      if (error || !line) {
        reject(
          new Error(`company of ${scale.employees}: ${error?.message ?? 'no result'}\n${stderr}`),
        );
        return;
      }
      resolve(JSON.parse(line.slice(MARK.length)) as CompanyResult);
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [employees, engines, workdays] = process.argv.slice(2).map(Number);
  const result = await serverCompany({
    employees: employees ?? 10,
    engines: engines ?? 0,
    workdays: workdays ?? 1,
  });
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}
