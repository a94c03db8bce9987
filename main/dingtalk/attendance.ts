/**
 * The attendance APIs: punch records, punch results, the day's schedule, the
 * attendance group, and the one real way to create a punch (record/upload).
 * Every date DingTalk sees is written in the organisation's time zone.
 */
import { AppError } from '../../shared/errors';
import { dateKey, formatDingTalk, isDateKey, startOfDate } from '../../shared/time';
import { ENDPOINTS, apiName } from './endpoints';
import type { Caller } from './http';
import {
  toAttendanceRecord,
  toAttendanceResult,
  toScheduleEntry,
  toUserGroup,
  toUserScheduleRow,
} from './mapping';
import {
  MAX_DAYS_APART,
  MAX_USERS_PER_CALL,
  chunk,
  splitDateRange,
  splitDateTimeRange,
} from './ranges';
import { endpointRequest } from './requests';
import type {
  AttendanceRecord,
  AttendanceResult,
  DingTalkConfig,
  ScheduleEntry,
  UploadPunch,
  UploadReceipt,
  UserGroup,
  UserScheduleRow,
} from './types';
import {
  listByDayReply,
  listByUsersReply,
  listRecordReply,
  listResultReply,
  uploadReply,
  userGroupReply,
} from './wire';

/** attendance/list pages hold at most 50 rows. */
const PAGE_SIZE = 50;
/** Below this a "millisecond" timestamp is really seconds: DingTalk accepts it and shows nothing. */
const MIN_EPOCH_MS = 1e11;

function invalid(field: string, message: string): AppError {
  return new AppError('invalidInput', message, { field });
}

function checkDate(field: string, date: string): void {
  if (!isDateKey(date)) throw invalid(field, `${field} must be YYYY-MM-DD`);
}

/** attendance/listRecord over any range and any number of users: ≤50 users and ≤7 days per call. */
export async function listRecords(
  caller: Caller,
  config: DingTalkConfig,
  userIds: string[],
  fromMs: number,
  toMs: number,
): Promise<AttendanceRecord[]> {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw invalid('fromMs', 'The time range is empty or invalid');
  }
  const spans = splitDateTimeRange(fromMs, toMs, config.timeZone);
  const byId = new Map<string, AttendanceRecord>();
  for (const users of chunk(userIds, MAX_USERS_PER_CALL)) {
    for (const span of spans) {
      const reply = await caller.read({
        appToken: true,
        build: (token) =>
          endpointRequest(config, ENDPOINTS.listRecord, {
            schema: listRecordReply,
            body: { userIds: users, checkDateFrom: span.from, checkDateTo: span.to, isI18n: false },
            appToken: token,
          }),
      });
      // Neighbouring spans share a boundary second: the same punch may come twice.
      for (const row of reply.recordresult ?? []) byId.set(row.id, toAttendanceRecord(row));
    }
  }
  return [...byId.values()].sort((a, b) => a.userCheckTime - b.userCheckTime);
}

/** attendance/list for the work dates from..to (inclusive): every page, ≤7 days and ≤50 users per call. */
export async function listResults(
  caller: Caller,
  config: DingTalkConfig,
  userIds: string[],
  fromWorkDate: string,
  toWorkDate: string,
): Promise<AttendanceResult[]> {
  checkDate('fromWorkDate', fromWorkDate);
  checkDate('toWorkDate', toWorkDate);
  if (fromWorkDate > toWorkDate) throw invalid('fromWorkDate', 'fromWorkDate is after toWorkDate');
  const workDate = (date: string) =>
    formatDingTalk(startOfDate(date, config.timeZone), config.timeZone);
  const out: AttendanceResult[] = [];
  for (const users of chunk(userIds, MAX_USERS_PER_CALL)) {
    for (const span of splitDateRange(fromWorkDate, toWorkDate)) {
      for (let offset = 0; ; offset += PAGE_SIZE) {
        const reply = await caller.read({
          appToken: true,
          build: (token) =>
            endpointRequest(config, ENDPOINTS.listResult, {
              schema: listResultReply,
              body: {
                workDateFrom: workDate(span.from),
                workDateTo: workDate(span.to),
                userIdList: users,
                offset,
                limit: PAGE_SIZE,
                isI18n: false,
              },
              appToken: token,
            }),
        });
        const rows = reply.recordresult ?? [];
        out.push(...rows.map(toAttendanceResult));
        if (!reply.hasMore) break;
        if (rows.length === 0) {
          // hasMore with an empty page would page forever.
          throw new AppError('unexpectedReply', 'attendance/list says hasMore but sent no rows', {
            api: apiName(ENDPOINTS.listResult),
          });
        }
      }
    }
  }
  return out;
}

