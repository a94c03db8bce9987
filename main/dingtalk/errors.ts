/**
 * DingTalk's failure signals (errcode, HTTP status, new-API code strings) turned
 * into AppErrors with stable codes. Pure functions: the transport decides what
 * reply it got, these decide what it means.
 */
import { isIP } from 'node:net';
import { AppError, type ErrorCode, type ErrorDetail } from '../../shared/errors';
import type { OapiEnvelope, V1Error } from './wire';

export interface FailureContext {
  /** e.g. "oapi:/attendance/list" */
  api: string;
  /** The reply is to an app-token fetch: 40001 then means a wrong secret, not a stale token. */
  tokenFetch: boolean;
  /** The request carried the app token, so a token rejection can be cured by refetching it. */
  appToken: boolean;
  /** The scope this API needs, used when DingTalk's message names none. */
  permission?: string;
  /** Values that must never appear in an error (secrets, tokens). */
  secrets: readonly string[];
}

export interface MappedFailure {
  error: AppError;
  /** DingTalk rejected the app token (expired, revoked): refetch it and try once more. */
  tokenRejected: boolean;
}

/** DingTalk asks us to wait 5 minutes after an IP flood ban. */
export const FLOOD_BAN_SECONDS = 300;

const TOKEN_REJECTED = new Set(['40014', '42001', '40001', '33001']);
const WRONG_CREDENTIALS = new Set(['40089', '40096']);
/** 40003 (invalid UserID) is the same fact as 60121 in DingTalk's global table. */
const USER_NOT_FOUND = new Set(['60121', '40104', '33012', '40003']);
const BAD_REQUEST = new Set(['40035', '400002', '43001', '43002', '43003', '43004']);

/** Our choice where DingTalk gives no number: 90018 documents "wait at least 1 s". */
function rateLimitWait(code: string): number {
  return code === '90018' ? 1 : 5;
}

function isRateLimitCode(code: string): boolean {
  const n = Number(code);
  // 90001-90019: the per-dimension throttles of DingTalk's global table (90020 is the quota).
  return Number.isInteger(n) && n >= 90001 && n <= 90019;
}

/** Removes secrets from a message DingTalk might echo them into. */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}

const URL_RE = /\bhttps?:\/\/\S+/gi;

/**
 * The permission scope DingTalk names in an error message, e.g.
 * "应用尚未开通所需的权限：[qyapi_get_member_by_mobile]" or a dotted scope such as
 * "Pro.AttendanceRecord.Write". URLs are ignored (their host names look dotted).
 */
