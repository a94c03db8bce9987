/**
 * Which scope each simulated API needs, and which calls count against the
 * monthly quota. Scope names are the ones the DingTalk doc pages list under
 * 权限要求 (checked against a mirror of open.dingtalk.com, 2026-05).
 */

export const API_PERMISSIONS = {
  '/topapi/attendance/record/upload': 'Pro.AttendanceRecord.Write',
  '/attendance/listRecord': 'qyapi_get_attendance_data',
  '/attendance/list': 'qyapi_get_attendance_data',
  '/topapi/attendance/schedule/listbyday': 'qyapi_attendance_group_read',
  '/topapi/attendance/schedule/listbyusers': 'qyapi_attendance_group_read',
  // The doc page asks only for the basic scope every app starts with.
  '/topapi/attendance/getusergroup': 'qyapi_base',
  '/topapi/v2/user/getbymobile': 'qyapi_get_member_by_mobile',
  '/topapi/user/getbyunionid': 'qyapi_get_member',
  '/v1.0/contact/users/me': 'Contact.User.Read',
} as const satisfies Record<string, string>;

export const ALL_PERMISSIONS: string[] = [...new Set(Object.values(API_PERMISSIONS))];

export function permissionFor(path: string): string | undefined {
  return (API_PERMISSIONS as Record<string, string>)[path];
}

/**
 * dingtalk-api.md §9: token, login and contact calls are exempt; attendance
 * calls count. The robot webhook is not an app API and is not counted either.
 */
export const QUOTA_COUNTED_PATHS: readonly string[] = [
  '/topapi/attendance/record/upload',
  '/attendance/listRecord',
  '/attendance/list',
  '/topapi/attendance/schedule/listbyday',
  '/topapi/attendance/schedule/listbyusers',
  '/topapi/attendance/getusergroup',
];

export const DEFAULT_MONTHLY_QUOTA = 5000;
export const DEFAULT_QPS_PER_APP_API = 20;
export const ROBOT_MESSAGES_PER_MINUTE = 20;
