/**
 * Issue #10 item 9: a shift that began yesterday (24-hour duty, night shift,
 * `across: 1`) is found at any hour while its window is open, not only before
 * noon, even on a new machine with nothing cached. Engine and CLI, against the
 * simulator's 24-hour class.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, DEMO_USERS, type Simulator } from '../../main/dingtalk/simulator';
import { type CliFixture, startCli } from '../cli/harness';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const THURSDAY = '2026-11-26';
const FRIDAY = '2026-11-27';
const DUTY = 1099;

/** 王芳 (TURN): 24-hour duty Thursday 09:00 → Friday 09:00, Friday off. */
function rosterDuty(sim: Simulator): void {
  sim.org.classes.push({
    classId: DUTY,
    name: '24小时值班',
    sections: [{ onDuty: '09:00', offDuty: '09:00' }],
  });
  const group = sim.org.groups.find((g) => g.groupId === DEMO_GROUPS.support);
  if (group?.type !== 'TURN') throw new Error('demo org changed');
  group.classIds.push(DUTY);
  sim.setShift(DEMO_USERS.turn, THURSDAY, DUTY);
  sim.setShift(DEMO_USERS.turn, FRIDAY, 'rest');
}

let fx: Fixture | undefined;
let cli: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  await cli?.close();
  fx = undefined;
  cli = undefined;
});

describe('a 24-hour duty that began yesterday, on a new machine', () => {
  it("at 12:30 the next day (its clock-out window still open): yesterday's duty, clock out due", async () => {
    fx = await startFixture({ start: `${FRIDAY} 12:30:00`, userId: DEMO_USERS.turn });
    rosterDuty(fx.sim);
    const day = await fx.engine.status();
    expect(day.date).toBe(THURSDAY);
    expect(day.next).toBe('OffDuty');
    expect(day.checkPoints.map((c) => [c.type, c.planned.slice(0, 16), c.state])).toEqual([
      ['OnDuty', `${THURSDAY}T09:00`, 'missed'],
      ['OffDuty', `${FRIDAY}T09:00`, 'pending'],
    ]);
    const outcome = await fx.engine.punch();
    expect(outcome).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
  });

  it('once its window has closed (13:00): today, a rest day', async () => {
    fx = await startFixture({ start: `${FRIDAY} 13:30:00`, userId: DEMO_USERS.turn });
    rosterDuty(fx.sim);
    const day = await fx.engine.status();
    expect(day.date).toBe(FRIDAY);
    expect(day.restDay).toBe(true);
  });

  it('the CLI at 12:30: status shows the duty, punch clocks out', async () => {
    cli = await startCli({ start: `${FRIDAY} 12:30:00` });
    rosterDuty(cli.sim);
    const env = { ...cli.env, DAKA_USER_ID: DEMO_USERS.turn };
    const status = await cli.run(['status', '--json'], env);
    expect(status.code).toBe(0);
    const day = JSON.parse(status.stdout) as { date: string; next: string | null };
    expect(day).toMatchObject({ date: THURSDAY, next: 'OffDuty' });
    const punch = await cli.run(['punch', '--json'], env);
    expect(JSON.parse(punch.stdout)).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
    expect(cli.sim.records.map((r) => r.userCheckTime)).toEqual([at(`${FRIDAY} 12:30:00`)]);
  });
});
