/**
 * Punches in and out: topapi/attendance/record/upload, attendance/listRecord
 * (every punch, invalid ones included) and attendance/list (one result per
 * scheduled check point, paged).
 */
import { addDays, isDateKey, parseDingTalk, startOfDate } from '../../../../shared/time';
import { punchResult } from '../evaluate';
import type { EvaluatedCheck } from '../evaluate';
import { findUser, groupOf } from '../org';
import { badParam, missingParam, oapiError, ok } from '../replies';
import type { SimRecord } from '../records';
import type { Ctx, Route } from '../route';
import { isPresent, list, num, str } from '../route';
import { daysBetween, locateCheck } from '../schedule';
import type { EvaluatedDay } from '../state';

const DAY_MS = 86_400_000;
export const MAX_USERS_PER_CALL = 50;
export const MAX_RANGE_DAYS = 7;
export const MAX_PAGE_SIZE = 50;
/** How far back an upload may reach (the doc: 180 days). */
export const UPLOAD_MAX_AGE_MS = 180 * DAY_MS;
/** How far ahead of the server's clock an upload may be (UNCONFIRMED; a small tolerance). */
export const UPLOAD_FUTURE_TOLERANCE_MS = 5 * 60_000;
/**
 * Below this a user_check_time is really seconds sent as milliseconds. DingTalk
 * accepts it (errcode 0) and the punch lands in January 1970: the documented
 * "succeeded but nothing shows". Reproduced on purpose.
 */
export const SECONDS_PITFALL_BELOW = 100_000_000_000;

/** Drops null and undefined fields: DingTalk leaves absent fields out. */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== null && v !== undefined),
  );
}

export const upload: Route = {
  method: 'POST',
  path: '/topapi/attendance/record/upload',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    for (const field of ['userid', 'device_name', 'device_id', 'user_check_time']) {
      if (!isPresent(body[field])) return missingParam(field);
    }
    const userid = str(body.userid) ?? '';
    const at = num(body.user_check_time);
    if (at === undefined || !Number.isInteger(at) || at <= 0) {
      return badParam('user_check_time必须是毫秒时间戳');
    }
    if (!findUser(sim.org, userid)) return oapiError(60121);
    if (ctx.app && !sim.visible(ctx.app, userid)) return oapiError(50002);
    if (at >= SECONDS_PITFALL_BELOW) {
      if (at < ctx.now - UPLOAD_MAX_AGE_MS) return badParam('user_check_time需为180天以内的时间');
      if (at > ctx.now + UPLOAD_FUTURE_TOLERANCE_MS) {
        return badParam('user_check_time不能晚于当前时间');
      }
    }
    const deviceId = str(body.device_id) ?? null;
    const deviceName = str(body.device_name) ?? null;
    const shape = sim.uploadRecordShape;
    sim.addRecord({
      userId: userid,
      // DingTalk keeps punch times to the second (every sample ends in 000).
      userCheckTime: Math.floor(at / 1000) * 1000,
      sourceType: 'ATM',
      deviceId: shape === 'deviceId' ? deviceId : null,
      deviceSN: shape === 'machine' ? deviceId : null,
      ...(shape === 'deviceId' ? {} : { userAddress: deviceName }),
      deviceName,
      locationMethod: 'ATM',
      photoUrl: str(body.photo_url) ?? null,
    });
    return ok({ errcode: 0, success: true });
  },
};

/** Memoises day evaluations within one request. */
function dayCache(ctx: Ctx): (userid: string, date: string) => EvaluatedDay {
  const cache = new Map<string, EvaluatedDay>();
  return (userid, date) => {
    const key = `${userid}|${date}`;
    let day = cache.get(key);
    if (!day) {
      day = ctx.sim.evaluate(userid, date);
      cache.set(key, day);
    }
    return day;
  };
}

