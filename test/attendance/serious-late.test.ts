/**
 * The late estimate tells 迟到 (Late) from 严重迟到 (SeriousLate) by the attendance
 * group's own minutes where DingTalk says them (getusergroup's class setting,
 * serious_late_minutes; lateness counts after the class's late flex), and says Late
 * when it does not (issue #10 item 3). The group is asked only when it matters: a
 * clock-in still due and already late, once a week. Against the simulator over HTTP;
 * the demo's 朝九晚六 class (张伟): 09:00, 30 minutes flex, SeriousLate beyond 30.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CLASSES } from '../../main/dingtalk/simulator';
import { punchOffer } from '../../shared/punch-rule';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

const GROUP = '/topapi/attendance/getusergroup';
const FRIDAY = '2026-11-27';
const MONDAY = '2026-11-30';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function openAt(time: string) {
  const f = (fx = await startFixture({ start: `${FRIDAY} ${time}:00` }));
  const day = await f.engine.open();
  if (!day) throw new Error('no day');
  return { f, day, offer: punchOffer(day, at(`${FRIDAY} ${time}:00`)) };
}

describe('late or seriously late', () => {
  it('10:05: 35 minutes late after the 30-minute flex, beyond 30: 严重迟到, as DingTalk then says', async () => {
    const { f, day, offer } = await openAt('10:05');
    expect(day.seriousLateMinutes).toBe(30);
    expect(day.checkPoints[0]?.lateFlexMinutes).toBe(30);
    expect(offer).toMatchObject({ kind: 'late', minutes: 35, estimate: 'SeriousLate' });
    expect(f.paths().filter((p) => p === GROUP)).toHaveLength(1);

    // The punch: our own estimate until DingTalk's evaluation is read, and DingTalk agrees.
    expect((await f.engine.punch()).outcome).toBe('punched');
    expect(f.engine.todayCached()?.checkPoints[0]).toMatchObject({
      result: 'SeriousLate',
      provisional: true,
    });
    f.sim.clock.advance(2 * 60_000);
    const read = await f.engine.refresh();
    expect(read?.checkPoints[0]?.result).toBe('SeriousLate');
  });

  it('09:40: late by 10 minutes (counted after the flex), within the group’s minutes: 迟到', async () => {
    const { f, offer } = await openAt('09:40');
    expect(offer).toMatchObject({ kind: 'late', minutes: 10, estimate: 'Late' });
    expect((await f.engine.punch()).outcome).toBe('punched');
    expect(f.engine.todayCached()?.checkPoints[0]).toMatchObject({ result: 'Late' });
    f.sim.clock.advance(2 * 60_000);
    expect((await f.engine.refresh())?.checkPoints[0]?.result).toBe('Late');
  });

  it('09:12 within the 30-minute flex: on time (上班打卡, 正常), as DingTalk says, and no group call', async () => {
    const { f, offer } = await openAt('09:12');
    expect(offer).toMatchObject({ kind: 'normal', minutes: 0, estimate: 'Normal' });
    expect((await f.engine.punch()).outcome).toBe('punched');
    // Our own estimate before DingTalk's evaluation is read says the same as DingTalk.
    expect(f.engine.todayCached()?.checkPoints[0]).toMatchObject({
      result: 'Normal',
      provisional: true,
    });
    f.sim.clock.advance(2 * 60_000);
    const read = await f.engine.refresh();
    expect(read?.checkPoints[0]).toMatchObject({ result: 'Normal' });
    expect(read?.checkPoints[0]).not.toHaveProperty('provisional');
    expect(f.paths()).not.toContain(GROUP);
  });

  it('09:30 is the last minute on time, 09:31 is late by 1', async () => {
    const { day } = await openAt('09:30');
    expect(punchOffer(day, at(`${FRIDAY} 09:30:59`))).toMatchObject({ kind: 'normal' });
    expect(punchOffer(day, at(`${FRIDAY} 09:31:00`))).toMatchObject({ kind: 'late', minutes: 1 });
  });

  it('the group does not say (its setting is empty, as in the doc’s sample): Late', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 10:05:00` }));
    const office = f.sim.org.classes.find((c) => c.classId === DEMO_CLASSES.office);
    if (office) delete office.seriousLateMinutes;
    const day = await f.engine.open();
    expect(day).not.toHaveProperty('seriousLateMinutes');
    expect(day && punchOffer(day, at(`${FRIDAY} 10:05:00`))).toMatchObject({ estimate: 'Late' });
  });

  it('getusergroup failing: Late, and the day still loads', async () => {
    const f = (fx = await startFixture({ start: `${FRIDAY} 10:05:00` }));
    f.sim.fault(GROUP, { errcode: 60011 });
    const day = await f.engine.open();
    expect(day?.checkPoints).toHaveLength(2);
    expect(day && punchOffer(day, at(`${FRIDAY} 10:05:00`))).toMatchObject({ estimate: 'Late' });
  });

  it('costs no call on time, and one a week when late', async () => {
    const { f } = await openAt('08:55');
    expect(f.paths()).not.toContain(GROUP);
    f.sim.clock.set(at(`${MONDAY} 10:10:00`));
    await f.engine.open();
    f.sim.clock.set(at('2026-12-01 10:10:00'));
    await f.engine.open();
    expect(f.paths().filter((p) => p === GROUP)).toHaveLength(1);
    expect(f.engine.todayCached()?.seriousLateMinutes).toBe(30);
  });
});

describe('the rule itself', () => {
  it('"late by more than" the minutes is serious; the day’s minutes are the default', () => {
    const day = {
      ...baseDay(),
      seriousLateMinutes: 30,
    };
    expect(punchOffer(day, at(`${FRIDAY} 09:30:00`))?.estimate).toBe('Late');
    expect(punchOffer(day, at(`${FRIDAY} 09:31:00`))?.estimate).toBe('SeriousLate');
    expect(punchOffer(baseDay(), at(`${FRIDAY} 11:00:00`))?.estimate).toBe('Late');
  });
});

function baseDay() {
  return {
    userId: 'u',
    date: FRIDAY,
    timeZone: 'Asia/Shanghai',
    restDay: false,
    onLeave: false,
    className: null,
    source: { kind: 'dingtalk' as const },
    checkPoints: [
      {
        type: 'OnDuty' as const,
        planned: `${FRIDAY}T09:00:00+08:00`,
        window: { from: `${FRIDAY}T05:00:00+08:00`, to: `${FRIDAY}T13:30:00+08:00` },
        state: 'pending' as const,
        result: null,
        punchedAt: null,
        punch: null,
      },
    ],
    punches: [],
    next: 'OnDuty' as const,
    nextWorkday: null,
    fetchedAt: `${FRIDAY}T08:00:00+08:00`,
  };
}
