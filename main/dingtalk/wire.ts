/**
 * Zod schemas of every DingTalk reply Daka reads. Lenient where DingTalk is
 * inconsistent in practice (dingtalk-api.md §1): errcode may be a number or a
 * string, numeric fields may arrive as numbers or numeric strings, absent
 * fields may be missing or null. Unknown fields are ignored.
 */
import { z } from 'zod';

/** A number, or a string holding one ("7200"). */
export const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** An identifier DingTalk sends as a number or a string; always a string to us. */
export const id = z.union([z.string().min(1), z.number().transform(String)]);

/** errcode / sub_code as a trimmed string ("0", "-1", "60011"). */
export const code = z.union([z.number().transform(String), z.string().trim()]);

const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const checkType = z.enum(['OnDuty', 'OffDuty']);
export const timeResult = z.enum([
  'Normal',
  'Early',
  'Late',
  'SeriousLate',
  'Absenteeism',
  'NotSigned',
]);
const yesNo = z.enum(['Y', 'N']);

/** The fields every legacy (oapi) reply may carry besides its payload. */
export const oapiEnvelope = z.looseObject({
  errcode: code.nullish(),
  errmsg: z.string().nullish(),
  sub_code: code.nullish(),
  sub_msg: z.string().nullish(),
});
export type OapiEnvelope = z.infer<typeof oapiEnvelope>;

/** The error body of the new (api.dingtalk.com) APIs. */
export const v1Error = z.looseObject({
  code: z.string().nullish(),
  message: z.string().nullish(),
  accessdenieddetail: z.looseObject({ requiredScopes: z.array(z.string()).nullish() }).nullish(),
});
export type V1Error = z.infer<typeof v1Error>;

/** The IP flood-ban body (sent instead of an errcode reply). */
export const floodBan = z.looseObject({
  status: z.union([z.literal(1111), z.literal('1111')]),
  wait: num.nullish(),
});

export const gettokenReply = z.object({
  access_token: z.string().min(1),
  expires_in: num,
});

export const v1AccessTokenReply = z.object({
  accessToken: z.string().min(1),
  expireIn: num,
});

export const userAccessTokenReply = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string(),
  expireIn: num,
  corpId: z.string().nullish(),
});

export const meReply = z.object({
  nick: z.string().nullish(),
  unionId: z.string().min(1),
  openId: z.string().nullish(),
  mobile: z.string().nullish(),
});

/** One row of attendance/listRecord (打卡详情): every punch, invalid ones too. */
export const punchRecord = z.object({
  id: id,
  userId: z.string(),
  checkType: checkType.nullish(),
  timeResult: timeResult.nullish(),
  locationResult: z.string().nullish(),
  sourceType: z.string().nullish(),
  baseCheckTime: num.nullish(),
  planCheckTime: num.nullish(),
  userCheckTime: num,
  workDate: num.nullish(),
  deviceId: z.string().nullish(),
  deviceSN: z.string().nullish(),
  userAddress: z.string().nullish(),
  groupId: num.nullish(),
  planId: num.nullish(),
  approveId: num.nullish(),
  procInstId: z.string().nullish(),
  isLegal: yesNo.nullish(),
  invalidRecordType: z.string().nullish(),
  invalidRecordMsg: z.string().nullish(),
});
export type WirePunchRecord = z.infer<typeof punchRecord>;

export const listRecordReply = z.object({
  recordresult: z.array(punchRecord).nullish(),
});

/** One row of attendance/list (打卡结果): one per scheduled check point. */
export const resultRow = z.object({
  id: id,
  userId: z.string(),
  checkType: checkType,
  timeResult: timeResult,
  locationResult: z.string().nullish(),
  sourceType: z.string().nullish(),
  baseCheckTime: num,
  userCheckTime: num.nullish(),
  workDate: num,
  recordId: id.nullish(),
  planId: num.nullish(),
  groupId: num.nullish(),
  approveId: num.nullish(),
  procInstId: z.string().nullish(),
});
export type WireResultRow = z.infer<typeof resultRow>;

export const listResultReply = z.object({
  recordresult: z.array(resultRow).nullish(),
  hasMore: bool.nullish(),
});

/** errcode 0 with success:false is not a documented success: treat it as unexplained. */
export const uploadReply = z
  .object({
    success: bool.nullish(),
    request_id: z.string().nullish(),
  })
  .refine((r) => r.success !== false, { message: 'success is false', path: ['success'] });

/** "yyyy-MM-dd HH:mm:ss" in the org zone, or (seen in some replies) epoch ms. */
const dateTime = z.union([z.string().min(1), z.number()]);

export const scheduleRow = z.object({
  id: id,
  check_type: checkType,
  check_date_time: dateTime,
  real_plan_time: dateTime.nullish(),
  check_begin_time: dateTime.nullish(),
  check_end_time: dateTime.nullish(),
  check_status: z.enum(['Init', 'Checked', 'Timeout']),
  is_rest: yesNo.nullish(),
  class_name: z.string().nullish(),
  class_id: num.nullish(),
  group_id: num.nullish(),
  work_date: dateTime,
  features: z.string().nullish(),
  approve_id: num.nullish(),
  approve_biz_type: num.nullish(),
  approve_tag_name: z.string().nullish(),
});
export type WireScheduleRow = z.infer<typeof scheduleRow>;

export const listByDayReply = z.object({
  result: z.array(scheduleRow).nullish(),
});

/**
 * One row of schedule/listbyusers: a check point of one user's work date (a
 * rest day has is_rest "Y" / shift_id 0 and may lack check_type and the
 * time). Times are "yyyy-MM-dd HH:mm:ss" in the org zone (the sample) or ms.
 */
/** As dateTime, and epoch ms sent as a digit string ("1610586000000"). */
const dateTimeOrMsText = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^\d{11,}$/)
    .transform(Number),
  z.string().min(1),
]);

export const userScheduleRow = z.object({
  userid: z.string().min(1),
  work_date: dateTimeOrMsText,
  check_type: checkType.nullish(),
  plan_check_time: dateTimeOrMsText.nullish(),
  is_rest: yesNo.nullish(),
  shift_id: num.nullish(),
  group_id: num.nullish(),
  id: id.nullish(),
  approve_id: num.nullish(),
});
export type WireUserScheduleRow = z.infer<typeof userScheduleRow>;

export const listByUsersReply = z.object({
  result: z.array(userScheduleRow).nullish(),
});

const groupTime = z.object({
  across: num.nullish(),
  check_time: z.string(),
  check_type: checkType,
});

export const userGroupReply = z.object({
  result: z.object({
    group_id: num.nullish(),
    name: z.string().nullish(),
    type: z.string().min(1),
    classes: z
      .array(
        z.object({
          class_id: num,
          name: z.string().nullish(),
          sections: z.array(z.object({ times: z.array(groupTime).nullish() })).nullish(),
        }),
      )
      .nullish(),
  }),
});
export type WireUserGroup = z.infer<typeof userGroupReply>['result'];

export const getByMobileReply = z.object({
  result: z.object({ userid: z.string().min(1) }),
});

export const getByUnionIdReply = z.object({
  result: z.object({
    userid: z.string().min(1),
    /** 0 = employee, 1 = external contact (not in the organisation). */
    contact_type: code.nullish(),
  }),
});

export const robotReply = z.object({});
