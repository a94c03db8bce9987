/**
 * Schedules: topapi/attendance/schedule/listbyday (a person's check points of
 * one day with their status) and topapi/attendance/getusergroup.
 */
import { addDays, formatDingTalk, startOfDate } from '../../../../shared/time';
import type { EvaluatedCheck } from '../evaluate';
import { findClass, findUser, groupOf } from '../org';
import type { OrgClass, OrgGroup } from '../org';
import { badParam, missingParam, oapiError, ok } from '../replies';
import type { Ctx, Route } from '../route';
import { isPresent, num, str } from '../route';
import { classTimes } from '../schedule';

/**
 * What the simulator answers when `op_user_id` is not an admin under the
 * 'adminOnly' policy. UNCONFIRMED: DingTalk's real answer is not documented;
 * this is the old global table's wording for 60011 (not enough admin rights).
 */
export const OP_USER_NOT_ADMIN = {
  errcode: 60011,
  errmsg: '管理员权限不足，（user/department/agent）无权限',
} as const;

/** approve_biz_type of leave (1 overtime, 2 business trip, 3 leave). */
const APPROVE_BIZ_TYPE_LEAVE = 3;

function scheduleRow(ctx: Ctx, e: EvaluatedCheck): Record<string, unknown> {
  const { sim } = ctx;
  const tz = sim.timeZone;
  const { check } = e;
  const planId = sim.planId(check);
  const gmtCreate = formatDingTalk(startOfDate(addDays(check.workDate, -1), tz), tz);
  const features = JSON.stringify({
    ...(check.cls.flexMinutes ? { flexMinutes: check.cls.flexMinutes } : {}),
    punchId: planId,
  });
  return {
    check_date_time: formatDingTalk(check.planned, tz),
    check_status: e.status,
    check_type: check.checkType,
    class_id: check.cls.classId,
    class_name: check.cls.name,
    ...(check.cls.settingId !== undefined ? { class_setting_id: check.cls.settingId } : {}),
    corp_id: sim.org.corpId,
    features,
    gmt_create: gmtCreate,
    gmt_modified: e.counted ? formatDingTalk(e.counted.gmtCreate, tz) : gmtCreate,
    group_id: check.groupId,
    id: planId,
    is_rest: 'N',
    real_plan_time: formatDingTalk(e.realPlan, tz),
    check_begin_time: formatDingTalk(check.begin, tz),
    check_end_time: formatDingTalk(check.end, tz),
    user_id: check.userid,
    work_date: `${check.workDate} 00:00:00`,
    ...(check.leave
      ? {
          approve_id: check.leave.approveId,
          approve_biz_type: APPROVE_BIZ_TYPE_LEAVE,
          approve_tag_name: check.leave.tagName,
        }
      : {}),
  };
}

/**
 * A rest day is one row with is_rest "Y" and class_id 0, mirroring
 * schedule/listbyusers (shift_id 0 = rest). UNCONFIRMED for listbyday.
 */
function restRow(ctx: Ctx, userid: string, date: string, group: OrgGroup) {
  const { sim } = ctx;
  const midnight = `${date} 00:00:00`;
  return {
    check_date_time: midnight,
    check_status: 'Init',
    check_type: 'OnDuty',
    class_id: 0,
    corp_id: sim.org.corpId,
    group_id: group.groupId,
    id: sim.planIds.get(`${userid}|${date}|rest`),
    is_rest: 'Y',
    user_id: userid,
    work_date: midnight,
  };
}

export const listByDay: Route = {
  method: 'POST',
  path: '/topapi/attendance/schedule/listbyday',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    for (const field of ['op_user_id', 'user_id', 'date_time']) {
      if (!isPresent(body[field])) return missingParam(field);
    }
    const userid = str(body.user_id) ?? '';
    const at = num(body.date_time);
    if (at === undefined || !Number.isInteger(at)) return badParam('date_time必须是毫秒时间戳');
    if (!findUser(sim.org, userid)) return oapiError(60121);
    if (ctx.app && !sim.visible(ctx.app, userid)) return oapiError(50002);
    if (sim.opUserPolicy === 'adminOnly' && !findUser(sim.org, str(body.op_user_id) ?? '')?.admin) {
      return oapiError(OP_USER_NOT_ADMIN.errcode, OP_USER_NOT_ADMIN.errmsg);
    }
    const date = sim.dateOf(at);
    const { day, checks } = sim.evaluate(userid, date);
    const result =
      day.kind === 'rest'
        ? [restRow(ctx, userid, date, day.group)]
        : checks.map((e) => scheduleRow(ctx, e));
    return ok({ errcode: 0, result, success: true });
  },
};

function classJson(cls: OrgClass) {
  const times = classTimes(cls).map((t) => ({
    across: t.across,
    check_time: `1970-01-01 ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(
      t.minutes % 60,
    ).padStart(2, '0')}:00`,
    check_type: t.checkType,
  }));
  const sections = cls.sections.map((_, i) => ({ times: times.slice(i * 2, i * 2 + 2) }));
  return { class_id: cls.classId, name: cls.name, sections, setting: {} };
}

function classIdsOf(group: OrgGroup): number[] {
  switch (group.type) {
    case 'FIXED': {
      const ids = [...group.weekly, ...Object.values(group.workDates ?? {})];
      return [...new Set(ids.filter((id): id is number => id !== null))];
    }
    case 'TURN':
      return group.classIds;
    case 'NONE':
      return [];
  }
}

export const getUserGroup: Route = {
  method: 'POST',
  path: '/topapi/attendance/getusergroup',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    if (!isPresent(body.userid)) return missingParam('userid');
    const userid = str(body.userid) ?? '';
    if (!findUser(sim.org, userid)) return oapiError(60121);
    if (ctx.app && !sim.visible(ctx.app, userid)) return oapiError(50002);
    const group = groupOf(sim.org, userid);
    if (!group) return ok({ errcode: 0, result: { classes: [], type: 'NONE' } });
    const classes = classIdsOf(group)
      .map((id) => findClass(sim.org, id))
      .filter((c): c is OrgClass => c !== undefined)
      .map(classJson);
    return ok({
      errcode: 0,
      result: { classes, group_id: group.groupId, name: group.name, type: group.type },
    });
  },
};
