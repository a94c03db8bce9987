/**
 * Tokens and their hashes. Tokens are random 256-bit values (base64url); the
 * database only ever holds their sha256, so a copy of the database signs no one in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** base64url(sha256(text)): the stored form of a token, PKCE S256 and DPoP `ath`. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** Constant-time comparison of two strings (false when the lengths differ). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
