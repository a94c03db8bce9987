import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenHash, htuOf, loadDeviceKey, signProof } from '../../main/company/dpop';
import { challengeOf, createPkce } from '../../main/company/pkce';

function memoryKeyStore() {
  let stored: string | undefined;
  return {
    load: () => stored,
    save: (jwk: string) => {
      stored = jwk;
    },
    get stored() {
      return stored;
    },
  };
}

describe('device key', () => {
  it('is made once, stored as a private JWK, and the same key comes back from the store', async () => {
    const store = memoryKeyStore();
    const first = await loadDeviceKey(store);
    expect(JSON.parse(store.stored ?? '{}')).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(JSON.parse(store.stored ?? '{}')).toHaveProperty('d');
    const again = await loadDeviceKey(store);
    expect(await calculateJwkThumbprint(again.publicJwk)).toBe(
      await calculateJwkThumbprint(first.publicJwk),
    );
    // Only the public half ever goes into a proof.
    expect(first.publicJwk).not.toHaveProperty('d');
  });

  it('replaces a stored key it cannot read', async () => {
    const store = memoryKeyStore();
    store.save('{"kty":"oct","k":"abc"}');
    const key = await loadDeviceKey(store);
    expect(key.publicJwk.kty).toBe('EC');
    expect(JSON.parse(store.stored ?? '{}').kty).toBe('EC');
  });
});

describe('DPoP proofs', () => {
  it('verify with the embedded key and name the method, the URL without query, the token hash', async () => {
    const key = await loadDeviceKey(memoryKeyStore());
    const now = Date.parse('2026-11-27T08:58:00+08:00');
    const proof = await signProof(key, {
      method: 'get',
      url: 'https://daka.example.com/v1/records?from=1&to=2',
      accessToken: 'access-token-123',
      now,
    });
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      currentDate: new Date(now),
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'dpop+jwt' });
    expect(protectedHeader.jwk).not.toHaveProperty('d');
    expect(payload.htm).toBe('GET');
    expect(payload.htu).toBe('https://daka.example.com/v1/records');
    expect(payload.iat).toBe(Math.floor(now / 1000));
    expect(payload.ath).toBe(accessTokenHash('access-token-123'));
    expect(typeof payload.jti).toBe('string');
  });

  it('carries no ath without an access token, and a new jti every time', async () => {
    const key = await loadDeviceKey(memoryKeyStore());
    const input = { method: 'POST', url: 'http://127.0.0.1:4000/v1/auth/token', now: Date.now() };
    const a = await signProof(key, input);
    const b = await signProof(key, input);
    const pa = (await jwtVerify(a, EmbeddedJWK)).payload;
    const pb = (await jwtVerify(b, EmbeddedJWK)).payload;
    expect(pa).not.toHaveProperty('ath');
    expect(pa.jti).not.toBe(pb.jti);
    expect(decodeProtectedHeader(a).jwk).toEqual(key.publicJwk);
  });

  it('ath is the base64url SHA-256 of the token (RFC 9449 example)', () => {
    // RFC 9449 §7.1: the access token "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU" → ath.
    expect(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
    expect(htuOf('https://a.example/v1/me?x=1#f')).toBe('https://a.example/v1/me');
  });
});

describe('PKCE', () => {
  it('makes a 43-character verifier and its S256 challenge', () => {
    const { verifier, challenge } = createPkce();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challengeOf(verifier)).toBe(challenge);
    expect(createPkce().verifier).not.toBe(verifier);
  });

  it('matches RFC 7636 appendix B', () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
