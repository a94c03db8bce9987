/**
 * Two punch workers (as two server processes have) on one PostgreSQL database,
 * each with its own lease connection: while A's upload of an employee's punch
 * is held at DingTalk, B, starting and scanning, leaves A's 'sending' row alone
 * (it does not hold the employee's lease), so the row ends as A's reply says:
 * punched, one upload. A worker that recovered every 'sending' row at start
 * would have taken it for a crash's leftover and read it back.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDingTalkClient } from '../../../main/dingtalk/client';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  demoOrg,
  startSimulator,
} from '../../../main/dingtalk/simulator';
import { silentLogger } from '../../../main/ports';
import { createGateway } from '../../../server/dingtalk/gateway';
import { createEventBus } from '../../../server/events/bus';
import { createPunchService } from '../../../server/punches/service';
import type { PunchService } from '../../../server/services';
import { createPgLeases } from '../../../server/store/lease';
import { postgresStore } from '../helpers/stores';

const store = postgresStore();
const UPLOAD = '/topapi/attendance/record/upload';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!store)('punch workers of two instances', () => {
  it('leave each other’s uploads in flight alone', async () => {
    if (!store) return;
    const clock = new SimClock({ running: true });
    const sim = await startSimulator({ org: demoOrg(), clock });
    cleanups.push(() => sim.close());
    const d = await store.create();
    cleanups.push(() => d.drop());
    const opened = await d.open();
    cleanups.push(() => opened.close());
    const service = (): PunchService => {
      const leases = createPgLeases(d.databaseUrl ?? '', silentLogger);
      cleanups.push(() => leases.close());
      const client = createDingTalkClient({
        config: { appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET, ...sim.urls },
        clock,
      });
      const s = createPunchService({
        db: opened.db,
        gateway: createGateway({ api: client, clock }),
        clock,
        policies: () => ({
          punchingEnabled: true,
          maxOfflineMinutes: 30,
          repeatGuardMinutes: 0,
          allowedClockDifferenceSeconds: 60,
        }),
        bus: createEventBus(),
        graceMs: 300,
        pollMs: 20,
        leases,
      });
      cleanups.push(() => s.stop());
      return s;
    };
    const a = service();
    a.start();
    sim.fault(UPLOAD, { latencyMs: 1500 }, { times: 1 });
    const user = DEMO_USERS.fixed;
    const intentId = randomUUID();
    await a.accept(
      {
        id: 'session-1',
        userId: user,
        userName: null,
        deviceId: 'device-1',
        deviceName: 'Daka · one',
        createdAt: 0,
      },
      { intentId, clickedAt: clock.now(), checkType: 'OnDuty', queuedOffline: false },
      { method: 'POST', url: 'http://127.0.0.1/v1/punches', ip: null },
    );
    const row = () =>
      opened.db
        .selectFrom('punches')
        .select(['state', 'settled_by'])
        .where('intent_id', '=', intentId)
        .executeTakeFirstOrThrow();
    while (!sim.requests.some((r) => r.path === UPLOAD)) await sleep(5);
    // A's upload is held at DingTalk. B starts and scans many times meanwhile.
    const b = service();
    b.start();
    await sleep(600);
    expect((await row()).state).toBe('sending');
    while ((await row()).state !== 'punched') await sleep(20);
    expect(await row()).toEqual({ state: 'punched', settled_by: 'reply' });
    expect(sim.requests.filter((r) => r.path === UPLOAD)).toHaveLength(1);
    expect(sim.records.filter((r) => r.userId === user)).toHaveLength(1);
  });
});