function recordJson(
  ctx: Ctx,
  record: SimRecord,
  evaluate: (userid: string, date: string) => EvaluatedDay,
): Record<string, unknown> {
  const { sim } = ctx;
  const tz = sim.timeZone;
  const base = {
    id: record.id,
    userId: record.userId,
    userCheckTime: record.userCheckTime,
    sourceType: record.sourceType,
    corpId: sim.org.corpId,
    bizId: record.bizId,
    gmtCreate: record.gmtCreate,
    gmtModified: record.gmtCreate,
    deviceId: record.deviceId,
    deviceSN: record.deviceSN,
    locationMethod: record.locationMethod,
    userAddress: record.userAddress,
    outsideRemark: record.outsideRemark,
    photoUrl: record.photoUrl,
    approveId: record.approveId,
    procInstId: record.procInstId,
    isLegal: record.isLegal,
  };
  const ownDate = startOfDate(sim.dateOf(record.userCheckTime), tz);
  if (record.invalidRecordType !== null) {
    return compact({
      ...base,
      workDate: ownDate,
      invalidRecordType: record.invalidRecordType,
      invalidRecordMsg: record.invalidRecordMsg,
    });
  }
  const located = locateCheck(sim.org, record.userId, record.userCheckTime, (ms) => sim.dateOf(ms));
  const evaluated = located
    ? evaluate(record.userId, located.day.workDate).checks.find(
        (e) => e.check.index === located.check.index,
      )
    : undefined;
  if (!located || !evaluated) {
    // Matches no check point (free-schedule group, outside every window, 1970...).
    return compact({
      ...base,
      workDate: ownDate,
      locationResult: record.locationResult,
      groupId: groupOf(sim.org, record.userId)?.groupId,
    });
  }
  const { check } = located;
  const timeResult = punchResult(evaluated, record.userCheckTime);
  return compact({
    ...base,
    checkType: check.checkType,
    timeResult,
    locationResult: record.locationResult,
    baseCheckTime: check.planned,
    planCheckTime: evaluated.realPlan,
    workDate: startOfDate(check.workDate, tz),
    groupId: check.groupId,
    classId: check.cls.classId,
    planId: sim.planId(check),
    isLegal:
      record.isLegal ?? (timeResult === 'Normal' && record.locationResult === 'Normal' ? 'Y' : 'N'),
  });
}

function parseDateTime(text: string | undefined, tz: string): number | undefined {
  if (!text) return undefined;
  try {
    return parseDingTalk(text, tz);
  } catch {
    return undefined;
  }
}

export const listRecord: Route = {
  method: 'POST',
  path: '/attendance/listRecord',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    for (const field of ['userIds', 'checkDateFrom', 'checkDateTo']) {
      if (!isPresent(body[field])) return missingParam(field);
    }
    const userIds = list(body.userIds);
    if (!userIds) return badParam('userIds必须是userId列表');
    if (userIds.length > MAX_USERS_PER_CALL) {
      return badParam(`userIds一次最多${MAX_USERS_PER_CALL}个`);
    }
    const from = parseDateTime(str(body.checkDateFrom), sim.timeZone);
    const to = parseDateTime(str(body.checkDateTo), sim.timeZone);
    if (from === undefined) return badParam('checkDateFrom格式错误，应为yyyy-MM-dd HH:mm:ss');
    if (to === undefined) return badParam('checkDateTo格式错误，应为yyyy-MM-dd HH:mm:ss');
    if (to < from) return badParam('checkDateFrom不能晚于checkDateTo');
    if (to - from > MAX_RANGE_DAYS * DAY_MS) {
      return badParam(`checkDateFrom和checkDateTo相隔不能超过${MAX_RANGE_DAYS}天`);
    }
    const wanted = new Set(userIds.filter((u) => !ctx.app || sim.visible(ctx.app, u)));
    const evaluate = dayCache(ctx);
    const recordresult = sim.records
      .filter((r) => wanted.has(r.userId) && from <= r.userCheckTime && r.userCheckTime <= to)
      .sort((a, b) => a.userCheckTime - b.userCheckTime || a.id - b.id)
      .map((r) => recordJson(ctx, r, evaluate));
    return ok({ errcode: 0, errmsg: 'ok', recordresult });
  },
};

