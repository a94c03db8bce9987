import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../../main/ports';
import { AppError } from '../../../shared/errors';
import { createProofVerifier, normalizeHtu } from '../../../server/auth/dpop';
import { pkceChallenge, pkceMatches } from '../../../server/auth/pkce';
import { createReplayCache } from '../../../server/auth/replay';
import { accessTokenHash, createDeviceKey, dpopProof } from '../helpers/dpop';

const URL_ME = 'https://daka.example.com/v1/me';
const NOW = Date.parse('2026-11-23T00:30:00Z');

function verifier(now = { value: NOW }) {
  const clock = { now: () => now.value };
  return createProofVerifier({ clock, replay: createReplayCache(clock, silentLogger) });
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('proofInvalid');
  return (error as AppError).message;
}

describe('DPoP proof verification', () => {
  it('accepts ES256, EdDSA and RS256 keys and returns their thumbprint', async () => {
    const check = verifier();
    for (const alg of ['ES256', 'EdDSA', 'RS256'] as const) {
      const key = await createDeviceKey(alg);
      const proof = await dpopProof(key, {
        method: 'GET',
        url: URL_ME,
        now: NOW,
        accessToken: 't',
      });
      const verified = await check.verify(proof, { method: 'get', url: URL_ME, accessToken: 't' });
      expect(verified.jkt).toBe(key.jkt);
    }
  });

  it('refuses a private key in the header', async () => {
    const key = await createDeviceKey();
    const privateJwk = await exportJWK(key.privateKey);
    expect(privateJwk.d).toBeDefined();
    const proof = await dpopProof(key, {
      method: 'GET',
      url: URL_ME,
      now: NOW,
      header: { jwk: privateJwk },
    });
    expect(await reason(verifier().verify(proof, { method: 'GET', url: URL_ME }))).toMatch(
      /private key/,
    );
  });

  it('refuses a proof signed by a key other than the one in its header', async () => {
    const key = await createDeviceKey();
    const other = await createDeviceKey();
    const proof = await dpopProof(key, {
      method: 'GET',
      url: URL_ME,
      now: NOW,
      header: { jwk: other.publicJwk },
    });
    expect(await reason(verifier().verify(proof, { method: 'GET', url: URL_ME }))).toMatch(
      /does not verify/,
    );
  });

  it('refuses another typ, a MAC, a missing claim, and garbage', async () => {
    const key = await createDeviceKey();
    const base = { method: 'GET', url: URL_ME, now: NOW };
    const check = verifier();
    const expectation = { method: 'GET', url: URL_ME };
    const typ = await dpopProof(key, { ...base, header: { typ: 'JWT' } });
    expect(await reason(check.verify(typ, expectation))).toMatch(/does not verify/);
    const noHtm = await dpopProof(key, { ...base, claims: { htm: undefined } });
    expect(await reason(check.verify(noHtm, expectation))).toMatch(/does not verify/);

    const secret = new Uint8Array(32).fill(7);
    const mac = await new SignJWT({ htm: 'GET', htu: URL_ME, jti: 'mac-proof-1' })
      .setProtectedHeader({
        alg: 'HS256',
        typ: 'dpop+jwt',
        // A symmetric "key" in the header: jose's types forbid it, an attacker's JSON does not.
        jwk: { kty: 'oct', k: Buffer.from(secret).toString('base64url') } as never,
      })
      .setIssuedAt(NOW / 1000)
      .sign(secret);
    expect(await reason(check.verify(mac, expectation))).toMatch(/private key/);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"dpop+jwt"}').toString('base64url')}.e30.`;
    expect(await reason(check.verify(unsigned, expectation))).toMatch(/jwk/);
    expect(await reason(check.verify('not a jwt', expectation))).toMatch(/not a JWT/);
    expect(await reason(check.verify('x'.repeat(10_000), expectation))).toMatch(/too long/);
  });

  it('refuses an RSA key whose public part is fine but algorithm is not allowed', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true });
    const proof = await new SignJWT({ htm: 'GET', htu: URL_ME, jti: 'rs384-proof' })
      .setProtectedHeader({ alg: 'RS384', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
      .setIssuedAt(NOW / 1000)
      .sign(privateKey);
    expect(await reason(verifier().verify(proof, { method: 'GET', url: URL_ME }))).toMatch(
      /does not verify/,
    );
  });

  it('compares htu without query, fragment, default port or case', () => {
    expect(normalizeHtu('HTTPS://Daka.Example.com:443/v1/me?x=1#y')).toBe(URL_ME);
    expect(normalizeHtu('https://daka.example.com/v1/Me')).not.toBe(URL_ME);
    expect(normalizeHtu('not a url')).toBeNull();
  });

  it('remembers jtis per key only as long as their iat is acceptable', async () => {
    const now = { value: NOW };
    const check = verifier(now);
    const key = await createDeviceKey();
    const proof = await dpopProof(key, { method: 'GET', url: URL_ME, now: NOW, jti: 'same-jti-1' });
    await check.verify(proof, { method: 'GET', url: URL_ME });
    expect(await reason(check.verify(proof, { method: 'GET', url: URL_ME }))).toMatch(/already/);
    // Another device may use the same jti: the key is part of the cache entry.
    const other = await createDeviceKey();
    const theirs = await dpopProof(other, {
      method: 'GET',
      url: URL_ME,
      now: NOW,
      jti: 'same-jti-1',
    });
    await check.verify(theirs, { method: 'GET', url: URL_ME });
    // Once the proof is too old to pass the iat check, it is refused for that instead.
    now.value = NOW + 61_000;
    expect(await reason(check.verify(proof, { method: 'GET', url: URL_ME }))).toMatch(/iat/);
  });

  it('puts the access token hash the way RFC 9449 §4.2 says', () => {
    // base64url(sha256("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")) from RFC 9449 §4.3.
    expect(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
  });
});

describe('replay cache', () => {
  it('forgets expired entries, and the oldest when full (with one warning)', () => {
    const now = { value: 0 };
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message) => warnings.push(message) };
    const cache = createReplayCache({ now: () => now.value }, logger, 3);
    expect(cache.remember('a', 100)).toBe(true);
    expect(cache.remember('a', 100)).toBe(false);
    expect(cache.remember('b', 100)).toBe(true);
    expect(cache.remember('c', 100)).toBe(true);
    expect(cache.remember('d', 100)).toBe(true);
    expect(cache.remember('e', 100)).toBe(true);
    expect(cache.size).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(cache.remember('e', 100)).toBe(false);
    now.value = 100;
    expect(cache.remember('e', 200)).toBe(true);
    now.value = 20_000;
    cache.remember('f', 30_000);
    expect(cache.size).toBe(1);
  });
});

describe('PKCE S256', () => {
  it('matches RFC 7636 appendix B', () => {
    const verifierText = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(pkceChallenge(verifierText)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(pkceMatches(verifierText, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(true);
    expect(pkceMatches(`${verifierText}x`, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(
      false,
    );
    expect(pkceMatches('short', pkceChallenge('short'))).toBe(false);
  });
});
