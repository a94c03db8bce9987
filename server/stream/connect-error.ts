/**
 * Why a Stream connection attempt failed, as an AppError payload the admin
 * console and the doctor can translate. The package's errors are axios errors
 * (connections/open) and ws errors (the socket); an axios error carries the
 * request it made, secret included, so nothing but the few fields read here
 * ever leaves this function, and the secret is scrubbed from the message too.
 */
import { AppError, type AppErrorPayload, type ErrorCode } from '../../shared/errors';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'ERR_NETWORK',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_CANCELED']);

export function connectErrorPayload(error: unknown, secrets: string[]): AppErrorPayload {
  if (error instanceof AppError) return scrubPayload(error.toPayload(), secrets);
  const fields = readFields(error);
  const { code, dingtalkCode } = classify(fields);
  const message = scrub(fields.message || code, secrets);
  const payload: AppErrorPayload = { code, message };
  const detail = {
    ...(dingtalkCode !== undefined ? { dingtalkCode: scrub(dingtalkCode, secrets) } : {}),
    ...(fields.api !== undefined ? { api: fields.api } : {}),
  };
  return Object.keys(detail).length > 0 ? { ...payload, detail } : payload;
}

interface ErrorFields {
  message: string;
  /** errno-style code (axios / Node). */
  code: string | undefined;
  /** HTTP status of connections/open, or of the refused websocket handshake. */
  status: number | undefined;
  /** DingTalk's own error code in the reply body, when it sent one. */
  bodyCode: string | undefined;
  api: string | undefined;
}

function readFields(error: unknown): ErrorFields {
  const record = isRecord(error) ? error : {};
  const message = error instanceof Error ? error.message : String(error);
  const response = isRecord(record.response) ? record.response : undefined;
  const body = response && isRecord(response.data) ? response.data : undefined;
  let status = typeof response?.status === 'number' ? response.status : undefined;
  // ws: "Unexpected server response: 401" when the gateway refuses the ticket.
  const handshake = /Unexpected server response: (\d{3})/.exec(message);
  if (status === undefined && handshake?.[1] !== undefined) status = Number(handshake[1]);
  return {
    message,
    code: typeof record.code === 'string' ? record.code : undefined,
    status,
    bodyCode: typeof body?.code === 'string' ? body.code : undefined,
    api: response !== undefined ? 'gateway/connections/open' : handshake ? 'websocket' : undefined,
  };
}

function classify(fields: ErrorFields): { code: ErrorCode; dingtalkCode?: string } {
  const { status, bodyCode } = fields;
  const dingtalkCode = bodyCode ?? (status !== undefined ? `HTTP ${status}` : undefined);
  const withCode = (code: ErrorCode) =>
    dingtalkCode !== undefined ? { code, dingtalkCode } : { code };
  if (bodyCode !== undefined && /IpNotInWhiteList/i.test(bodyCode)) {
    return withCode('ipNotWhitelisted');
  }
  if (bodyCode !== undefined && /ApiCountLimit|QuotaExceeded/i.test(bodyCode)) {
    return withCode('quotaExhausted');
  }
  if (status !== undefined) {
    if (status === 429) return withCode('rateLimited');
    if (status >= 500) return withCode('dingtalkBusy');
    if (fields.api === 'gateway/connections/open' && [400, 401, 403].includes(status)) {
      return withCode('wrongCredentials');
    }
    return withCode('unexpectedReply');
  }
  if (fields.code !== undefined && TIMEOUT_CODES.has(fields.code)) return { code: 'timeout' };
  if (fields.code !== undefined && NETWORK_CODES.has(fields.code)) return { code: 'networkDown' };
  return { code: 'unexpectedReply' };
}

function scrubPayload(payload: AppErrorPayload, secrets: string[]): AppErrorPayload {
  return { ...payload, message: scrub(payload.message, secrets) };
}

/** Removes every secret, and any ticket=… in a URL, from a message. */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out.replace(/ticket=[^&\s"']+/gi, 'ticket=***');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
