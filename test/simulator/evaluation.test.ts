import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CLASSES, DEMO_GROUPS, DEMO_USERS } from '../../main/dingtalk/simulator';
import type { Simulator } from '../../main/dingtalk/simulator';
import type { Json } from './helpers';
import {
  MONDAY,
  SATURDAY,
  TUESDAY,
  appToken,
  call,
  listByDay,
  records,
  results,
  sh,
  startAt,
  upload,
} from './helpers';

let sim: Simulator;
beforeEach(async () => {
  sim = await startAt(`${TUESDAY} 07:00:00`);
});
/** Tests move the clock by hours: ask for the (same or renewed) token per call, as a client would. */
const tok = () => appToken(sim);
afterEach(async () => {
  await sim.close();
});

const { fixed, admin, colleague, night, free, turn } = DEMO_USERS;

/** Moves the clock to the punch time and uploads it, as the app would. */
async function punch(userid: string, when: string): Promise<void> {
  sim.clock.set(sh(when));
  const res = await upload(sim, await tok(), userid, sh(when));
  expect(res.json).toMatchObject({ errcode: 0, success: true });
}

async function schedule(userid: string, when = sim.clock.now()): Promise<Json[]> {
  const res = await listByDay(sim, await tok(), userid, when);
  expect(res.json.errcode).toBe(0);
  return res.json.result;
}

const pick = (rows: Json[], checkType: string) => rows.filter((r) => r.checkType === checkType);

