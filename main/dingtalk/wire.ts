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

/**
 * A field Daka can do without: absent, null, or of a shape we do not expect (a
 * string for a number, an object for a string) all read as absent, never as a
 * failure of the whole reply.
 */
function spare<T extends z.ZodType>(schema: T) {
  return schema.nullish().catch(null);
}

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

/**
 * One row of attendance/listRecord (打卡详情): every punch, invalid ones too.
 * Only id, userId, userCheckTime and invalidRecordType decide anything; the
 * other fields may be missing or oddly typed (spare).
 */
export const punchRecord = z.object({
  id: id,
  userId: z.string(),
  checkType: spare(checkType),
  timeResult: spare(timeResult),
  locationResult: spare(z.string()),
  sourceType: spare(z.string()),
  baseCheckTime: spare(num),
  planCheckTime: spare(num),
  userCheckTime: num,
  workDate: spare(num),
  deviceId: spare(id),
  deviceSN: spare(id),
  userAddress: spare(z.string()),
  groupId: spare(num),
  planId: spare(num),
  approveId: spare(num),
  procInstId: spare(z.string()),
  isLegal: spare(yesNo),
  invalidRecordType: z.string().nullish(),
  invalidRecordMsg: spare(z.string()),
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
  .refine((r) => r.success !== false, { error: 'success is false', path: ['success'] });

/** A listbyday time: epoch ms (a number or its digits) or "yyyy-MM-dd HH:mm[:ss]"; else absent. */
const scheduleTime = spare(
  z.union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{11,}$/)
      .transform(Number),
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/),
  ]),
);

/**
 * One row of schedule/listbyday. Every field may be missing here: what a row
 * needs to be used (a check type and a planned time, unless it is a rest row)
 * is decided in `readScheduleRows`. A rest row's shape is not documented
 * (dingtalk-api.md §10): it may lack check_type, the times and the status.
 */
export const scheduleRow = z.object({
  id: spare(id),
  check_type: spare(checkType),
  check_date_time: scheduleTime,
  real_plan_time: scheduleTime,
  check_begin_time: scheduleTime,
  check_end_time: scheduleTime,
  check_status: spare(z.enum(['Init', 'Checked', 'Timeout'])),
  is_rest: spare(yesNo),
  class_name: spare(z.string()),
  class_id: spare(num),
  group_id: spare(num),
  work_date: scheduleTime,
  features: spare(z.string()),
  approve_id: spare(num),
  approve_biz_type: spare(num),
  approve_tag_name: spare(z.string()),
});
export type WireScheduleRow = z.infer<typeof scheduleRow> & {
  /** Ours, not DingTalk's: another row of the same reply could not be used. */
  partial?: true;
};

function isPresent<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** A rest row: is_rest "Y", or class 0 (the rest shift, as listbyusers' shift_id 0). */
export function isRestRow(row: WireScheduleRow): boolean {
  return row.is_rest === 'Y' || row.class_id === 0;
}

/**
 * The rows Daka can use: rest rows whatever they lack, working rows with a check
 * type and a planned time. The others are skipped, and every kept row is marked
 * `partial`, so that the day says it is only partly known instead of failing.
 */
export function readScheduleRows(rows: readonly unknown[]): WireScheduleRow[] {
  const usable: WireScheduleRow[] = [];
  for (const raw of rows) {
    const parsed = scheduleRow.safeParse(raw);
    if (!parsed.success) continue;
    const row = parsed.data;
    const working = isPresent(row.check_type) && isPresent(row.check_date_time);
    if (isRestRow(row) || working) usable.push(row);
  }
  return usable.length < rows.length ? usable.map((r) => ({ ...r, partial: true })) : usable;
}

export const listByDayReply = z.object({
  result: z
    .array(z.unknown())
    .nullish()
    .transform((rows) => (rows ? readScheduleRows(rows) : rows)),
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
          // UNCONFIRMED beyond the TOP SDK's class setting (TopAtClassSettingVo): the doc's
          // sample has `setting: {}`; read when present, never required.
          setting: spare(z.object({ serious_late_minutes: spare(num) })),
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
