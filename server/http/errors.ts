/**
 * AppError codes → HTTP statuses, and every other thrown thing (Fastify's own
 * errors, validation failures, bugs) → an AppError, so that every non-2xx
 * reply is `{ error: AppErrorPayload }` with a code the desktop translates.
 */
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type AppErrorPayload, type ErrorCode } from '../../shared/errors';

/**
 * Total over ErrorCode (a new code fails to compile until it is placed here).
 * DingTalk-side failures are 502 when DingTalk (or the app's set-up there) is
 * at fault, 503 when it is temporary and worth retrying later.
 */
const STATUS: Record<ErrorCode, number> = {
  wrongCredentials: 502,
  missingPermission: 502,
  ipNotWhitelisted: 502,
  userNotFound: 502,
  userOutOfRange: 502,
  rateLimited: 429,
  quotaExhausted: 503,
  dingtalkBusy: 503,
  ipBanned: 503,
  badRequest: 400,
  robotSignature: 502,
  robotRejected: 502,
  networkDown: 503,
  timeout: 503,
  unexpectedReply: 502,
  outcomeUnknown: 502,
  loginTimeout: 400,
  loginStateMismatch: 400,
  loginDenied: 400,
  notConfigured: 503,
  notSignedIn: 401,
  punchingDisabled: 422,
  restDay: 422,
  nothingDue: 422,
  notOpenYet: 422,
  budgetExceeded: 503,
  refreshTooSoon: 429,
  provisioningInvalid: 400,
  outboxEntryNotFound: 404,
  secretStorageUnavailable: 500,
  invalidInput: 400,
  sessionRevoked: 401,
  proofInvalid: 401,
  forbidden: 403,
  punchTooOld: 422,
  punchInFuture: 422,
  serverIncompatible: 500,
  serverUnavailable: 503,
  serverUnreachable: 502,
  punchAccepted: 500,
  internal: 500,
};

export function statusFor(code: ErrorCode): number {
  return STATUS[code];
}

interface FastifyishError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: unknown;
}

/** Fastify's own 4xx errors (body parsing, content type...) by their FST_ code. */
const FASTIFY_CODES: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Bad Content-Length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'The JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'The body is not valid JSON' },
  FST_ERR_BAD_URL: { status: 400, message: 'Bad URL' },
};

export interface MappedError {
  status: number;
  payload: AppErrorPayload;
  /** Seconds, for a Retry-After header. */
  retryAfter: number | null;
  /** True when this is a bug or an unknown failure (logged at error level). */
  unexpected: boolean;
}

/** Any thrown value as the reply to send. Unknown errors say `internal` and nothing more. */
export function mapError(error: unknown): MappedError {
  if (error instanceof AppError) {
    const payload = error.toPayload();
    const retryAfter = error.detail.retryAfter ?? (error.code === 'rateLimited' ? 1 : null);
    return { status: statusFor(error.code), payload, retryAfter, unexpected: false };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyishError;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const context = error.validationContext ?? 'request';
    const where = context === 'querystring' ? 'query' : context;
    const path = first?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
    // A strict schema names the extra key (e.g. a userId nobody may send) in `keys`.
    const keys = (first?.params as { keys?: unknown } | undefined)?.keys;
    const extra = Array.isArray(keys) && typeof keys[0] === 'string' ? keys[0] : '';
    const field = [where, path, extra].filter(Boolean).join('.');
    return invalid(400, `Invalid ${field}: ${first?.message ?? 'not valid'}`, { field });
  }
  if (Array.isArray(e.validation)) return invalid(400, 'The request is not valid', {});
  const known = typeof e.code === 'string' ? FASTIFY_CODES[e.code] : undefined;
  if (known) return invalid(known.status, known.message, {});
  // JSON.parse failures surface as a 400 SyntaxError from the content-type parser.
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    return invalid(status, typeof e.message === 'string' ? e.message : 'Bad request', {});
  }
  return {
    status: 500,
    payload: { code: 'internal', message: 'Internal server error' },
    retryAfter: null,
    unexpected: true,
  };
}

function invalid(status: number, message: string, detail: { field?: string }): MappedError {
  return {
    status,
    payload: detail.field
      ? { code: 'invalidInput', message, detail }
      : { code: 'invalidInput', message },
    retryAfter: null,
    unexpected: false,
  };
}
