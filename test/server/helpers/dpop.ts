/**
 * DPoP proofs as a desktop builds them (RFC 9449 §4.2): one key pair per
 * install, and a fresh proof per request naming its method and URL, plus the
 * access token's hash on resource requests. Only jose and node:crypto, so the
 * desktop's server client can take the same shape.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';

export type DeviceKeyAlg = 'ES256' | 'EdDSA' | 'RS256' | 'PS256';

export interface DeviceKey {
  alg: DeviceKeyAlg;
  privateKey: CryptoKey;
  /** The public half, as it travels in every proof's header. */
  publicJwk: JWK;
  /** RFC 7638 thumbprint: what the server binds the session to. */
  jkt: string;
}

export interface ProofOptions {
  method: string;
  /** The request's URL; query and fragment are dropped (RFC 9449 §4.2 `htu`). */
  url: string;
  /** On resource requests: the access token sent in `Authorization: DPoP …`. */
  accessToken?: string;
  /** Epoch ms of "now" (the server's clock as the desktop estimates it). */
  now?: number;
  /** Tests only: a fixed jti (to replay), or extra header / claims to break a proof. */
  jti?: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
}

export async function createDeviceKey(alg: DeviceKeyAlg = 'ES256'): Promise<DeviceKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk, 'sha256') };
}

/** base64url(sha256(access token)): the proof's `ath`. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

export async function dpopProof(key: DeviceKey, options: ProofOptions): Promise<string> {
  const url = new URL(options.url);
  const claims: Record<string, unknown> = {
    htm: options.method.toUpperCase(),
    htu: `${url.origin}${url.pathname}`,
    ...(options.accessToken === undefined ? {} : { ath: accessTokenHash(options.accessToken) }),
    ...options.claims,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.publicJwk, ...options.header })
    .setJti(options.jti ?? randomUUID())
    .setIssuedAt(Math.floor((options.now ?? Date.now()) / 1000))
    .sign(key.privateKey);
}

/** The two headers of a signed resource request. */
export async function dpopHeaders(
  key: DeviceKey,
  accessToken: string,
  request: { method: string; url: string; now?: number },
): Promise<{ authorization: string; dpop: string }> {
  return {
    authorization: `DPoP ${accessToken}`,
    dpop: await dpopProof(key, { ...request, accessToken }),
  };
}
