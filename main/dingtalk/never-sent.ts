/**
 * Whether a failed fetch never left this machine, so the other side (DingTalk,
 * the company server) cannot have acted on it: decides whether a request may be
 * sent again as if it never happened (a punch, a single-use refresh token).
 */

/**
 * Failures that happen before a single byte of the request left: DNS,
 * refused or unreachable connections, TLS setup. The other side cannot have acted.
 */
export const BEFORE_SENDING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** Every error code in an error's cause chain (undici nests them, Happy Eyeballs aggregates them). */
export function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return [];
  seen.add(error);
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const nested = Array.isArray(e.errors) ? e.errors.flatMap((x) => errorCodes(x, seen)) : [];
  return [...own, ...errorCodes(e.cause, seen), ...nested];
}

/** Every code in the failure's cause chain is one from before sending (and there is one). */
export function neverLeft(error: unknown): boolean {
  const codes = errorCodes(error);
  return codes.length > 0 && codes.every((c) => BEFORE_SENDING.has(c));
}
