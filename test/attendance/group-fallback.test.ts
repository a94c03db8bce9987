/**
 * Issue #10 item 11: when listbyday is refused, the attendance group's class
 * times (getusergroup, no operator needed) are used before the settings'
 * default hours. The day service over a real DingTalk client against the
 * simulator, and through the engine, which passes getUserGroup in direct mode.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DayService } from '../../main/attendance/day-service';
import { Outbox } from '../../main/attendance/outbox';
import { CallMeter } from '../../main/attendance/quota';
import { DEMO_CLASSES, DEMO_USERS, type Simulator } from '../../main/dingtalk/simulator';
import { MemoryStore } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { defaultSettings } from '../../shared/settings';
import { SH, type Fixture, startFixture } from '../helpers/engine-fixture';

const FRIDAY = '2026-11-27';
const GROUP = '/topapi/attendance/getusergroup';
const LISTBYDAY = '/topapi/attendance/schedule/listbyday';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** 研发部's class becomes 08:30–17:30, and listbyday wants an admin operator we do not have. */
function refuseSchedule(sim: Simulator): void {
  const office = sim.org.classes.find((c) => c.classId === DEMO_CLASSES.office);
  if (!office) throw new Error('demo org changed');
  office.sections = [{ onDuty: '08:30', offDuty: '17:30' }];
  sim.setOpUserPolicy('adminOnly');
}

function dayService(f: Fixture, withGroup: boolean): DayService {
  const client = f.engine.api();
  const store = new MemoryStore();
  const outbox = new Outbox({
    store: new MemoryStore(),
    api: () => ({
      uploadPunch: () => Promise.reject(new Error('not in this test')),
      listRecords: (u, a, b) => client.listRecords(u, a, b),
      idempotentUploads: false,
    }),
    clock: f.sim.clock,
    device: { id: 'dev-test', name: 'Daka · test' },
    maxOfflineMinutes: () => 60,
    logger: silentLogger,
  });
  return new DayService({
    api: {
      scheduleByDay: (u, d, o) => client.scheduleByDay(u, d, o),
      listRecords: (u, a, b) => client.listRecords(u, a, b),
      ...(withGroup ? { getUserGroup: (u: string) => client.getUserGroup(u) } : {}),
    },
    store,
    clock: f.sim.clock,
    meter: new CallMeter(
      store,
      f.sim.clock,
      () => SH,
      () => 5000,
    ),
    outbox,
    settings: () => defaultSettings(),
    timeZone: () => SH,
    deviceId: 'dev-test',
    operatorUserId: () => null,
    logger: silentLogger,
  });
}

describe('listbyday refused: the group times before the default hours', () => {
  it("uses the group's class times, says it is a fallback, asks the group once a day", async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00` });
    refuseSchedule(fx.sim);
    const days = dayService(fx, true);
    fx.sim.clearLog();
    const day = await days.get(DEMO_USERS.fixed, 'open');
    expect(day.source).toEqual({ kind: 'fallback', reason: 'scheduleNotPermitted' });
    expect(day.checkPoints.map((c) => [c.type, c.planned.slice(11, 16)])).toEqual([
      ['OnDuty', '08:30'],
      ['OffDuty', '17:30'],
    ]);
    expect(day.className).toBe('朝九晚六');
    expect(fx.paths().filter((p) => p === GROUP)).toHaveLength(1);
    // A later read of the schedule does not ask the group again the same day.
    fx.sim.clock.advance(2 * 60_000);
    await days.get(DEMO_USERS.fixed, 'refresh');
    expect(fx.paths().filter((p) => p === LISTBYDAY).length).toBeGreaterThanOrEqual(2);
    expect(fx.paths().filter((p) => p === GROUP)).toHaveLength(1);
  });

  it('through the engine (it passes getUserGroup in direct mode): the same times', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00` });
    refuseSchedule(fx.sim);
    const day = await fx.engine.status();
    expect(day.source).toEqual({ kind: 'fallback', reason: 'scheduleNotPermitted' });
    expect(day.checkPoints.map((c) => c.planned.slice(11, 16))).toEqual(['08:30', '17:30']);
  });

  it('a group of several different classes (a roster) says nothing: the default hours', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00`, userId: DEMO_USERS.turn });
    fx.sim.setOpUserPolicy('adminOnly');
    const day = await dayService(fx, true).get(DEMO_USERS.turn, 'open');
    expect(day.checkPoints.map((c) => c.planned.slice(11, 16))).toEqual(['09:00', '18:00']);
  });

  it('getusergroup failing too: the default hours, no error', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00` });
    refuseSchedule(fx.sim);
    fx.sim.fault(GROUP, { errcode: 60011 });
    const day = await dayService(fx, true).get(DEMO_USERS.fixed, 'open');
    expect(day.checkPoints.map((c) => c.planned.slice(11, 16))).toEqual(['09:00', '18:00']);
  });

  it('without getUserGroup (server mode, or before the engine wires it): the default hours', async () => {
    fx = await startFixture({ start: `${FRIDAY} 08:00:00` });
    refuseSchedule(fx.sim);
    fx.sim.clearLog();
    const day = await dayService(fx, false).get(DEMO_USERS.fixed, 'open');
    expect(day.checkPoints.map((c) => c.planned.slice(11, 16))).toEqual(['09:00', '18:00']);
    expect(fx.paths()).not.toContain(GROUP);
  });
});
