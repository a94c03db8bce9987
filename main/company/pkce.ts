/**
 * PKCE (RFC 7636, S256): the desktop keeps a random verifier and sends only its
 * SHA-256 to the browser login, so a code caught on the loopback redirect is
 * useless to anyone who does not also hold the verifier.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  /** 43 base64url characters (32 random bytes): within RFC 7636's 43-128. */
  verifier: string;
  challenge: string;
}

export function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: challengeOf(verifier) };
}