function resultJson(ctx: Ctx, e: EvaluatedCheck): Record<string, unknown> {
  const { sim } = ctx;
  const { check } = e;
  const shared = {
    id: sim.resultId(check),
    userId: check.userid,
    checkType: check.checkType,
    timeResult: e.timeResult,
    baseCheckTime: check.planned,
    workDate: startOfDate(check.workDate, sim.timeZone),
    groupId: check.groupId,
    planId: sim.planId(check),
  };
  if (check.leave) {
    return {
      ...shared,
      locationResult: 'Normal',
      sourceType: 'APPROVE',
      userCheckTime: check.planned,
      recordId: sim.recordIds.get(`leave|${check.userid}|${check.workDate}|${check.index}`),
      approveId: check.leave.approveId,
      procInstId: check.leave.procInstId,
    };
  }
  if (e.counted) {
    return compact({
      ...shared,
      locationResult: e.counted.locationResult,
      sourceType: e.counted.sourceType,
      userCheckTime: e.counted.userCheckTime,
      recordId: e.counted.id,
      approveId: e.counted.approveId,
      procInstId: e.counted.procInstId,
    });
  }
  // DingTalk's own NotSigned row once the window closed (UNCONFIRMED: source SYSTEM).
  return {
    ...shared,
    locationResult: 'NotSigned',
    sourceType: 'SYSTEM',
    userCheckTime: check.planned,
  };
}

/** "yyyy-MM-dd[ HH:mm:ss]" → its date; the time part is ignored by attendance/list. */
function workDateOf(text: string | undefined): string | undefined {
  const date = text?.trim().slice(0, 10);
  return date && isDateKey(date) ? date : undefined;
}

export const listResults: Route = {
  method: 'POST',
  path: '/attendance/list',
  family: 'oapi',
  appToken: true,
  handle(ctx) {
    const { body, sim } = ctx;
    for (const field of ['workDateFrom', 'workDateTo', 'userIdList', 'offset', 'limit']) {
      if (!isPresent(body[field])) return missingParam(field);
    }
    const userIds = list(body.userIdList);
    if (!userIds) return badParam('userIdList必须是userId列表');
    if (userIds.length > MAX_USERS_PER_CALL) {
      return badParam(`userIdList一次最多${MAX_USERS_PER_CALL}个`);
    }
    const offset = num(body.offset);
    const limit = num(body.limit);
    if (offset === undefined || offset < 0 || !Number.isInteger(offset)) {
      return badParam('offset必须是非负整数');
    }
    if (limit === undefined || limit < 1 || !Number.isInteger(limit)) {
      return badParam('limit必须是正整数');
    }
    if (limit > MAX_PAGE_SIZE) return badParam(`limit最大值为${MAX_PAGE_SIZE}`);
    const from = workDateOf(str(body.workDateFrom));
    const to = workDateOf(str(body.workDateTo));
    if (!from) return badParam('workDateFrom格式错误，应为yyyy-MM-dd HH:mm:ss');
    if (!to) return badParam('workDateTo格式错误，应为yyyy-MM-dd HH:mm:ss');
    const span = daysBetween(from, to);
    if (span < 0) return badParam('workDateFrom不能晚于workDateTo');
    if (span > MAX_RANGE_DAYS) {
      return badParam(`workDateFrom和workDateTo相隔不能超过${MAX_RANGE_DAYS}天`);
    }
    const rows: Record<string, unknown>[] = [];
    for (const userid of userIds) {
      if (!findUser(sim.org, userid) || (ctx.app && !sim.visible(ctx.app, userid))) continue;
      for (let i = 0; i <= span; i++) {
        for (const e of sim.evaluate(userid, addDays(from, i)).checks) {
          if (e.timeResult !== null) rows.push(resultJson(ctx, e));
        }
      }
    }
    return ok({
      errcode: 0,
      errmsg: 'ok',
      recordresult: rows.slice(offset, offset + limit),
      hasMore: offset + limit < rows.length,
    });
  },
};