export function parsePermission(message: string): string | undefined {
  const text = message.replace(URL_RE, ' ');
  const patterns = [
    /requiredScopes["']?\s*[:=]\s*\[\s*["']?([A-Za-z][\w.]*)/,
    /\[\s*["']?([A-Za-z][\w.]*)["']?\s*[\],]/,
    /\b(qyapi_\w+)/,
    /\b([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)+)\b/,
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** The first IPv4 or IPv6 address in a message (60020 names the caller's public IP). */
export function parseIp(message: string): string | undefined {
  // No URL stripping here: DingTalk's links hold no address-like text, and
  // "…app-faq,request ip=1.2.3.4" would lose the IP with the link.
  const candidates = message.match(/[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.]*/g) ?? [];
  for (const raw of candidates) {
    // "ip:1.2.3.4." — punctuation around the address is not part of it.
    for (const candidate of [raw, raw.replace(/^[.:]|[.:]$/g, '')]) {
      if (isIP(candidate)) return candidate;
    }
  }
  return undefined;
}

function failure(
  code: ErrorCode,
  message: string,
  detail: ErrorDetail,
  tokenRejected = false,
): MappedFailure {
  return { error: new AppError(code, message, detail), tokenRejected };
}

/** The real reason of an oapi reply: topapi wraps auth failures as errcode 88 + sub_code. */
export function effectiveOapiCode(envelope: OapiEnvelope): { code: string; message: string } {
  const errcode = envelope.errcode ?? '';
  const errmsg = envelope.errmsg ?? '';
  if (errcode === '88') {
    const sub = envelope.sub_code ?? /subcode=(-?\d+)/.exec(errmsg)?.[1];
    if (sub) return { code: sub, message: envelope.sub_msg ?? errmsg };
  }
  return { code: errcode, message: errmsg || envelope.sub_msg || '' };
}

/** Maps a non-zero errcode reply of a legacy (oapi) API. */
export function oapiFailure(envelope: OapiEnvelope, ctx: FailureContext): MappedFailure {
  const { code, message: raw } = effectiveOapiCode(envelope);
  const message = redact(raw, ctx.secrets);
  const detail: ErrorDetail = { dingtalkCode: code, dingtalkMessage: message, api: ctx.api };

  if (ctx.tokenFetch && (code === '40001' || code === '33001')) {
    return failure('wrongCredentials', 'DingTalk rejected the AppKey or AppSecret', detail);
  }
  if (TOKEN_REJECTED.has(code)) {
    // A rejected token is cured by refetching it; a second rejection means
    // the credentials themselves are at fault.
    return failure('wrongCredentials', 'DingTalk rejected the access token', detail, ctx.appToken);
  }
  if (WRONG_CREDENTIALS.has(code)) {
    return failure('wrongCredentials', 'DingTalk rejected the AppKey or AppSecret', detail);
  }
  if (code === '60011') {
    const permission = parsePermission(message) ?? ctx.permission;
    return failure('missingPermission', 'The app lacks a permission', { ...detail, permission });
  }
  if (code === '60020') {
    return failure('ipNotWhitelisted', "This machine's IP is not whitelisted", {
      ...detail,
      ip: parseIp(message),
    });
  }
  if (USER_NOT_FOUND.has(code)) return failure('userNotFound', 'User not found', detail);
  if (code === '50002') {
    return failure('userOutOfRange', "User outside the app's visible range", detail);
  }
  if (code === '90020') return failure('quotaExhausted', 'Monthly API quota used up', detail);
  if (isRateLimitCode(code)) {
    return failure('rateLimited', 'DingTalk throttled the call', {
      ...detail,
      retryAfter: rateLimitWait(code),
    });
  }
  if (code === '-1') return failure('dingtalkBusy', 'DingTalk is busy', detail);
  if (BAD_REQUEST.has(code)) return failure('badRequest', 'DingTalk refused the request', detail);
  return failure('badRequest', `DingTalk error ${code}`, detail);
}

/** Maps a failed new-API (api.dingtalk.com) reply: HTTP status plus a string code. */
export function v1Failure(
  status: number,
  body: V1Error | null,
  ctx: FailureContext,
  retryAfterHeader: string | null,
): MappedFailure {
  const code = body?.code ?? `HTTP ${status}`;
  const message = redact(body?.message ?? '', ctx.secrets);
  const detail: ErrorDetail = { dingtalkCode: code, dingtalkMessage: message, api: ctx.api };

  if (code === 'invalidClientIdOrSecret') {
    return failure('wrongCredentials', 'DingTalk rejected the AppKey or AppSecret', detail);
  }
  if (code === 'InvalidAuthentication' || code === 'accesstoken.expired') {
    return ctx.appToken
      ? failure('wrongCredentials', 'DingTalk rejected the access token', detail, true)
      : failure('badRequest', 'DingTalk rejected the user token', detail);
  }
  if (code === 'Forbidden.AccessDenied.IpNotInWhiteList') {
    return failure('ipNotWhitelisted', "This machine's IP is not whitelisted", {
      ...detail,
      ip: parseIp(message),
    });
  }
  if (code === 'Forbidden.AccessDenied.ApiCountLimitForOrg') {
    return failure('quotaExhausted', 'Monthly API quota used up', detail);
  }
  if (
    status === 429 ||
    /Q[pP][sSmM]Limit|qps\.exceed\.limit|request\.overlimit|query\.limit/.test(code)
  ) {
    return failure('rateLimited', 'DingTalk throttled the call', {
      ...detail,
      retryAfter: retryAfterSeconds(retryAfterHeader) ?? 1,
    });
  }
  if (
    code === 'Forbidden.AccessDenied.AccessTokenPermissionDenied' ||
    code === 'apiPermissionDenied'
  ) {
    const permission =
      body?.accessdenieddetail?.requiredScopes?.[0] ?? parsePermission(message) ?? ctx.permission;
    return failure('missingPermission', 'The app lacks a permission', { ...detail, permission });
  }
  if (status >= 500) return failure('dingtalkBusy', 'DingTalk is busy', detail);
  return failure('badRequest', 'DingTalk refused the request', detail);
}

/** Maps a non-zero errcode of the custom robot webhook. */
export function robotFailure(envelope: OapiEnvelope, ctx: FailureContext): MappedFailure {
  const code = envelope.errcode ?? '';
  const detail: ErrorDetail = {
    dingtalkCode: code,
    dingtalkMessage: redact(envelope.errmsg ?? '', ctx.secrets),
    api: ctx.api,
  };
  return code === '310000'
    ? failure('robotSignature', 'DingTalk rejected the robot signature', detail)
    : failure('robotRejected', 'DingTalk rejected the robot message', detail);
}

/** The HTTP Retry-After header in seconds (delta form only; dates are not worth parsing here). */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