describe('a regular day (09:00–18:00, flex 30/30)', () => {
  it('turns punches into Normal results with the upload as ATM record', async () => {
    await punch(fixed, `${TUESDAY} 08:55:00`);
    await punch(fixed, `${TUESDAY} 18:05:00`);
    const rows = await results(sim, await tok(), [fixed], TUESDAY);
    expect(rows).toHaveLength(2);
    const [on, off] = rows;
    expect(on).toMatchObject({
      checkType: 'OnDuty',
      timeResult: 'Normal',
      locationResult: 'Normal',
      sourceType: 'ATM',
      userId: fixed,
      userCheckTime: sh(`${TUESDAY} 08:55:00`),
      baseCheckTime: sh(`${TUESDAY} 09:00:00`),
      workDate: sh(`${TUESDAY} 00:00:00`),
      groupId: DEMO_GROUPS.office,
      recordId: sim.records[0]?.id,
    });
    expect(off).toMatchObject({ checkType: 'OffDuty', timeResult: 'Normal' });

    const recs = await records(
      sim,
      await tok(),
      [fixed],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(recs.json.errcode).toBe(0);
    const [first] = recs.json.recordresult;
    expect(first).toMatchObject({
      userId: fixed,
      checkType: 'OnDuty',
      timeResult: 'Normal',
      sourceType: 'ATM',
      deviceId: 'daka-test-device',
      baseCheckTime: sh(`${TUESDAY} 09:00:00`),
      planCheckTime: sh(`${TUESDAY} 09:00:00`),
      workDate: sh(`${TUESDAY} 00:00:00`),
      classId: DEMO_CLASSES.office,
      groupId: DEMO_GROUPS.office,
      isLegal: 'Y',
      corpId: sim.org.corpId,
    });
    const day = await schedule(fixed);
    expect(first.planId).toBe(day[0].id);
    expect(on.planId).toBe(day[0].id);
  });

  it('describes the day in listbyday like the sample', async () => {
    const [on, off] = await schedule(fixed);
    expect(on).toMatchObject({
      check_date_time: `${TUESDAY} 09:00:00`,
      check_status: 'Init',
      check_type: 'OnDuty',
      class_id: DEMO_CLASSES.office,
      class_name: '朝九晚六',
      group_id: DEMO_GROUPS.office,
      is_rest: 'N',
      real_plan_time: `${TUESDAY} 09:00:00`,
      check_begin_time: `${TUESDAY} 05:00:00`,
      check_end_time: `${TUESDAY} 13:30:00`,
      user_id: fixed,
      work_date: `${TUESDAY} 00:00:00`,
      corp_id: sim.org.corpId,
    });
    expect(JSON.parse(on.features)).toMatchObject({ flexMinutes: [30, 30], punchId: on.id });
    expect(off).toMatchObject({
      check_date_time: `${TUESDAY} 18:00:00`,
      check_type: 'OffDuty',
      check_begin_time: `${TUESDAY} 13:30:00`,
      check_end_time: `${TUESDAY} 22:00:00`,
    });
  });

  it('counts the first on-duty and the last off-duty punch; each record has its own result', async () => {
    await punch(fixed, `${TUESDAY} 08:50:00`);
    await punch(fixed, `${TUESDAY} 09:40:00`);
    await punch(fixed, `${TUESDAY} 17:00:00`);
    await punch(fixed, `${TUESDAY} 18:30:00`);
    const [on, off] = await results(sim, await tok(), [fixed], TUESDAY);
    expect(on).toMatchObject({ timeResult: 'Normal', userCheckTime: sh(`${TUESDAY} 08:50:00`) });
    expect(off).toMatchObject({ timeResult: 'Normal', userCheckTime: sh(`${TUESDAY} 18:30:00`) });
    const recs = await records(
      sim,
      await tok(),
      [fixed],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(recs.json.recordresult.map((r: Json) => [r.checkType, r.timeResult, r.isLegal])).toEqual(
      [
        ['OnDuty', 'Normal', 'Y'],
        ['OnDuty', 'Late', 'N'],
        ['OffDuty', 'Early', 'N'],
        ['OffDuty', 'Normal', 'Y'],
      ],
    );
  });

  it('lets a late arrival within flex leave as much later (晚到晚走)', async () => {
    await punch(fixed, `${TUESDAY} 09:25:00`);
    await punch(fixed, `${TUESDAY} 18:10:00`);
    const [on, off] = await results(sim, await tok(), [fixed], TUESDAY);
    expect(on.timeResult).toBe('Normal');
    expect(off.timeResult).toBe('Early');
    const day = await schedule(fixed);
    expect(day[1].real_plan_time).toBe(`${TUESDAY} 18:25:00`);
    await punch(fixed, `${TUESDAY} 18:25:00`);
    expect((await results(sim, await tok(), [fixed], TUESDAY))[1].timeResult).toBe('Normal');
  });

  it('lets an early arrival leave as much earlier, at most the flex (早到早走)', async () => {
    await punch(admin, `${TUESDAY} 08:40:00`);
    await punch(admin, `${TUESDAY} 17:40:00`);
    await punch(colleague, `${TUESDAY} 08:00:00`);
    await punch(colleague, `${TUESDAY} 17:29:00`);
    const rows = await results(sim, await tok(), [admin, colleague], TUESDAY);
    expect(pick(rows, 'OffDuty').map((r) => [r.userId, r.timeResult])).toEqual([
      [admin, 'Normal'],
      [colleague, 'Early'],
    ]);
  });

  it('grades lateness in whole minutes: Late, then SeriousLate beyond 30 minutes', async () => {
    await punch(fixed, `${MONDAY} 09:30:59`);
    await punch(fixed, `${TUESDAY} 09:31:00`);
    await punch(fixed, '2026-11-25 10:00:59');
    await punch(fixed, '2026-11-26 10:01:00');
    sim.clock.set(sh('2026-11-27 23:00:00'));
    const rows = pick(await results(sim, await tok(), [fixed], MONDAY, '2026-11-26'), 'OnDuty');
    expect(rows.map((r) => r.timeResult)).toEqual(['Normal', 'Late', 'Late', 'SeriousLate']);
  });

  it('marks Absenteeism beyond the class threshold when one is set', async () => {
    const office = sim.org.classes.find((c) => c.classId === DEMO_CLASSES.office);
    if (office) office.absenteeismLateMinutes = 60;
    await punch(fixed, `${TUESDAY} 10:31:00`);
    expect((await results(sim, await tok(), [fixed], TUESDAY))[0].timeResult).toBe('Absenteeism');
  });

  it('marks Early when leaving before the planned time', async () => {
    await punch(fixed, `${TUESDAY} 09:00:00`);
    await punch(fixed, `${TUESDAY} 17:59:59`);
    expect((await results(sim, await tok(), [fixed], TUESDAY))[1].timeResult).toBe('Early');
  });
});

describe('check status over the day', () => {
  it('goes Init → Timeout (NotSigned) as windows close, Init → Checked on a punch', async () => {
    sim.clock.set(sh(`${TUESDAY} 08:00:00`));
    expect((await schedule(fixed)).map((r) => r.check_status)).toEqual(['Init', 'Init']);
    expect(await results(sim, await tok(), [fixed], TUESDAY)).toEqual([]);

    sim.clock.set(sh(`${TUESDAY} 13:29:59`));
    expect((await schedule(fixed)).map((r) => r.check_status)).toEqual(['Init', 'Init']);

    sim.clock.set(sh(`${TUESDAY} 13:30:00`));
    expect((await schedule(fixed)).map((r) => r.check_status)).toEqual(['Timeout', 'Init']);
    const missed = await results(sim, await tok(), [fixed], TUESDAY);
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({
      checkType: 'OnDuty',
      timeResult: 'NotSigned',
      locationResult: 'NotSigned',
      sourceType: 'SYSTEM',
    });

    await punch(fixed, `${TUESDAY} 18:02:00`);
    expect((await schedule(fixed)).map((r) => r.check_status)).toEqual(['Timeout', 'Checked']);
    expect((await results(sim, await tok(), [fixed], TUESDAY)).map((r) => r.timeResult)).toEqual([
      'NotSigned',
      'Normal',
    ]);
  });

  it('times out the off-duty check point 4 hours after it', async () => {
    await punch(fixed, `${TUESDAY} 08:58:00`);
    expect((await schedule(fixed)).map((r) => r.check_status)).toEqual(['Checked', 'Init']);
    sim.clock.set(sh(`${TUESDAY} 21:59:00`));
    expect((await schedule(fixed))[1].check_status).toBe('Init');
    sim.clock.set(sh(`${TUESDAY} 22:00:00`));
    expect((await schedule(fixed))[1].check_status).toBe('Timeout');
    expect((await results(sim, await tok(), [fixed], TUESDAY))[1].timeResult).toBe('NotSigned');
  });
});

describe('night shift across midnight', () => {
  it('keeps the morning clock-out on the previous work date', async () => {
    await punch(night, `${MONDAY} 21:50:00`);
    await punch(night, `${TUESDAY} 06:05:00`);
    const rows = await results(sim, await tok(), [night], MONDAY);
    expect(rows.map((r) => [r.checkType, r.timeResult, r.workDate])).toEqual([
      ['OnDuty', 'Normal', sh(`${MONDAY} 00:00:00`)],
      ['OffDuty', 'Normal', sh(`${MONDAY} 00:00:00`)],
    ]);
    const recs = await records(
      sim,
      await tok(),
      [night],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 12:00:00`,
    );
    expect(recs.json.recordresult).toHaveLength(1);
    expect(recs.json.recordresult[0]).toMatchObject({
      checkType: 'OffDuty',
      workDate: sh(`${MONDAY} 00:00:00`),
      baseCheckTime: sh(`${TUESDAY} 06:00:00`),
    });
    const day = await schedule(night, sh(`${MONDAY} 12:00:00`));
    expect(day.map((r) => [r.check_date_time, r.check_status])).toEqual([
      [`${MONDAY} 22:00:00`, 'Checked'],
      [`${TUESDAY} 06:00:00`, 'Checked'],
    ]);
  });

  it('shows across: 1 for the next-day time in getusergroup', async () => {
    const res = await call(sim, await tok(), '/topapi/attendance/getusergroup', { userid: night });
    expect(res.json.errcode).toBe(0);
    expect(res.json.result).toMatchObject({ group_id: DEMO_GROUPS.warehouse, type: 'FIXED' });
    expect(res.json.result.classes[0].sections[0].times).toEqual([
      { across: 0, check_time: '1970-01-01 22:00:00', check_type: 'OnDuty' },
      { across: 1, check_time: '1970-01-01 06:00:00', check_type: 'OffDuty' },
    ]);
  });

  it('splits clashing windows of a night shift and the next morning shift at their midpoint', async () => {
    sim.setShift(turn, MONDAY, DEMO_CLASSES.night);
    sim.setShift(turn, TUESDAY, DEMO_CLASSES.early);
    await punch(turn, `${MONDAY} 21:55:00`);
    await punch(turn, `${TUESDAY} 06:40:00`);
    await punch(turn, `${TUESDAY} 07:10:00`);
    await punch(turn, `${TUESDAY} 08:05:00`);
    const rows = await results(sim, await tok(), [turn], MONDAY, TUESDAY);
    expect(rows.map((r) => [r.workDate, r.checkType, r.timeResult, r.userCheckTime])).toEqual([
      [sh(`${MONDAY} 00:00:00`), 'OnDuty', 'Normal', sh(`${MONDAY} 21:55:00`)],
      [sh(`${MONDAY} 00:00:00`), 'OffDuty', 'Normal', sh(`${TUESDAY} 06:40:00`)],
      [sh(`${TUESDAY} 00:00:00`), 'OnDuty', 'Normal', sh(`${TUESDAY} 07:10:00`)],
    ]);
    const monday = await schedule(turn, sh(`${MONDAY} 12:00:00`));
    const tuesday = await schedule(turn, sh(`${TUESDAY} 12:00:00`));
    expect(monday[1].check_end_time).toBe(`${TUESDAY} 07:00:00`);
    expect(tuesday[0].check_begin_time).toBe(`${TUESDAY} 07:00:00`);
    const recs = await records(
      sim,
      await tok(),
      [turn],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 09:00:00`,
    );
    expect(
      recs.json.recordresult.map((r: Json) => [r.workDate, r.checkType, r.timeResult]),
    ).toEqual([
      [sh(`${MONDAY} 00:00:00`), 'OffDuty', 'Normal'],
      [sh(`${TUESDAY} 00:00:00`), 'OnDuty', 'Normal'],
      [sh(`${TUESDAY} 00:00:00`), 'OnDuty', 'Late'],
    ]);
  });
});

describe('days without work', () => {
  it('answers a rest day with one is_rest Y row and no results', async () => {
    sim.clock.set(sh(`${SATURDAY} 10:00:00`));
    const day = await schedule(fixed);
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ is_rest: 'Y', class_id: 0, work_date: `${SATURDAY} 00:00:00` });
    await punch(fixed, `${SATURDAY} 10:00:00`);
    sim.clock.set(sh(`${SATURDAY} 23:59:00`));
    expect(await results(sim, await tok(), [fixed], SATURDAY)).toEqual([]);
    const recs = await records(
      sim,
      await tok(),
      [fixed],
      `${SATURDAY} 00:00:00`,
      `${SATURDAY} 23:59:59`,
    );
    const [rec] = recs.json.recordresult;
    expect(rec.checkType).toBeUndefined();
    expect(rec.timeResult).toBeUndefined();
    expect(rec.workDate).toBe(sh(`${SATURDAY} 00:00:00`));
  });

  it('honours explicit rest dates and make-up workdays of a FIXED group', async () => {
    const group = sim.org.groups.find((g) => g.groupId === DEMO_GROUPS.office);
    if (group?.type !== 'FIXED') throw new Error('demo office group is FIXED');
    group.restDates = [TUESDAY];
    group.workDates = { [SATURDAY]: DEMO_CLASSES.office };
    expect((await schedule(fixed, sh(`${TUESDAY} 10:00:00`)))[0].is_rest).toBe('Y');
    const saturday = await schedule(fixed, sh(`${SATURDAY} 10:00:00`));
    expect(saturday.map((r) => r.check_date_time)).toEqual([
      `${SATURDAY} 09:00:00`,
      `${SATURDAY} 18:00:00`,
    ]);
  });

  it('schedules nothing for a free-schedule (NONE) user but keeps the punches', async () => {
    expect(await schedule(free)).toEqual([]);
    await punch(free, `${TUESDAY} 10:00:00`);
    sim.clock.set(sh(`${TUESDAY} 23:59:00`));
    expect(await results(sim, await tok(), [free], TUESDAY)).toEqual([]);
    const recs = await records(
      sim,
      await tok(),
      [free],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(recs.json.recordresult).toHaveLength(1);
    const group = await call(sim, await tok(), '/topapi/attendance/getusergroup', { userid: free });
    expect(group.json.result).toMatchObject({ type: 'NONE', classes: [] });
  });

  it('follows a TURN roster: rotation, explicit shifts, unrostered dates', async () => {
    sim.addUser(
      { userid: 'zhoumin', name: '周敏', mobile: '13800000099', unionId: 'ZmUnion' },
      DEMO_GROUPS.support,
    );
    const group = sim.org.groups.find((g) => g.groupId === DEMO_GROUPS.support);
    if (group?.type !== 'TURN') throw new Error('demo support group is TURN');
    expect(await schedule('zhoumin')).toEqual([]);

    group.rotations = { zhoumin: { anchor: MONDAY, pattern: [DEMO_CLASSES.early, 'rest'] } };
    const names = async (date: string) =>
      (await schedule('zhoumin', sh(`${date} 12:00:00`))).map((r) => r.class_name ?? r.is_rest);
    expect(await names('2026-11-22')).toEqual(['Y']);
    expect(await names(MONDAY)).toEqual(['早班', '早班']);
    expect(await names(TUESDAY)).toEqual(['Y']);
    expect(await names('2026-11-25')).toEqual(['早班', '早班']);

    sim.setShift('zhoumin', TUESDAY, DEMO_CLASSES.night);
    expect(await names(TUESDAY)).toEqual(['夜班', '夜班']);
    sim.setShift('zhoumin', TUESDAY, null);
    expect(await names(TUESDAY)).toEqual(['Y']);
  });
});

describe('leave', () => {
  it('satisfies the covered check points with APPROVE results and keeps the rows', async () => {
    const leave = sim.addLeave({
      userid: fixed,
      from: `${TUESDAY} 09:00:00`,
      to: `${TUESDAY} 12:00:00`,
    });
    sim.clock.set(sh(`${TUESDAY} 14:00:00`));
    const day = await schedule(fixed);
    expect(day[0]).toMatchObject({
      check_status: 'Checked',
      approve_id: leave.approveId,
      approve_biz_type: 3,
      approve_tag_name: '请假',
    });
    expect(day[1].check_status).toBe('Init');
    expect(day[1].approve_id).toBeUndefined();
    const rows = await results(sim, await tok(), [fixed], TUESDAY);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      checkType: 'OnDuty',
      timeResult: 'Normal',
      sourceType: 'APPROVE',
      userCheckTime: sh(`${TUESDAY} 09:00:00`),
      approveId: leave.approveId,
      procInstId: leave.procInstId,
    });
    await punch(fixed, `${TUESDAY} 17:00:00`);
    expect((await results(sim, await tok(), [fixed], TUESDAY))[1].timeResult).toBe('Early');
  });

  it('covers a whole day', async () => {
    sim.addLeave({ userid: fixed, from: sh(`${TUESDAY} 00:00:00`), to: sh(`${TUESDAY} 23:59:59`) });
    sim.clock.set(sh(`${TUESDAY} 23:00:00`));
    const rows = await results(sim, await tok(), [fixed], TUESDAY);
    expect(rows.map((r) => [r.sourceType, r.timeResult])).toEqual([
      ['APPROVE', 'Normal'],
      ['APPROVE', 'Normal'],
    ]);
  });
});

