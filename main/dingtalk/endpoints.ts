/**
 * Every DingTalk endpoint the client calls, in one table: where it lives, how
 * it is called, whether it counts against the organisation's monthly quota
 * (dingtalk-api.md §9) and which permission scope it needs (for 60011 replies
 * that do not name one).
 */

export type Host = 'oapi' | 'api';

export interface Endpoint {
  host: Host;
  path: string;
  method: 'GET' | 'POST';
  quotaCounted: boolean;
  /** True for the app-token fetches (the quota meter counts them separately). */
  token: boolean;
  /**
   * Scope named in missingPermission errors when DingTalk's message names
   * none. From the 权限要求 section of each doc page (as the simulator's
   * permission table); Contact.User.Read and qyapi_get_member_by_mobile also
   * appear verbatim in real DingTalk error replies.
   */
  permission?: string;
}

export const ENDPOINTS = {
  gettoken: { host: 'oapi', path: '/gettoken', method: 'GET', quotaCounted: false, token: true },
  v1AccessToken: {
    host: 'api',
    path: '/v1.0/oauth2/accessToken',
    method: 'POST',
    quotaCounted: false,
    token: true,
  },
  listRecord: {
    host: 'oapi',
    path: '/attendance/listRecord',
    method: 'POST',
    quotaCounted: true,
    token: false,
    permission: 'qyapi_get_attendance_data',
  },
  listResult: {
    host: 'oapi',
    path: '/attendance/list',
    method: 'POST',
    quotaCounted: true,
    token: false,
    permission: 'qyapi_get_attendance_data',
  },
  upload: {
    host: 'oapi',
    path: '/topapi/attendance/record/upload',
    method: 'POST',
    quotaCounted: true,
    token: false,
    permission: 'Pro.AttendanceRecord.Write',
  },
  listByDay: {
    host: 'oapi',
    path: '/topapi/attendance/schedule/listbyday',
    method: 'POST',
    quotaCounted: true,
    token: false,
    permission: 'qyapi_attendance_group_read',
  },
  listByUsers: {
    host: 'oapi',
    path: '/topapi/attendance/schedule/listbyusers',
    method: 'POST',
    quotaCounted: true,
    token: false,
    // Same scope as listbyday (both read 考勤组/排班).
    permission: 'qyapi_attendance_group_read',
  },
  getUserGroup: {
    host: 'oapi',
    path: '/topapi/attendance/getusergroup',
    method: 'POST',
    quotaCounted: true,
    token: false,
    permission: 'qyapi_base',
  },
  getByMobile: {
    host: 'oapi',
    path: '/topapi/v2/user/getbymobile',
    method: 'POST',
    quotaCounted: false,
    token: false,
    permission: 'qyapi_get_member_by_mobile',
  },
  getByUnionId: {
    host: 'oapi',
    path: '/topapi/user/getbyunionid',
    method: 'POST',
    quotaCounted: false,
    token: false,
    permission: 'qyapi_get_member',
  },
  userAccessToken: {
    host: 'api',
    path: '/v1.0/oauth2/userAccessToken',
    method: 'POST',
    quotaCounted: false,
    token: false,
  },
  me: {
    host: 'api',
    path: '/v1.0/contact/users/me',
    method: 'GET',
    quotaCounted: false,
    token: false,
    permission: 'Contact.User.Read',
  },
} as const satisfies Record<string, Endpoint>;

/** The name reported in CallEvents and error details, e.g. "oapi:/attendance/list". */
export function apiName(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.path}`;
}

/** The custom robot webhook is not an app API: its own name, never quota-counted. */
export const ROBOT_API = 'robot';
