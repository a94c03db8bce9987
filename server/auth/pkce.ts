/**
 * PKCE (RFC 7636) with S256 only: the desktop proves that the code it redeems
 * was asked for by itself, so a code caught on the loopback by another local
 * program is worthless.
 */
import { sameText, sha256 } from './crypto';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** True when `verifier` hashes (S256) to `challenge`. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  return VERIFIER.test(verifier) && sameText(sha256(verifier), challenge);
}

/** The S256 challenge of a verifier (what a desktop sends at login). */
export function pkceChallenge(verifier: string): string {
  return sha256(verifier);
}
