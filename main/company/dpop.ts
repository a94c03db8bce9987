/**
 * The device key and its DPoP proofs (RFC 9449). The key pair is made once per
 * install; its private half is kept in the vault (as a JWK) and never leaves
 * the machine. Every request to the server carries a fresh proof naming the
 * method, the URL and (with an access token) the token's hash, so a token read
 * off a disk or a log is useless without this key.
 */
import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { AppError } from '../../shared/errors';

export interface DeviceKey {
  privateKey: CryptoKey;
  /** The public half only (kty, crv, x, y): what goes into each proof's header. */
  publicJwk: JWK;
}

/** Where the private JWK is kept (the vault in the app). */
export interface DeviceKeyStore {
  load(): string | undefined;
  save(privateJwk: string): void;
}

const ALG = 'ES256';

function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y };
}

async function fromJwk(text: string): Promise<DeviceKey | null> {
  try {
    const jwk = JSON.parse(text) as JWK;
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string') return null;
    const privateKey = await importJWK(jwk, ALG);
    if (!(privateKey instanceof CryptoKey)) return null;
    return { privateKey, publicJwk: publicPart(jwk) };
  } catch {
    return null;
  }
}

/** The install's device key: the stored one, or a new one stored before it is used. */
export async function loadDeviceKey(store: DeviceKeyStore): Promise<DeviceKey> {
  const stored = store.load();
  if (stored !== undefined) {
    const key = await fromJwk(stored);
    if (key) return key;
  }
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  store.save(JSON.stringify(jwk));
  const key = await fromJwk(JSON.stringify(jwk));
  if (!key) throw new AppError('internal', 'Could not create the device key');
  return key;
}

/** base64url(SHA-256(access token)): the proof's `ath`. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** `htu`: the request URL without query and fragment. */
export function htuOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

export interface ProofInput {
  method: string;
  url: string;
  accessToken?: string;
  /** Epoch ms (the server's clock as far as we know it). */
  now: number;
}

export async function signProof(key: DeviceKey, input: ProofInput): Promise<string> {
  return new SignJWT({
    htm: input.method.toUpperCase(),
    htu: htuOf(input.url),
    ...(input.accessToken !== undefined ? { ath: accessTokenHash(input.accessToken) } : {}),
  })
    .setProtectedHeader({ alg: ALG, typ: 'dpop+jwt', jwk: key.publicJwk })
    .setJti(randomUUID())
    .setIssuedAt(Math.floor(input.now / 1000))
    .sign(key.privateKey);
}
