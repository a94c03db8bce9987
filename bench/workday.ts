/**
 * What a workday costs in DingTalk calls, per employee: the engine driven the
 * way the tray app drives it (main/index.ts) through a day against the
 * simulator on a frozen clock we move, next to a naive 5-minute poller run
 * against the same simulator. The monthly quota decides whether a company can
 * use Daka at all (dingtalk-api.md §9: 5,000 counted calls on the standard
 * edition, for all the organisation's apps together).
 */
import { QUOTA_COUNTED_PATHS } from '../main/dingtalk/simulator';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../main/dingtalk/simulator';
import { createDingTalkClient } from '../main/dingtalk/client';
import { Engine, type EngineStores } from '../main/engine';
import { createHandlers, headlessPlatform } from '../main/handlers';
import { MemoryStore, TestCipher } from '../main/node-ports';
import { silentLogger } from '../main/ports';
import { parseDingTalk, startOfDate } from '../shared/time';
import type { BenchTable } from './index';

const TZ = 'Asia/Shanghai';
const at = (date: string, hhmm: string) => parseDingTalk(`${date} ${hhmm}:00`, TZ);

export const TARGET_COUNTED_PER_WORKDAY = 4;
const WORKDAYS_PER_MONTH = 22;
const COMPANY_SIZE = 50;
const STANDARD_QUOTA = 5000;
const TOKEN_PATHS = new Set(['/gettoken', '/v1.0/oauth2/accessToken']);

/** A configured, signed-in engine on in-memory stores, talking to the simulator over HTTP. */
export function benchEngine(sim: Simulator, userId: string, stores?: EngineStores): Engine {
  const engine = new Engine({
    stores: stores ?? {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock: sim.clock,
    logger: silentLogger,
    host: { hostname: 'bench', platform: 'linux', version: 'bench', startAtLogin: () => false },
    openUrl: async () => undefined,
  });
  if (!engine.config()) {
    engine.importProvisioning(
      JSON.stringify({
        appKey: DEMO_APP_KEY,
        appSecret: DEMO_APP_SECRET,
        ...sim.urls,
        policies: { manualUserIdAllowed: true },
      }),
    );
    engine.setUserId(userId);
  }
  return engine;
}

export interface Calls {
  counted: number;
  token: number;
  all: number;
}

/** The simulator's own log, from `mark` on: what DingTalk would have seen. */
export function callsSince(sim: Simulator, mark: number): Calls {
  const seen = sim.requests.slice(mark);
  return {
    counted: seen.filter((r) => QUOTA_COUNTED_PATHS.includes(r.path)).length,
    token: seen.filter((r) => TOKEN_PATHS.has(r.path)).length,
    all: seen.length,
  };
}

interface Window {
  sim: Calls;
  /** The engine's own CallMeter over the same window. */
  meter: Calls;
  reminders: string[];
  /** Times the reminder timer fired (planReminder('timer')). */
  wakeUps: number;
}

/** One employee's app through a workday, the way main/index.ts drives the engine. */
class EmployeeDay {
  private wake: number | null = null;
  private readonly handlers;
  private reminders: string[] = [];
  private wakeUps = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly engine: Engine,
  ) {
    this.handlers = createHandlers(engine, headlessPlatform());
    engine.on('reminder', (r) => this.reminders.push(`${r.kind} ${r.checkType}`));
  }

  /** Lets the reminder timer fire up to `t` (the machine is awake), then sets the clock to `t`. */
  private async until(t: number): Promise<void> {
    while (this.wake !== null && this.wake <= t) {
      this.sim.clock.set(this.wake);
      this.wakeUps += 1;
      await this.plan('timer');
    }
    this.sim.clock.set(t);
  }

  private async plan(trigger: 'login' | 'resume' | 'timer' | 'statusChanged'): Promise<void> {
    this.wake = (await this.engine.planReminder(trigger)).nextWakeAt;
  }

  /** The app starting with the session (autostart): flush, load today, plan with 'login'. */
  async login(t: number): Promise<void> {
    this.wake = null;
    this.sim.clock.set(t);
    await this.engine.flushOutbox();
    await this.engine.open();
    await this.plan('login');
  }

  async popup(t: number): Promise<void> {
    await this.until(t);
    await this.handlers.getSnapshot({});
  }

  async punch(t: number): Promise<void> {
    await this.until(t);
    const outcome = await this.handlers.punch({ confirm: false });
    if (outcome.outcome !== 'punched') throw new Error(`punch at ${t}: ${outcome.outcome}`);
    await this.plan('statusChanged');
  }

  /** Asleep: no timer fires until the machine resumes. */
  async sleep(from: number, to: number): Promise<void> {
    await this.until(from);
    this.sim.clock.set(to);
    await this.engine.flushOutbox();
    await this.engine.open();
    await this.plan('resume');
  }

  /** The rest of the evening: the app keeps running, its timer may still fire. */
  async evening(to: number): Promise<void> {
    await this.until(to);
  }

  /** Runs `fn` and returns what it cost, seen by the simulator and by the engine's meter. */
  async window(fn: () => Promise<void>): Promise<Window> {
    const mark = this.sim.requests.length;
    const before = this.engine.meter.figures();
    this.reminders = [];
    this.wakeUps = 0;
    await fn();
    const after = this.engine.meter.figures();
    return {
      sim: callsSince(this.sim, mark),
      meter: {
        counted: after.counted - before.counted,
        token: after.tokenFetches - before.tokenFetches,
        all: after.total - before.total,
      },
      reminders: this.reminders,
      wakeUps: this.wakeUps,
    };
  }
}

