/**
 * Wire rows → the domain shapes of types.ts. Date-time strings are read in the
 * organisation's zone; a string we cannot read is an unexpected reply, not a
 * guess.
 */
import { AppError } from '../../shared/errors';
import { parseDingTalk } from '../../shared/time';
import type {
  AttendanceRecord,
  AttendanceResult,
  ScheduleEntry,
  UserGroup,
  UserGroupTime,
  UserScheduleRow,
} from './types';
import {
  isRestRow,
  type WirePunchRecord,
  type WireResultRow,
  type WireScheduleRow,
  type WireUserGroup,
  type WireUserScheduleRow,
} from './wire';

/** DingTalk adds source types now and then; a row without one still counts. */
const UNKNOWN_SOURCE = 'UNKNOWN';

function orNull<T>(value: T | null | undefined): T | null {
  return value ?? null;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value && value.trim() !== '' ? value : null;
}

export function toAttendanceRecord(row: WirePunchRecord): AttendanceRecord {
  const invalidRecordType = nonEmpty(row.invalidRecordType);
  return {
    id: row.id,
    userId: row.userId,
    checkType: orNull(row.checkType),
    userCheckTime: row.userCheckTime,
    planCheckTime: row.planCheckTime ?? row.baseCheckTime ?? null,
    workDate: orNull(row.workDate),
    timeResult: orNull(row.timeResult),
    locationResult: orNull(row.locationResult),
    sourceType: nonEmpty(row.sourceType) ?? UNKNOWN_SOURCE,
    deviceId: nonEmpty(row.deviceId),
    deviceSN: nonEmpty(row.deviceSN),
    userAddress: nonEmpty(row.userAddress),
    // invalidRecordType (Security, Other) marks a punch DingTalk does not count.
    // isLegal "N" alone is not that: it also flags approved outside punches.
    valid: invalidRecordType === null,
    invalidRecordType,
    invalidRecordMsg: nonEmpty(row.invalidRecordMsg),
    isLegal: orNull(row.isLegal),
    groupId: orNull(row.groupId),
    planId: orNull(row.planId),
    approveId: orNull(row.approveId),
    procInstId: nonEmpty(row.procInstId),
  };
}

export function toAttendanceResult(row: WireResultRow): AttendanceResult {
  return {
    id: row.id,
    userId: row.userId,
    checkType: row.checkType,
    timeResult: row.timeResult,
    locationResult: orNull(row.locationResult),
    sourceType: nonEmpty(row.sourceType) ?? UNKNOWN_SOURCE,
    baseCheckTime: row.baseCheckTime,
    userCheckTime: orNull(row.userCheckTime),
    workDate: row.workDate,
    recordId: orNull(row.recordId),
    planId: orNull(row.planId),
    groupId: orNull(row.groupId),
    approveId: orNull(row.approveId),
    procInstId: nonEmpty(row.procInstId),
  };
}

function instant(value: string | number, timeZone: string, api: string, field: string): number {
  if (typeof value === 'number') return value;
  try {
    return parseDingTalk(value, timeZone);
  } catch {
    throw new AppError('unexpectedReply', `Unreadable ${field}: ${value}`, { api, field });
  }
}

function optionalInstant(
  value: string | number | null | undefined,
  timeZone: string,
  api: string,
  field: string,
): number | null {
  return value === null || value === undefined || value === ''
    ? null
    : instant(value, timeZone, api, field);
}

function parseFeatures(text: string | null | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * A listbyday row (one `readScheduleRows` kept: a rest row, or a working row
 * with a check type and a planned time). A rest row may lack everything else:
 * it stands at its work date's midnight. A working row without a status is
 * `Init` and marks the day partly known (the records then decide).
 */
export function toScheduleEntry(
  row: WireScheduleRow,
  timeZone: string,
  api: string,
): ScheduleEntry {
  const workDate = optionalInstant(row.work_date, timeZone, api, 'work_date');
  const planned = optionalInstant(row.check_date_time, timeZone, api, 'check_date_time');
  const at = planned ?? workDate ?? 0;
  // A rest row needs no status; a working row without one is only partly known.
  const partial =
    row.partial === true ||
    ((row.check_status === null || row.check_status === undefined) && !isRestRow(row));
  return {
    id: row.id ?? `${row.is_rest === 'Y' ? 'rest' : (row.check_type ?? 'row')}:${at}`,
    checkType: row.check_type ?? 'OnDuty',
    checkDateTime: at,
    realPlanTime: optionalInstant(row.real_plan_time, timeZone, api, 'real_plan_time'),
    checkBeginTime: optionalInstant(row.check_begin_time, timeZone, api, 'check_begin_time'),
    checkEndTime: optionalInstant(row.check_end_time, timeZone, api, 'check_end_time'),
    checkStatus: row.check_status ?? 'Init',
    isRest: isRestRow(row),
    className: nonEmpty(row.class_name),
    classId: orNull(row.class_id),
    groupId: orNull(row.group_id),
    workDate: workDate ?? at,
    ...(partial ? { partial: true as const } : {}),
    features: parseFeatures(row.features),
    approval:
      row.approve_id !== null && row.approve_id !== undefined
        ? {
            id: row.approve_id,
            bizType: orNull(row.approve_biz_type),
            tagName: nonEmpty(row.approve_tag_name),
          }
        : null,
  };
}

/** shift_id 0 is DingTalk's rest shift (dingtalk-api.md §5). */
const REST_SHIFT_ID = 0;

export function toUserScheduleRow(
  row: WireUserScheduleRow,
  timeZone: string,
  api: string,
): UserScheduleRow {
  const workDate = instant(row.work_date, timeZone, api, 'work_date');
  const checkType = orNull(row.check_type);
  return {
    userId: row.userid,
    workDate,
    checkType,
    planCheckTime: optionalInstant(row.plan_check_time, timeZone, api, 'plan_check_time'),
    isRest: row.is_rest === 'Y' || row.shift_id === REST_SHIFT_ID,
    shiftId: orNull(row.shift_id),
    groupId: orNull(row.group_id),
    // A row without an id still needs a stable one: user, date and check type name it.
    id: row.id ?? `${row.userid}:${workDate}:${checkType ?? 'rest'}`,
    approveId: orNull(row.approve_id),
  };
}

/** "1970-01-01 09:30:00" (getusergroup's form) or "09:30" → "09:30:00". */
function timeOfDay(text: string, api: string): string {
  const m = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  const [, hour, minute, second] = m ?? [];
  if (!hour || !minute) {
    throw new AppError('unexpectedReply', `Unreadable check_time: ${text}`, {
      api,
      field: 'check_time',
    });
  }
  return `${hour.padStart(2, '0')}:${minute}:${second ?? '00'}`;
}

export function toUserGroup(result: WireUserGroup, api: string): UserGroup {
  return {
    groupId: orNull(result.group_id),
    name: nonEmpty(result.name),
    type: result.type,
    classes: (result.classes ?? []).map((c) => ({
      classId: c.class_id,
      seriousLateMinutes: c.setting?.serious_late_minutes ?? null,
      name: nonEmpty(c.name) ?? '',
      sections: (c.sections ?? []).map((s) => ({
        times: (s.times ?? []).map((t): UserGroupTime => ({
          checkType: t.check_type,
          checkTime: timeOfDay(t.check_time, api),
          across: t.across ?? 0,
        })),
      })),
    })),
  };
}
