/**
 * Stable error codes: every failure the user can see has one, and the renderer
 * translates it (zh-CN and en). Codes never change meaning once shipped.
 */
export const ERROR_CODES = [
  // DingTalk and the network
  'wrongCredentials', // 40089, 40001 at gettoken, HTTP 400 invalidClientIdOrSecret
  'missingPermission', // 60011; detail.permission names the scope when known
  'ipNotWhitelisted', // 60020; detail.ip is the IP DingTalk saw
  'userNotFound', // 60121, 40104, 33012
  'userOutOfRange', // 50002
  'rateLimited', // 90018, 90002
  'quotaExhausted', // 90020
  'dingtalkBusy', // -1, HTTP 5xx
  'ipBanned', // flood ban (HTML page or {status:1111})
  'badRequest', // 40035, 400002, 43001-43004
  'robotSignature', // robot 310000
  'robotRejected', // any other robot error
  'networkDown',
  'timeout',
  'unexpectedReply',
  'outcomeUnknown', // upload left the machine, no answer: reconcile before retrying
  // Login
  'loginTimeout',
  'loginStateMismatch',
  'loginDenied',
  // Engine
  'notConfigured',
  'notSignedIn',
  'punchingDisabled',
  'restDay', // nothing to punch on a rest day
  'nothingDue', // every check point of today is done or closed
  'notOpenYet', // the next check point's punch window opens later; detail.time says when
  'budgetExceeded',
  'refreshTooSoon',
  'provisioningInvalid',
  'outboxEntryNotFound',
  'secretStorageUnavailable',
  'invalidInput',
  // Company server mode
  'sessionRevoked', // the device session ended (revoked by IT, signed out elsewhere, token replayed)
  'proofInvalid', // the request was not signed by this device's key (DPoP)
  'forbidden', // the session may not do this (another employee's data, not an administrator)
  'punchTooOld', // queued offline longer than the administrator allows
  'punchInFuture', // the click time is ahead of the server's clock by more than allowed
  'serverIncompatible', // the server speaks a newer API than this app
  'serverUnavailable', // the company server answered with an error of its own
  'serverUnreachable', // no answer from the company server (network, VPN, address, or it is down)
  'punchAccepted', // the company server has the punch; DingTalk has not taken it yet
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * No answer at all (from DingTalk or the company server): nothing was decided on the other
 * side we know of, the network may come back, and the app is offline meanwhile.
 */
export const NO_ANSWER_CODES: ReadonlySet<ErrorCode> = new Set([
  'networkDown',
  'timeout',
  'serverUnreachable',
]);

/** What may travel with an error: never a secret, never a token. */
export interface ErrorDetail {
  permission?: string;
  ip?: string;
  field?: string;
  /** Seconds the caller should wait before trying again. */
  retryAfter?: number;
  /** The raw DingTalk errcode / code, for the IT report. */
  dingtalkCode?: string;
  /** DingTalk's own message, for the IT report. */
  dingtalkMessage?: string;
  /** The API path that failed, for the IT report. */
  api?: string;
  /** A limit that was exceeded (minutes, seconds...), for the message. */
  limit?: number;
  /**
   * A request that got no usable answer: `notSent` when it never left (refused, no route,
   * no DNS, TLS failed), `unknown` when the other side may have acted on it.
   */
  delivery?: 'notSent' | 'unknown';
  /** A wall-clock time ("HH:mm" in the organisation's zone) for the message. */
  time?: string;
}

/** The serialisable form that crosses IPC and the CLI's --json. */
export interface AppErrorPayload {
  code: ErrorCode;
  message: string;
  detail?: ErrorDetail;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: ErrorDetail;

  constructor(code: ErrorCode, message?: string, detail: ErrorDetail = {}) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }

  toPayload(): AppErrorPayload {
    const detail = Object.fromEntries(
      Object.entries(this.detail).filter(([, v]) => v !== undefined),
    ) as ErrorDetail;
    return Object.keys(detail).length > 0
      ? { code: this.code, message: this.message, detail }
      : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Any thrown value as a payload; unknown errors become `internal` without leaking a stack. */
export function toErrorPayload(error: unknown): AppErrorPayload {
  if (error instanceof AppError) return error.toPayload();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
