/**
 * Structured JSON logs (Fastify's pino) with secrets redacted, and the core's
 * Logger port on top of them. Requests are logged by method and path only: a
 * query string can carry a one-time login code.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Logger } from '../../main/ports';
import { ERROR_CODES } from '../../shared/errors';

const SECRET_KEYS = [
  'authorization',
  'dpop',
  'cookie',
  'appSecret',
  'appsecret',
  'clientSecret',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'token',
  'code',
  'authCode',
  'code_verifier',
  'x-acs-dingtalk-access-token',
];

/** pino's path syntax: a key with a dash needs brackets. */
const at = (prefix: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${prefix}${key}` : `${prefix}["${key}"]`;

/** Each key at the top and up to three levels down (pino's `*` is one level). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [
  at('', key),
  at('*.', key),
  at('*.*.', key),
  at('*.*.*.', key),
  at('req.headers.', key),
]);

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
/** Node's and libraries' error codes (ECONNRESET, SQLITE_BUSY, FST_ERR_...), never a secret. */
const SYSTEM_CODE = /^(E[A-Z]+|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+)$/;

/**
 * `code` is both a one-time sign-in code (a secret) and an error code, which
 * the administrator must read ("punch refused {code: userNotFound}"). An error
 * code is one of ours, a system one, or DingTalk's number; anything else under
 * `code` is censored.
 */
export function censor(value: unknown, path: string[]): unknown {
  if (path[path.length - 1] !== 'code') return '[redacted]';
  if (typeof value === 'number') return value;
  if (
    typeof value === 'string' &&
    (KNOWN_CODES.has(value) || (value.length <= 40 && SYSTEM_CODE.test(value)))
  ) {
    return value;
  }
  return '[redacted]';
}

export interface LogDestination {
  write(line: string): void;
}

interface RawRequest {
  method?: string;
  url?: string;
  ip?: string;
  id?: string;
}

export function loggerOptions(
  level: string,
  stream?: LogDestination,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACT_PATHS, censor },
    serializers: {
      req: (req: RawRequest) => ({
        id: req.id,
        method: req.method,
        path: (req.url ?? '').split(/[?#]/, 1)[0],
        ip: req.ip,
      }),
    },
  };
}

/** The core's Logger port writing into the server's log (`data` under `data`). */
export function portLogger(log: FastifyBaseLogger): Logger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, data?: Record<string, unknown>) =>
      data ? log[level]({ data }, message) : log[level](message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
