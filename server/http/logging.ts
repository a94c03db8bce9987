/**
 * Structured JSON logs (Fastify's pino) with secrets redacted, and the core's
 * Logger port on top of them. Requests are logged by method and path only: a
 * query string can carry a one-time login code.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Logger } from '../../main/ports';

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
];

/** Each key at the top and up to three levels down (pino's `*` is one level). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `*.*.*.${key}`,
  `req.headers.${key}`,
]);

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
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
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
