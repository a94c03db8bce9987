/**
 * Issue #8: counted DingTalk calls per employee per workday with a company
 * server, for 10, 50, 200 and 1,000 employees over a simulated month, beside
 * direct mode. Each company runs in its own child process
 * (bench/server-month.ts: a real Daka Server before the simulator, real
 * engines for a sample of the desktops, the engine's /v1 client for the rest,
 * every step at its own simulated time); direct mode runs real direct engines
 * here. The monthly quota decides whether a company can use Daka at all
 * (dingtalk-api.md §9: 5,000 counted calls on the standard edition, for all
 * the organisation's apps together).
 */
import { ENDPOINTS } from '../main/dingtalk/endpoints';
import type { BenchTable } from './index';
import { workdaysOf } from './server-desktops';
import { TZ } from './server-harness';
import {
  type Cause,
  type CompanyResult,
  companyInChild,
  directCompany,
  MONTH,
  type Scale,
  type Tally,
} from './server-month';

export const TARGET_SERVER = 2.1;
export const TARGET_FROM_EMPLOYEES = 50;
const FLOOR = 2.0;
const STANDARD_QUOTA = 5000;
const FULL = workdaysOf(MONTH, TZ).length;
const DIRECT_EMPLOYEES = 5;

/**
 * How much of the month each company's employees run. Every step runs at its
 * own time, one after another, so a company costs real time in proportion to
 * its employee-days (about 0.1 s each, mostly the server's 25 ms gather window
 * before each read): a whole month at 1,000 employees would take about an
 * hour. The server's jobs always run every day of the month; the employees'
 * steps run on the first workdays and are scaled to the month.
 * DAKA_BENCH_FULL_MONTH=1 runs every step of the month for every size.
 */
function scales(): Scale[] {
  const full = process.env.DAKA_BENCH_FULL_MONTH === '1';
  return [
    { employees: 10, engines: 3, workdays: FULL },
    { employees: 50, engines: 3, workdays: full ? FULL : 5 },
    { employees: 200, engines: 2, workdays: full ? FULL : 2 },
    { employees: 1000, engines: 2, workdays: full ? FULL : 1 },
  ];
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const STEPS: Cause[] = ['punch', 'login', 'timer', 'other'];

/** Counted calls in the month credited to `causes` (and to one DingTalk path). */
function counted(tally: Tally, causes: Cause[], path?: string): number {
  return sum(
    Object.values(tally.days).flatMap((byCause) =>
      causes.flatMap((cause) =>
        Object.entries(byCause[cause] ?? {})
          .filter(([p]) => !path || p === path)
          .map(([, n]) => n),
      ),
    ),
  );
}

interface Month {
  /** Counted calls in the month: the jobs, plus the steps scaled to the month when fewer ran. */
  total: number;
  estimated: boolean;
  perEmployeeDay: number;
}

function monthOf(tally: Tally, employees: number, workdays: number): Month {
  const jobs = counted(tally, ['jobs']);
  const steps = counted(tally, STEPS);
  const total = Math.round(jobs + (steps * FULL) / workdays);
  return { total, estimated: workdays < FULL, perEmployeeDay: total / (employees * FULL) };
}

/** Per employee per workday: steps over the workdays run, the jobs over the month's. */
function part(r: CompanyResult, causes: Cause[], path?: string): number {
  const days = (causes.includes('jobs') ? FULL : r.workdays) * r.employees;
  return counted(r.tally, causes, path) / days;
}

const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);
const pct = (n: number) => `${((n / STANDARD_QUOTA) * 100).toFixed(0)} %`;
const whole = (n: number) => Math.round(n).toLocaleString('en');

