/**
 * Schedules: topapi/attendance/schedule/listbyday (a person's check points of
 * one day with their status), schedule/listbyusers (many people's check
 * points over ≤ 7 days, no status) and topapi/attendance/getusergroup.
 */
import { addDays, formatDingTalk, startOfDate } from '../../../../shared/time';
import type { EvaluatedCheck } from '../evaluate';
import { findClass, findUser, groupOf } from '../org';
import type { OrgClass, OrgGroup } from '../org';
import { badParam, missingParam, oapiError, ok } from '../replies';
import type { Ctx, Route } from '../route';
import { isPresent, list, num, str } from '../route';
import { classTimes, daysBetween } from '../schedule';

/**
 * What the simulator answers when `op_user_id` is not an admin under the
 * 'adminOnly' policy. UNCONFIRMED: DingTalk's real answer is not documented;
 * this is the old global table's wording for 60011 (not enough admin rights).
 */
export const OP_USER_NOT_ADMIN = {
  errcode: 60011,
  errmsg: '管理员权限不足，（user/department/agent）无权限',
} as const;

/** approve_biz_type of leave (1 overtime, 2 business trip, 3 leave): an approval's default. */
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
    // Overtime (1) is named too, but leaves check_status as the punches make it.
    ...(check.approval
      ? {
          approve_id: check.approval.approveId,
          approve_biz_type: check.approval.bizType ?? APPROVE_BIZ_TYPE_LEAVE,
          approve_tag_name: check.approval.tagName,
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

/** quirk bareRestRows: a rest row with none of the fields a working row has. */
function bareRestRow(ctx: Ctx, userid: string, group: OrgGroup): Record<string, unknown> {
  return { corp_id: ctx.sim.org.corpId, group_id: group.groupId, is_rest: 'Y', user_id: userid };
}

/** quirk oddFields: what Daka does not need, as strings or of another shape. */
function oddRow(row: Record<string, unknown>): Record<string, unknown> {
  return {
    ...row,
    class_id: String(row.class_id),
    group_id: String(row.group_id),
    id: String(row.id),
    features: { flexMinutes: [30, 30] },
    class_name: 42,
    gmt_create: 1_700_000_000_000,
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
    const quirks = sim.listByDayQuirks;
    const result =
      day.kind === 'rest'
        ? [
            quirks.bareRestRows
              ? bareRestRow(ctx, userid, day.group)
              : restRow(ctx, userid, date, day.group),
          ]
        : checks.map((e) => (quirks.oddFields ? oddRow(scheduleRow(ctx, e)) : scheduleRow(ctx, e)));
    if (quirks.unreadableRow && day.kind === 'work') {
      result.push({ check_status: 'Init', class_id: 'x', is_rest: 'N', user_id: userid });
    }
    return ok({ errcode: 0, result, success: true });
  },
};

const DAY_MS = 86_400_000;
export const LIST_BY_USERS_MAX_USERS = 50;
export const LIST_BY_USERS_MAX_DAYS = 7;
/** from/to must lie within 180 days of today (the doc; either side, UNCONFIRMED). */
export const LIST_BY_USERS_REACH_MS = 180 * DAY_MS;

/**
 * The rows of one person's work date, from the same day schedule listbyday
 * answers from, so the two never disagree. Like the sample, a day's rows share
 * one id and carry no status, window or class name. A rest day is one row with
 * is_rest "Y" and shift_id 0 and no check_type / plan_check_time (UNCONFIRMED:
 * the doc shows no rest row); an unscheduled date has no rows.
 */
function userDayRows(ctx: Ctx, userid: string, date: string): Record<string, unknown>[] {
  const { sim } = ctx;
  const tz = sim.timeZone;
  const day = sim.evaluate(userid, date).day;
  const id = sim.planIds.get(`${userid}|${date}|schedule`);
  const workDate = `${date} 00:00:00`;
  if (day.kind === 'unscheduled') return [];
  if (day.kind === 'rest') {
    return [
      { group_id: day.group.groupId, id, is_rest: 'Y', shift_id: 0, userid, work_date: workDate },
    ];
  }
  return day.checks.map((check) => ({
    check_type: check.checkType,
    group_id: check.groupId,
    id,
    is_rest: 'N',
    plan_check_time: formatDingTalk(check.planned, tz),
    shift_id: check.cls.classId,
    shift_version: sim.planIds.get(`shift-version|${check.cls.classId}`),
    userid,
    work_date: workDate,
    ...(check.leave ? { approve_id: check.leave.approveId } : {}),
  }));
}

export const listByUsers: Route = {
  method: 'POST',
  path: '/topapi/attendance/schedule/listbyusers',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    for (const field of ['op_user_id', 'userids', 'from_date_time', 'to_date_time']) {
      if (!isPresent(body[field])) return missingParam(field);
    }
    const userids = list(body.userids);
    if (!userids) return badParam('userids必须是逗号分隔的userid列表');
    if (userids.length > LIST_BY_USERS_MAX_USERS) {
      return badParam(`userids一次最多${LIST_BY_USERS_MAX_USERS}个`);
    }
    const from = num(body.from_date_time);
    const to = num(body.to_date_time);
    if (from === undefined || !Number.isInteger(from)) {
      return badParam('from_date_time必须是毫秒时间戳');
    }
    if (to === undefined || !Number.isInteger(to)) return badParam('to_date_time必须是毫秒时间戳');
    if (to < from) return badParam('from_date_time不能晚于to_date_time');
    if (to - from > LIST_BY_USERS_MAX_DAYS * DAY_MS) {
      return badParam(`from_date_time和to_date_time相隔不能超过${LIST_BY_USERS_MAX_DAYS}天`);
    }
    if (Math.abs(from - ctx.now) > LIST_BY_USERS_REACH_MS) {
      return badParam('from_date_time需在180天以内');
    }
    if (Math.abs(to - ctx.now) > LIST_BY_USERS_REACH_MS) {
      return badParam('to_date_time需在180天以内');
    }
    if (sim.opUserPolicy === 'adminOnly' && !findUser(sim.org, str(body.op_user_id) ?? '')?.admin) {
      return oapiError(OP_USER_NOT_ADMIN.errcode, OP_USER_NOT_ADMIN.errmsg);
    }
    // Unknown users and users outside the visible range are left out, as listRecord does.
    const wanted = [...new Set(userids)].filter(
      (u) => findUser(sim.org, u) && (!ctx.app || sim.visible(ctx.app, u)),
    );
    const first = sim.dateOf(from);
    const span = daysBetween(first, sim.dateOf(to));
    const result: Record<string, unknown>[] = [];
    for (const userid of wanted) {
      for (let i = 0; i <= span; i++) result.push(...userDayRows(ctx, userid, addDays(first, i)));
    }
    return ok({ errcode: 0, errmsg: 'ok', result, success: true });
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
  // The class setting as the TOP SDK names it (TopAtClassSettingVo): a class that sets its
  // own thresholds says them; one on DingTalk's defaults shows the doc's sample, `setting: {}`.
  const setting = {
    ...(cls.seriousLateMinutes !== undefined
      ? { serious_late_minutes: cls.seriousLateMinutes }
      : {}),
    ...(cls.absenteeismLateMinutes !== undefined
      ? { absenteeism_late_minutes: cls.absenteeismLateMinutes }
      : {}),
  };
  return { class_id: cls.classId, name: cls.name, sections, setting };
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
