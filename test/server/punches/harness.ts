/**
 * A punch service on a real SQLite file (or a fresh PostgreSQL schema, `store`)
 * against the real simulator, on a
 * virtual clock: the simulator's frozen clock is the server's clock, and only
 * the gateway's waits (and the test) move it. The simulator's 20 calls/s
 * window therefore sees every call at its simulated time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDingTalkClient } from '../../../main/dingtalk/client';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  SimClock,
  type Simulator,
  demoOrg,
  startSimulator,
} from '../../../main/dingtalk/simulator';
import type { PunchRequest, ServerEvent, ServerPolicies } from '../../../shared/server-api';
import { createGateway } from '../../../server/dingtalk/gateway';
import { createEventBus } from '../../../server/events/bus';
import { createPunchService } from '../../../server/punches/service';
import type { AuthedSession, PunchService, RequestMeta } from '../../../server/services';
import type { OpenedDatabase } from '../../../server/store/database';
import { sqliteStore, type TestStore } from '../helpers/stores';

export const UPLOAD = '/topapi/attendance/record/upload';
export const LIST_RECORD = '/attendance/listRecord';
/** 09:00 Shanghai on a Tuesday. */
export const START = Date.parse('2026-11-24T01:00:00Z');
export const GRACE_MS = 30_000;
/** Simulated ms per real event-loop turn while the gateway waits. */
const STEP_MS = 20;

export const POLICIES: ServerPolicies = {
  punchingEnabled: true,
  maxOfflineMinutes: 30,
  repeatGuardMinutes: 5,
  allowedClockDifferenceSeconds: 60,
};

export const META: RequestMeta = {
  method: 'POST',
  url: 'https://daka.test/v1/punches',
  ip: '10.0.0.7',
};

export interface Harness {
  sim: Simulator;
  opened: OpenedDatabase;
  service: PunchService;
  events: { userId: string; event: ServerEvent }[];
  punched: { userId: string; atMs: number }[];
  policies: ServerPolicies;
  session(userId: string, device?: string): AuthedSession;
  request(over?: Partial<PunchRequest>): PunchRequest;
  /** Waits (bounded, real time) until `cond` holds; a hang fails the test. */
  until(what: string, cond: () => boolean | Promise<boolean>): Promise<void>;
  close(): Promise<void>;
}

export const uuid = (): string => randomUUID();

export async function harness(
  options: { users?: number; concurrency?: number; store?: TestStore } = {},
): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'daka-punches-'));
  const sim = await startSimulator({ org: demoOrg(), clock: new SimClock({ start: START }) });
  for (let i = 0; i < (options.users ?? 0); i += 1) {
    sim.addUser({
      userid: `emp${i}`,
      name: `员工${i}`,
      mobile: `1370000${i}`,
      unionId: `union${i}`,
    });
  }
  // Time passes in small steps with real turns of the event loop between them, so
  // calls in flight end at about the simulated time they would end in real life.
  const sleep = async (ms: number) => {
    for (let left = ms; left > 0; left -= STEP_MS) {
      sim.clock.advance(Math.min(STEP_MS, left));
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
  };
  const client = createDingTalkClient({
    config: { appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET, ...sim.urls, timeoutMs: 2000 },
    clock: sim.clock,
    sleep,
  });
  const gateway = createGateway({ api: client, clock: sim.clock, sleep });
  const database = await (options.store ?? sqliteStore).create();
  const opened = await database.open();
  const bus = createEventBus();
  const events: Harness['events'] = [];
  const punched: Harness['punched'] = [];
  const policies = { ...POLICIES };
  const service = createPunchService({
    db: opened.db,
    gateway,
    clock: sim.clock,
    policies: () => policies,
    bus: {
      ...bus,
      publish(target, event) {
        events.push({ userId: target.userId, event });
        bus.publish(target, event);
      },
    },
    onPunched: (userId, atMs) => {
      punched.push({ userId, atMs });
    },
    concurrency: options.concurrency,
    graceMs: GRACE_MS,
    pollMs: 10,
  });
  return {
    sim,
    opened,
    service,
    events,
    punched,
    policies,
    session: (userId, device = `device-of-${userId}`) => ({
      id: `session-${userId}-${device}`,
      userId,
      userName: null,
      deviceId: device,
      deviceName: `Daka · ${device}`,
      createdAt: START,
    }),
    request: (over = {}) => ({
      intentId: uuid(),
      clickedAt: sim.clock.now(),
      checkType: 'OnDuty',
      queuedOffline: false,
      ...over,
    }),
    async until(what, cond) {
      const deadline = Date.now() + 10_000;
      while (!(await cond())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await service.stop();
      await opened.close();
      await database.drop();
      await sim.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const rowsOf = (h: Harness) =>
  h.opened.db.selectFrom('punches').selectAll().orderBy('id').execute();
