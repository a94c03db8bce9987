/**
 * Offline before today loaded (issue #10 item 15, review): the click is saved typed by the
 * default hours (09:00-18:00: 12:00 reads as a clock-in), but DingTalk files a punch by the
 * window that holds its time. Once the real schedule is known (a half shift 07:00-11:00:
 * 12:00 is its clock-out), the waiting punch is judged by it: the outbox says clock-out, the
 * clock-out shows it waiting to send (待上传), and once sent it is the clock-out's punch,
 * so the popup does not offer the clock-out again. Against the simulator over real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_GROUPS, DEMO_USERS, type Simulator } from '../../main/dingtalk/simulator';
import { type Fixture, startFixture } from '../helpers/engine-fixture';

const FRIDAY = '2026-11-27';
const HALF = 1098;
const UPLOAD = '/topapi/attendance/record/upload';

/** 王芳 (TURN): a morning half shift 07:00-11:00 on Friday; its clock-out window holds 12:00. */
function rosterHalfShift(sim: Simulator): void {
  sim.org.classes.push({
    classId: HALF,
    name: '半天班',
    sections: [{ onDuty: '07:00', offDuty: '11:00' }],
  });
  const group = sim.org.groups.find((g) => g.groupId === DEMO_GROUPS.support);
  if (group?.type !== 'TURN') throw new Error('demo org changed');
  group.classIds.push(HALF);
  sim.setShift(DEMO_USERS.turn, FRIDAY, HALF);
}

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

async function savedOfflineAtNoon(): Promise<Fixture> {
  const f = (fx = await startFixture({ start: `${FRIDAY} 12:00:00`, userId: DEMO_USERS.turn }));
  rosterHalfShift(f.sim);
  f.net.setOffline(true);
  await f.engine.open().catch(() => undefined);
  expect(f.engine.snapshot().punch.withoutDay).toBe('OnDuty');
  expect(await f.engine.punch()).toMatchObject({ outcome: 'queued', type: 'OnDuty' });
  f.net.setOffline(false);
  return f;
}

describe('a punch saved before today loaded, judged once the schedule is known', () => {
  it('while it still waits: the clock-out shows it waiting to send, the outbox says clock-out', async () => {
    const f = await savedOfflineAtNoon();
    // DingTalk busy on the upload for now: the punch keeps waiting while the day loads.
    f.sim.fault(UPLOAD, { errcode: -1 }, { times: 50 });
    await f.engine.open();
    const snap = f.engine.snapshot();
    const [onDuty, offDuty] = snap.today?.checkPoints ?? [];
    expect(onDuty).toMatchObject({ type: 'OnDuty', state: 'missed' });
    expect(onDuty).not.toHaveProperty('queued');
    expect(offDuty).toMatchObject({
      type: 'OffDuty',
      queued: { at: `${FRIDAY}T12:00:00+08:00`, state: 'waiting' },
    });
    expect(snap.outbox).toEqual([expect.objectContaining({ type: 'OffDuty' })]);
  });

  it('once sent: the clock-out is done with it (before DingTalk is read again), nothing more offered', async () => {
    const f = await savedOfflineAtNoon();
    f.sim.fault(UPLOAD, { errcode: -1 });
    await f.engine.open();
    expect(f.engine.snapshot().outbox).toHaveLength(1);
    f.sim.clearFaults();
    const background = new Promise((resolve) => f.engine.once('background', resolve));
    await f.engine.flushOutbox();
    expect(await background).toMatchObject({ outcome: 'punched', type: 'OffDuty' });
    expect(f.sim.records.map((r) => r.userId)).toEqual([DEMO_USERS.turn]);
    const snap = f.engine.snapshot();
    expect(snap.outbox).toEqual([]);
    const offDuty = snap.today?.checkPoints[1];
    expect(offDuty).toMatchObject({
      type: 'OffDuty',
      state: 'done',
      punchedAt: `${FRIDAY}T12:00:00+08:00`,
    });
    expect(snap.today?.next).toBeNull();
  });
});