describe('records that must not count', () => {
  it('lists invalid records but never counts them', async () => {
    const bad = sim.injectRecord({
      userId: fixed,
      userCheckTime: sh(`${TUESDAY} 08:55:00`),
      sourceType: 'USER',
      invalidRecordType: 'Security',
      invalidRecordMsg: '作弊风险',
    });
    sim.injectRecord({
      userId: fixed,
      userCheckTime: sh(`${TUESDAY} 08:56:00`),
      invalidRecordType: 'Other',
      invalidRecordMsg: '需要二次确认',
    });
    sim.clock.set(sh(`${TUESDAY} 13:30:00`));
    expect((await schedule(fixed))[0].check_status).toBe('Timeout');
    expect((await results(sim, await tok(), [fixed], TUESDAY))[0].timeResult).toBe('NotSigned');
    const recs = await records(
      sim,
      await tok(),
      [fixed],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(recs.json.recordresult).toHaveLength(2);
    const [first] = recs.json.recordresult;
    expect(first).toMatchObject({
      id: bad.id,
      invalidRecordType: 'Security',
      invalidRecordMsg: '作弊风险',
      workDate: sh(`${TUESDAY} 00:00:00`),
    });
    expect(first.checkType).toBeUndefined();
    expect(first.timeResult).toBeUndefined();
  });

  it('counts an outside (外勤) punch, with isLegal N', async () => {
    sim.injectRecord({
      userId: fixed,
      userCheckTime: sh(`${TUESDAY} 08:50:00`),
      locationResult: 'Outside',
      userAddress: '浙江省杭州市',
      outsideRemark: '拜访客户',
    });
    sim.clock.set(sh(`${TUESDAY} 09:00:00`));
    expect((await schedule(fixed))[0].check_status).toBe('Checked');
    const recs = await records(
      sim,
      await tok(),
      [fixed],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(recs.json.recordresult[0]).toMatchObject({
      checkType: 'OnDuty',
      timeResult: 'Normal',
      locationResult: 'Outside',
      isLegal: 'N',
      sourceType: 'USER',
      outsideRemark: '拜访客户',
    });
  });

  it('accepts a seconds timestamp but files the punch in 1970 (the documented pitfall)', async () => {
    sim.clock.set(sh(`${TUESDAY} 08:55:00`));
    const seconds = Math.floor(sim.clock.now() / 1000);
    const res = await upload(sim, await tok(), fixed, seconds);
    expect(res.json).toMatchObject({ errcode: 0, success: true });
    expect(sim.records[0]?.userCheckTime).toBe(Math.floor(seconds / 1000) * 1000);
    const today = await records(
      sim,
      await tok(),
      [fixed],
      `${TUESDAY} 00:00:00`,
      `${TUESDAY} 23:59:59`,
    );
    expect(today.json.recordresult).toEqual([]);
    expect((await schedule(fixed))[0].check_status).toBe('Init');
    const in1970 = await records(
      sim,
      await tok(),
      [fixed],
      '1970-01-18 00:00:00',
      '1970-01-25 00:00:00',
    );
    expect(in1970.json.recordresult).toHaveLength(1);
    expect(in1970.json.recordresult[0].workDate).toBeLessThan(30 * 86_400_000);
  });
});
