/**
 * Review of #11 demo mode: the reminders' memory of a demo day (what was shown, a
 * snooze, "not today") belongs to the demo. The demo plays today (a workday) with
 * the office worker's 09:00–18:00, which is the real day of many employees: a
 * memory shared with real mode silenced the real clock-in reminder after Leave demo,
 * and a second demo started with the first one's reminders already "shown".
 * The same for the outbox: a demo punch waiting to be sent must never reach a real
 * DingTalk, and a real one waiting must not be 'sent' to the demo's simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoBackend } from '../../main/demo';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { Engine } from '../../main/engine';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { at, followLikeABrowser, switchableFetch } from '../helpers/engine-fixture';

let engine: Engine | null = null;
let sim: Simulator | null = null;
afterEach(async () => {
  await engine?.stop();
  await sim?.close();
  engine = null;
  sim = null;
});

/** The real DingTalk (a simulator at `start`) and an engine that also offers demo mode. */
async function setup(
  start: string,
): Promise<{ engine: Engine; sim: Simulator; net: ReturnType<typeof switchableFetch> }> {
  sim = await startSimulator({ clock: new SimClock({ start: at(start) }) });
  const net = switchableFetch();
  const clock = sim.clock;
  engine = new Engine({
    stores: {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock,
    logger: silentLogger,
    host: { hostname: 'h', platform: 'linux', version: 't', startAtLogin: () => false },
    openUrl: followLikeABrowser,
    clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 3 },
    sleep: async () => undefined,
    fetch: net.fetch,
    demo: () => startDemoBackend({ realNow: () => clock.now() }),
  });
  return { engine, sim, net };
}

async function setUpForReal(e: Engine, s: Simulator): Promise<void> {
  await e.importProvisioning(
    JSON.stringify({
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
      oapiBase: s.urls.oapiBase,
      apiBase: s.urls.apiBase,
      loginBase: s.urls.loginBase,
      policies: { manualUserIdAllowed: true },
    }),
  );
  e.setUserId(DEMO_USERS.fixed);
  await e.open();
}

describe('demo mode’s reminders stay in the demo', () => {
  it('“not today” in the demo does not silence the real day after Leave demo', async () => {
    const { engine: e, sim: s } = await setup('2026-11-27 08:50:00');
    await e.startDemo();
    await e.open();
    e.notToday();
    expect(e.snapshot().notToday).toBe(true);
    e.leaveDemo();

    await setUpForReal(e, s);
    s.clock.set(at('2026-11-27 08:56:00'));
    expect(e.snapshot().notToday).toBe(false);
    const plan = await e.planReminder('timer');
    expect(plan.show).toMatchObject({ kind: 'beforeOnDuty', checkType: 'OnDuty' });
  });

  it('a reminder the demo showed still shows for the real day (same planned time)', async () => {
    const { engine: e, sim: s } = await setup('2026-11-27 08:50:00');
    await e.startDemo();
    await e.playDemo(); // 08:55 on the demo clock: the clock-in reminder shows
    expect((await e.planReminder('statusChanged')).show?.kind).toBe('beforeOnDuty');
    e.leaveDemo();

    await setUpForReal(e, s);
    s.clock.set(at('2026-11-27 08:56:00'));
    const plan = await e.planReminder('timer');
    expect(plan.show).toMatchObject({ kind: 'beforeOnDuty', checkType: 'OnDuty' });
  });

  it('a second demo starts with its reminders unshown', async () => {
    const { engine: e } = await setup('2026-11-27 15:20:00');
    await e.startDemo();
    await e.playDemo();
    expect((await e.planReminder('statusChanged')).show?.kind).toBe('beforeOnDuty');
    e.leaveDemo();

    await e.startDemo();
    await e.open();
    expect(e.snapshot().nextReminder?.checkType).toBe('OnDuty');
    await e.playDemo();
    const plan = await e.planReminder('statusChanged');
    expect(plan.show).toMatchObject({ kind: 'beforeOnDuty', checkType: 'OnDuty' });
  });
});

describe('demo mode’s punches stay in the demo', () => {
  it('a demo punch still waiting never goes to the real DingTalk after Leave demo', async () => {
    const { engine: e, sim: s, net } = await setup('2026-11-27 08:50:00');
    await e.startDemo();
    await e.open();
    net.setOffline(true);
    expect((await e.punch()).outcome).toBe('queued');
    e.leaveDemo();
    net.setOffline(false);

    await setUpForReal(e, s);
    await e.flushOutbox();
    expect(s.records.filter((r) => r.userId === DEMO_USERS.fixed)).toEqual([]);
    expect(e.snapshot().outbox).toEqual([]);
  });

  it('a real punch still waiting is not spent on the demo, and goes out once set up again', async () => {
    const { engine: e, sim: s, net } = await setup('2026-11-27 08:50:00');
    await setUpForReal(e, s);
    net.setOffline(true);
    expect((await e.punch()).outcome).toBe('queued');
    e.signOut();
    net.setOffline(false);

    await e.startDemo();
    await e.open();
    await e.flushOutbox();
    expect(e.snapshot().outbox).toEqual([]);
    e.leaveDemo();

    await setUpForReal(e, s);
    await e.flushOutbox();
    expect(s.records.filter((r) => r.userId === DEMO_USERS.fixed)).toHaveLength(1);
  });
});
