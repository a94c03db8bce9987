/**
 * The batch room against real things: the DingTalk simulator over HTTP, a
 * DingTalk client whose calls feed the server meter, and a SQLite file in a
 * temp folder or a fresh PostgreSQL schema (`store`, see helpers/stores.ts). The org is the demo org plus `extra` employees in the office
 * group (09:00–18:00, Monday to Friday).
 */
import { createDingTalkClient, type DingTalkClient } from '../../../main/dingtalk';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_GROUPS,
  SimClock,
  demoOrg,
  startSimulator,
  type Simulator,
} from '../../../main/dingtalk/simulator';
import type { Logger } from '../../../main/ports';
import { parseDingTalk } from '../../../shared/time';
import { createDayData, type BatchDayData, type DayDataDeps } from '../../../server/batch/day-data';
import { createServerMeter, type ServerMeter } from '../../../server/batch/meter';
import type { OpenedDatabase } from '../../../server/store/database';
import { sqliteStore, type TestDatabase, type TestStore } from '../helpers/stores';

export const SH = 'Asia/Shanghai';
export const sh = (text: string): number => parseDingTalk(text, SH);
/** 2026-11-24 is a Tuesday. */
export const TUESDAY = '2026-11-24';
export const LIST_BY_USERS = '/topapi/attendance/schedule/listbyusers';
export const LIST_BY_DAY = '/topapi/attendance/schedule/listbyday';
export const LIST_RECORD = '/attendance/listRecord';

export interface LogLine {
  level: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface Harness {
  sim: Simulator;
  clock: SimClock;
  dir: string;
  file: string;
  /** The database (reopen it for a "restart"). */
  database: TestDatabase;
  opened: OpenedDatabase;
  meter: ServerMeter;
  client: DingTalkClient;
  dayData: BatchDayData;
  logs: LogLine[];
  /** The extra employees' userids, e.g. "emp000". */
  staff: string[];
  /** Requests to one path so far. */
  calls(path: string): number;
  close(): Promise<void>;
}

export interface HarnessOptions {
  extra?: number;
  start?: string;
  cap?: number;
  dayData?: Partial<DayDataDeps>;
  /** SQLite (default) or PostgreSQL. */
  store?: TestStore;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const org = demoOrg();
  const staff = Array.from(
    { length: options.extra ?? 0 },
    (_, i) => `emp${String(i).padStart(3, '0')}`,
  );
  for (const userid of staff) {
    org.users.push({
      userid,
      name: userid,
      mobile: `139${userid.slice(3)}`,
      unionId: `u-${userid}`,
    });
    const office = org.groups.find((g) => g.groupId === DEMO_GROUPS.office);
    office?.members.push(userid);
  }
  const clock = new SimClock({ start: sh(options.start ?? `${TUESDAY} 08:30:00`) });
  const sim = await startSimulator({ org, clock });
  // Bursts against a frozen clock would trip the 20 calls/s limit that is not under test here.
  sim.setQpsLimit(null);
  const database = await (options.store ?? sqliteStore).create();
  const { dir, file } = database;
  const opened = await database.open();
  const meter = await createServerMeter({
    db: opened.db,
    clock,
    timeZone: SH,
    cap: options.cap ?? 5000,
  });
  const client = createDingTalkClient({
    config: {
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
      ...sim.urls,
      timeZone: SH,
      backoffMs: 1,
    },
    clock,
    onCall: (event) => meter.record(event),
    sleep: async () => undefined,
  });
  const logs: LogLine[] = [];
  const line =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      logs.push({ level, message, data });
    };
  const logger: Logger = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
  const dayData = createDayData({
    db: opened.db,
    api: client,
    clock,
    timeZone: SH,
    operatorUserId: null,
    budgetMode: () => meter.budgetMode(),
    logger,
    ...options.dayData,
  });
  return {
    sim,
    clock,
    dir,
    file,
    database,
    opened,
    meter,
    client,
    dayData,
    logs,
    staff,
    calls: (path) => sim.requests.filter((r) => r.path === path).length,
    async close() {
      await dayData.stop();
      await meter.stop();
      await opened.close();
      await sim.close();
      await database.drop();
    },
  };
}