export async function run(): Promise<BenchTable[]> {
  const plan = scales();
  const started = performance.now();
  // Companies in parallel child processes (both cores; each runs its steps one after another).
  const [direct, ...companies] = await Promise.all([
    directCompany(DIRECT_EMPLOYEES, FULL),
    ...plan.map((scale) => companyInChild(scale)),
  ]);
  const wallS = (performance.now() - started) / 1000;
  const directPerDay = monthOf(direct, DIRECT_EMPLOYEES, FULL).perEmployeeDay;

  const rows = companies.map((r) => {
    const m = monthOf(r.tally, r.employees, r.workdays);
    return [
      whole(r.employees),
      r.workdays === FULL ? `${FULL} (month)` : `${r.workdays} of ${FULL}`,
      f2(directPerDay),
      f2(m.perEmployeeDay),
      r.employees >= TARGET_FROM_EMPLOYEES ? `≤ ${TARGET_SERVER}` : '-',
      `${whole(m.total)}${m.estimated ? ' (est.)' : ''}`,
      pct(m.total),
      whole(directPerDay * r.employees * FULL),
    ];
  });

  const upload = ENDPOINTS.upload.path;
  const listRecord = ENDPOINTS.listRecord.path;
  const listByUsers = ENDPOINTS.listByUsers.path;
  const breakdown = companies.map((r) => {
    const all = monthOf(r.tally, r.employees, r.workdays).perEmployeeDay;
    const parts = [
      part(r, ['punch'], upload),
      part(r, ['login'], listRecord),
      part(r, ['jobs'], listByUsers),
      part(r, ['jobs'], listRecord),
    ];
    return [
      whole(r.employees),
      ...parts.map(f3),
      f3(Math.max(0, all - sum(parts))),
      f3(all),
      `${r.tally.throttled}`,
    ];
  });

  const routes = ['GET /v1/records', 'GET /v1/schedule', 'POST /v1/punches', 'POST /v1/auth/token'];
  const fidelity = companies.map((r) => {
    const perDay = (v1: Record<string, number>, desktops: number, route: string) =>
      f2((v1[route] ?? 0) / (desktops * r.workdays));
    return [
      whole(r.employees),
      ...routes.map(
        (route) =>
          `${perDay(r.v1.engine, r.engines, route)} / ${perDay(r.v1.protocol, r.employees - r.engines, route)}`,
      ),
    ];
  });

  return [
    {
      title: `Counted DingTalk calls per employee per workday, ${MONTH} (${FULL} workdays): direct mode beside a company server`,
      head: [
        'employees',
        'workdays run',
        'direct',
        'server',
        'target',
        'server month total',
        'of 5,000',
        'direct month total',
      ],
      rows,
      notes: [
        `counted calls in the simulator's log (paths with quotaCounted in main/dingtalk/endpoints.ts; 90018 refusals are not counted) ÷ (employees × ${FULL} workdays); the floor is ${FLOOR.toFixed(1)} (two uploads)`,
        `target ≤ ${TARGET_SERVER} at ${TARGET_FROM_EMPLOYEES} or more employees; "of 5,000": the standard edition's monthly quota for all the organisation's apps`,
        `direct: ${DIRECT_EMPLOYEES} real direct-mode engines, the whole month, the same day plan (nothing is shared in direct mode: it does not depend on the company's size)`,
        '(est.): the employees’ steps ran on the first workdays and are scaled to the month; the server’s 05:00 and 06:00 jobs ran on every day of the month, weekends included (DAKA_BENCH_FULL_MONTH=1 runs every step of the month: about an hour at 1,000)',
        'installed the evening before (31 August: signed in at 17:00, the app opened, clock-out with Daka), so 1 September starts like any other day. Each workday per employee (seeded): the laptop starts 08:20–08:58 (open at login), clock-in 2–8 min later, the popup opened 6 times, asleep over lunch, clock-out 18:00–18:40, the app quits 5–60 min later; the next morning’s start verifies yesterday’s uploads',
        `desktops: ${companies.map((r) => `${r.engines} real engines + ${r.employees - r.engines} protocol desktops at ${whole(r.employees)}`).join('; ')} (fidelity table below); up to 50 per company signed in through the real browser login, the others exchange a seated one-time code at the real token endpoint`,
        'server: startDakaServer before the simulator (20 calls/s per API on), SQLite in a temp folder, on the simulated clock; sign-in and data-route HTTP limits lifted (every desktop is 127.0.0.1)',
        `wall ${wallS.toFixed(0)} s; ${companies.map((r) => `${whole(r.employees)}: ${(r.wallMs / 1000).toFixed(0)} s (sign-in ${(r.signInMs / 1000).toFixed(1)} s), RSS ${r.rssMiB.toFixed(0)} MiB`).join('; ')}`,
      ],
    },
    {
      title: 'Server mode: where the counted calls come from (per employee per workday)',
      head: [
        'employees',
        'uploads',
        'listRecord at start',
        'listbyusers (05:00)',
        'listRecord (06:00)',
        'other',
        'all',
        '90018 seen',
      ],
      rows: breakdown,
      notes: [
        'each call is credited to the step running when the simulator saw it; the jobs’ calls (every day of the month) are spread over its workdays',
        'listRecord at start: the app’s start verifies its uploads of yesterday with GET /v1/records over a range that ends before today; the server answers it from its cache, which the 06:00 verification settled for everyone. Today is read only when today has something to see (a call then carries up to 49 colleagues along)',
      ],
    },
    {
      title:
        'Fidelity: /v1 requests per desktop per workday, real engines / protocol desktops (same company, same days)',
      head: ['employees', 'GET records', 'GET schedule', 'POST punches', 'POST auth/token'],
      rows: fidelity,
      notes: [
        'protocol desktops: the engine’s own /v1 client (main/company: DPoP proofs, token refresh) making the engine’s requests for the same steps (bench/server-desktops.ts). Records reads decide the counted calls; schedule reads are answered from the server’s prefetched cache',
      ],
    },
  ];
}