/** The brief's workday: 08:50 login, 6 popup looks, punches 08:58 and 18:05, lunch asleep. */
async function workday(day: EmployeeDay, date: string, nextDate: string): Promise<void> {
  await day.login(at(date, '08:50'));
  await day.popup(at(date, '08:51'));
  await day.punch(at(date, '08:58'));
  await day.popup(at(date, '10:30'));
  await day.popup(at(date, '11:45'));
  await day.sleep(at(date, '12:00'), at(date, '13:00'));
  await day.popup(at(date, '13:05'));
  await day.popup(at(date, '15:40'));
  await day.popup(at(date, '17:55'));
  await day.punch(at(date, '18:05'));
  await day.evening(at(nextDate, '08:49'));
}

/** Wednesday is the first day after installing; Thursday is a steady day; Friday 08:50 starts the next. */
const DAYS = { first: '2026-11-25', steady: '2026-11-26', next: '2026-11-27' } as const;
const EMPLOYEES = [DEMO_USERS.fixed, DEMO_USERS.admin, DEMO_USERS.colleague];

interface EmployeeResult {
  userId: string;
  first: Window;
  steady: Window;
  nextStart: Window;
}

async function employee(userId: string): Promise<EmployeeResult> {
  const sim = await startSimulator({ clock: new SimClock({ start: at(DAYS.first, '08:00') }) });
  const engine = benchEngine(sim, userId);
  try {
    const day = new EmployeeDay(sim, engine);
    const first = await day.window(() => workday(day, DAYS.first, DAYS.steady));
    const steady = await day.window(() => workday(day, DAYS.steady, DAYS.next));
    const nextStart = await day.window(() => day.login(at(DAYS.next, '08:50')));
    return { userId, first, steady, nextStart };
  } finally {
    await engine.stop();
    await sim.close();
  }
}

/**
 * The naive alternative: ask listbyday and listRecord every 5 minutes from
 * 08:00 to 20:00 through the same DingTalk client, plus the two uploads.
 */
async function naivePoller(userId: string): Promise<Calls> {
  const date = DAYS.steady;
  const sim = await startSimulator({ clock: new SimClock({ start: at(date, '08:00') }) });
  try {
    const client = createDingTalkClient({
      config: { appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET, ...sim.urls, timeZone: TZ },
      clock: sim.clock,
    });
    const dayStart = startOfDate(date, TZ);
    const events: { at: number; upload: boolean }[] = [
      { at: at(date, '08:58'), upload: true },
      { at: at(date, '18:05'), upload: true },
    ];
    for (let t = at(date, '08:00'); t <= at(date, '20:00'); t += 5 * 60_000) {
      events.push({ at: t, upload: false });
    }
    for (const event of events.sort((x, y) => x.at - y.at)) {
      sim.clock.set(event.at);
      if (event.upload) {
        await client.uploadPunch({
          userId,
          deviceId: 'naive-poller',
          deviceName: 'naive poller',
          userCheckTime: event.at,
        });
      } else {
        await client.scheduleByDay(userId, date);
        await client.listRecords([userId], dayStart, event.at);
      }
    }
    return callsSince(sim, 0);
  } finally {
    await sim.close();
  }
}