/**
 * topapi/attendance/record/upload. Never retried blindly: if the request may
 * have reached DingTalk and no clean answer came back, AppError('outcomeUnknown').
 */
export async function uploadPunch(
  caller: Caller,
  config: DingTalkConfig,
  punch: UploadPunch,
): Promise<UploadReceipt> {
  if (!punch.userId) throw invalid('userId', 'userId is required');
  if (!punch.deviceId || !punch.deviceName)
    throw invalid('deviceId', 'deviceId and deviceName are required');
  if (!Number.isInteger(punch.userCheckTime) || punch.userCheckTime < MIN_EPOCH_MS) {
    throw invalid('userCheckTime', 'userCheckTime must be epoch milliseconds');
  }
  const reply = await caller.writeOnce({
    appToken: true,
    build: (token) =>
      endpointRequest(config, ENDPOINTS.upload, {
        schema: uploadReply,
        body: {
          userid: punch.userId,
          device_name: punch.deviceName,
          device_id: punch.deviceId,
          user_check_time: punch.userCheckTime,
        },
        appToken: token,
      }),
  });
  return { requestId: reply.request_id ?? null };
}

/** topapi/attendance/schedule/listbyday for one work date ("YYYY-MM-DD" in the org zone). */
export async function scheduleByDay(
  caller: Caller,
  config: DingTalkConfig,
  userId: string,
  date: string,
  opUserId: string = userId,
): Promise<ScheduleEntry[]> {
  checkDate('date', date);
  const api = apiName(ENDPOINTS.listByDay);
  const reply = await caller.read({
    appToken: true,
    build: (token) =>
      endpointRequest(config, ENDPOINTS.listByDay, {
        schema: listByDayReply,
        body: {
          op_user_id: opUserId,
          user_id: userId,
          date_time: startOfDate(date, config.timeZone),
        },
        appToken: token,
      }),
  });
  return (reply.result ?? []).map((row) => toScheduleEntry(row, config.timeZone, api));
}

/**
 * topapi/attendance/schedule/listbyusers for the work dates from the date of
 * `fromMs` to the date of `toMs` (org zone), any number of users: ≤50 users and
 * ≤7 dates per call. Each call names its first and last date's midnights
 * (6 days apart, inside the documented 7).
 */
export async function schedulesByUsers(
  caller: Caller,
  config: DingTalkConfig,
  userIds: string[],
  fromMs: number,
  toMs: number,
  opUserId: string,
): Promise<UserScheduleRow[]> {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw invalid('fromMs', 'The time range is empty or invalid');
  }
  if (!opUserId) throw invalid('opUserId', 'opUserId is required');
  const tz = config.timeZone;
  const api = apiName(ENDPOINTS.listByUsers);
  const spans = splitDateRange(dateKey(fromMs, tz), dateKey(toMs, tz), MAX_DAYS_APART - 1);
  const out: UserScheduleRow[] = [];
  for (const users of chunk([...new Set(userIds)], MAX_USERS_PER_CALL)) {
    for (const span of spans) {
      const reply = await caller.read({
        appToken: true,
        build: (token) =>
          endpointRequest(config, ENDPOINTS.listByUsers, {
            schema: listByUsersReply,
            body: {
              op_user_id: opUserId,
              userids: users.join(','),
              from_date_time: startOfDate(span.from, tz),
              to_date_time: startOfDate(span.to, tz),
            },
            appToken: token,
          }),
      });
      out.push(...(reply.result ?? []).map((row) => toUserScheduleRow(row, tz, api)));
    }
  }
  return out;
}

/** topapi/attendance/getusergroup: the employee's attendance group and its class times. */
export async function getUserGroup(
  caller: Caller,
  config: DingTalkConfig,
  userId: string,
): Promise<UserGroup> {
  const reply = await caller.read({
    appToken: true,
    build: (token) =>
      endpointRequest(config, ENDPOINTS.getUserGroup, {
        schema: userGroupReply,
        body: { userid: userId },
        appToken: token,
      }),
  });
  return toUserGroup(reply.result, apiName(ENDPOINTS.getUserGroup));
}
