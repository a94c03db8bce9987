/**
 * DPoP proofs (RFC 9449 §4.3): every request carries a JWT signed by the
 * device's own key, naming the method and URL, fresh (`iat`), unique (`jti`)
 * and, on resource requests, bound to the access token (`ath`). The session
 * remembers the key's thumbprint (`jkt`), so a token copied off a disk or out
 * of a log is useless without the key that never leaves the device.
 */
import {
  EmbeddedJWK,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWK,
} from 'jose';
import type { Clock } from '../../main/ports';
import { AppError } from '../../shared/errors';
import { sameText, sha256 } from './crypto';
import { PROOF_MAX_LENGTH, PROOF_MAX_SKEW_S } from './limits';
import type { ReplayCache } from './replay';

/** Asymmetric algorithms only (RFC 9449 §4.2: never `none`, never a MAC). */
export const PROOF_ALGORITHMS = ['ES256', 'EdDSA', 'RS256', 'PS256'];

export interface ProofExpectation {
  /** The request's method (`htm`). */
  method: string;
  /** The request's public URL without query and fragment (`htu`). */
  url: string;
  /** On resource requests: the access token the proof must name (`ath`). */
  accessToken?: string;
}

export interface VerifiedProof {
  /** RFC 7638 thumbprint of the proof's public key. */
  jkt: string;
  jti: string;
  /** Seconds. */
  iat: number;
}

export interface ProofVerifier {
  /** Throws AppError proofInvalid, with the reason in the message (never the proof). */
  verify(proof: string | undefined, expect: ProofExpectation): Promise<VerifiedProof>;
}

const invalid = (why: string) => new AppError('proofInvalid', `DPoP proof ${why}`);

/** scheme://host[:port]/path, lower-cased and without default port, query or fragment. */
export function normalizeHtu(text: string): string | null {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return null;
  }
}

/** A JWK carrying any private or symmetric member (RFC 9449 §4.3 check 7). */
function hasSecretMember(jwk: JWK): boolean {
  return ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'].some((member) => member in jwk);
}

export function createProofVerifier(deps: { clock: Clock; replay: ReplayCache }): ProofVerifier {
  return {
    async verify(proof, expect) {
      if (proof === undefined || proof === '') throw invalid('missing (a DPoP header is required)');
      if (proof.length > PROOF_MAX_LENGTH) throw invalid('too long');
      let jwk: JWK;
      try {
        const header = decodeProtectedHeader(proof);
        if (typeof header.jwk !== 'object' || header.jwk === null) throw invalid('has no jwk');
        jwk = header.jwk;
      } catch (error) {
        throw error instanceof AppError ? error : invalid('is not a JWT');
      }
      if (hasSecretMember(jwk)) throw invalid('carries a private key');

      const now = deps.clock.now();
      let payload;
      try {
        ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
          typ: 'dpop+jwt',
          algorithms: PROOF_ALGORITHMS,
          requiredClaims: ['jti', 'htm', 'htu', 'iat'],
          currentDate: new Date(now),
        }));
      } catch (error) {
        const code = error instanceof joseErrors.JOSEError ? error.code : 'unreadable';
        throw invalid(`does not verify (${code})`);
      }

      const { jti, htm, htu, iat, ath } = payload as Record<string, unknown>;
      if (typeof jti !== 'string' || jti.length < 8 || jti.length > 128) throw invalid('jti');
      if (htm !== expect.method.toUpperCase()) throw invalid('is for another method');
      const want = normalizeHtu(expect.url);
      if (typeof htu !== 'string' || want === null || normalizeHtu(htu) !== want) {
        throw invalid('is for another URL');
      }
      if (typeof iat !== 'number' || Math.abs(iat * 1000 - now) > PROOF_MAX_SKEW_S * 1000) {
        throw invalid('is not fresh (iat)');
      }
      if (expect.accessToken !== undefined) {
        if (typeof ath !== 'string' || !sameText(ath, sha256(expect.accessToken))) {
          throw invalid('is not bound to this access token (ath)');
        }
      }
      const jkt = await calculateJwkThumbprint(jwk, 'sha256');
      // Last, so only proofs that pass every other check take room in the cache; each is
      // kept until its iat leaves the accepted window.
      const key = `${jkt}.${jti}`;
      if (!(await deps.replay.remember(key, iat * 1000 + PROOF_MAX_SKEW_S * 1000 + 1))) {
        throw invalid('was already used (jti)');
      }
      return { jkt, jti, iat };
    },
  };
}