const pair = (sim: number, meter: number) => (sim === meter ? `${sim}` : `${sim} / meter ${meter}`);

export async function run(): Promise<BenchTable[]> {
  const results: EmployeeResult[] = [];
  for (const userId of EMPLOYEES) results.push(await employee(userId));
  const naive = await naivePoller(DEMO_USERS.fixed);

  const rows: string[][] = [];
  for (const r of results) {
    const windows: [string, Window, string][] = [
      [`${DAYS.first} (first day)`, r.first, `≤ ${TARGET_COUNTED_PER_WORKDAY}`],
      [`${DAYS.steady} (steady day)`, r.steady, `≤ ${TARGET_COUNTED_PER_WORKDAY}`],
      [`${DAYS.next} 08:50 start only`, r.nextStart, ''],
    ];
    for (const [label, w, target] of windows) {
      rows.push([
        r.userId,
        label,
        pair(w.sim.counted, w.meter.counted),
        target,
        pair(w.sim.token, w.meter.token),
        pair(w.sim.all, w.meter.all),
        `${w.wakeUps}`,
        w.reminders.length > 0 ? w.reminders.join(', ') : '-',
      ]);
    }
  }
  rows.push([
    'naive poller',
    `${DAYS.steady} 08:00–20:00`,
    `${naive.counted}`,
    `≤ ${TARGET_COUNTED_PER_WORKDAY}`,
    `${naive.token}`,
    `${naive.all}`,
    '-',
    '-',
  ]);

  const steadyCounted = Math.max(...results.map((r) => r.steady.sim.counted));
  const month = (perDay: number) => perDay * WORKDAYS_PER_MONTH * COMPANY_SIZE;
  const share = (n: number) => `${((n / STANDARD_QUOTA) * 100).toFixed(0)} %`;
  const maxPeople = (perDay: number) =>
    `${Math.floor(STANDARD_QUOTA / (perDay * WORKDAYS_PER_MONTH))}`;

  return [
    {
      title:
        'Calls per employee per workday (simulator log; "/ meter" only where the engine counted otherwise)',
      head: [
        'employee',
        'window',
        'quota-counted',
        'target',
        'token calls',
        'all requests',
        'timer wake-ups',
        'reminders shown',
      ],
      rows,
      notes: [
        'workday window: 08:50 login → the next workday 08:49; it includes its own morning load',
        'steps: login 08:50 (flush, open, plan login) · popup ×6 (getSnapshot) · punch 08:58 · asleep 12:00–13:00 (resume) · timer wake-ups · punch 18:05',
        'the steady day also verifies the previous day’s uploads with the morning’s listRecord',
        `naive poller: listbyday + listRecord every 5 min (${(naive.counted - 2) / 2} polls) + 2 uploads, same client`,
      ],
    },
    {
      title: `A ${COMPANY_SIZE}-person company, ${WORKDAYS_PER_MONTH} workdays a month, standard edition (${STANDARD_QUOTA.toLocaleString('en')} counted calls for all apps)`,
      head: [
        'who',
        'counted per person-day',
        'counted per month',
        'share of quota',
        'people within quota',
      ],
      rows: [
        [
          'Daka (steady day, worst employee)',
          `${steadyCounted}`,
          `${month(steadyCounted)}`,
          share(month(steadyCounted)),
          maxPeople(steadyCounted),
        ],
        [
          `target (≤ ${TARGET_COUNTED_PER_WORKDAY} a day)`,
          `${TARGET_COUNTED_PER_WORKDAY}`,
          `${month(TARGET_COUNTED_PER_WORKDAY)}`,
          share(month(TARGET_COUNTED_PER_WORKDAY)),
          maxPeople(TARGET_COUNTED_PER_WORKDAY),
        ],
        [
          'naive 5-minute poller',
          `${naive.counted}`,
          `${month(naive.counted)}`,
          share(month(naive.counted)),
          maxPeople(naive.counted),
        ],
      ],
    },
  ];
}
