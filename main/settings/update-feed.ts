/**
 * A provisioning file may name the update feed only with a signature this build can
 * check: an update is code the app runs, and an unsigned file is one anybody can write
 * (or edit in state.json). The organisation signs the feed's URL with its Ed25519
 * private key (`npm run update-feed -- sign`, scripts/update-feed-key.ts); the public
 * keys this build trusts are baked into it (./update-feed-keys.ts). Pure functions over
 * node:crypto, no state.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** What is signed: the feed URL, bound to this purpose so no other signature can be replayed. */
export function feedMessage(url: string): Buffer {
  return Buffer.from(`daka-update-feed-v1\n${url}`, 'utf8');
}

/** An Ed25519 signature is 64 bytes: 88 base64 characters. */
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

export function isSignatureText(value: string): boolean {
  return SIGNATURE.test(value);
}

function publicKey(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** True when one of `trustedKeys` (SPKI PEM, Ed25519) signed exactly this URL. */
export function verifyFeedSignature(
  url: string,
  signature: string,
  trustedKeys: readonly string[],
): boolean {
  if (!isSignatureText(signature)) return false;
  const bytes = Buffer.from(signature, 'base64');
  return trustedKeys.some((pem) => {
    const key = publicKey(pem);
    return key !== null && verify(null, feedMessage(url), key, bytes);
  });
}

/** The organisation's side: signs a feed URL with its private key (PKCS#8 PEM). */
export function signFeed(url: string, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The key must be an Ed25519 key');
  return sign(null, feedMessage(url), key).toString('base64');
}
