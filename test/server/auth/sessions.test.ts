import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { PATHS } from '../../../shared/server-api';
import { createDeviceKey, dpopHeaders, dpopProof } from '../helpers/dpop';
import {
  ME_URL,
  PUBLIC_URL,
  call,
  device,
  errorCode,
  errorOf,
  listen,
  meta,
  refresh,
  signIn,
  startAuth,
  type AuthFixture,
  type SignedIn,
} from './fixture';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let fx: AuthFixture;
  let me: SignedIn;
  beforeEach(async () => {
    fx = await startAuth({ store });
    me = await signIn(fx);
  });
  afterEach(async () => {
    await fx.close();
  });

  const authenticate = (authorization: string | undefined, proof: string | undefined) =>
    fx.auth.authenticate(authorization, proof, meta('GET', ME_URL));
  const proofFor = (
    options: { method?: string; url?: string; accessToken?: string; now?: number } = {},
  ) =>
    dpopProof(me.key, {
      method: options.method ?? 'GET',
      url: options.url ?? ME_URL,
      accessToken: 'accessToken' in options ? options.accessToken : me.tokens.access_token,
      now: options.now ?? fx.clock.now(),
    });

  describe('authenticate', () => {
    it('accepts the token with a fresh proof of its own key', async () => {
      const session = await call(fx, me.key, me.tokens.access_token);
      expect(session).toEqual({
        id: me.tokens.session_id,
        userId: DEMO_USERS.fixed,
        userName: '张伟',
        deviceId: device().id,
        deviceName: device().name,
        createdAt: fx.clock.now(),
      });
    });

    it('refuses the token with another device’s key: a copied token is useless', async () => {
      const thief = await createDeviceKey();
      const error = await errorOf(call(fx, thief, me.tokens.access_token));
      expect(error.code).toBe('proofInvalid');
      // Even after the session is revoked, the thief learns nothing about it.
      await fx.auth.revoke(me.tokens.session_id, 'test', 'admin:lina');
      expect(await errorCode(call(fx, thief, me.tokens.access_token))).toBe('proofInvalid');
    });

    it('refuses a proof made for another URL or method', async () => {
      const token = `DPoP ${me.tokens.access_token}`;
      const otherPath = await proofFor({ url: `${PUBLIC_URL}${PATHS.punches}` });
      expect(await errorCode(authenticate(token, otherPath))).toBe('proofInvalid');
      const otherHost = await proofFor({ url: `https://daka.evil.example${PATHS.me}` });
      expect(await errorCode(authenticate(token, otherHost))).toBe('proofInvalid');
      const post = await proofFor({ method: 'POST' });
      expect(await errorCode(authenticate(token, post))).toBe('proofInvalid');
      // The query is no part of htu (RFC 9449 §4.2).
      expect((await authenticate(token, await proofFor({ url: `${ME_URL}?x=1` }))).id).toBe(
        me.tokens.session_id,
      );
    });

    it('refuses a proof seen before (replayed jti), whatever the request', async () => {
      const token = `DPoP ${me.tokens.access_token}`;
      const proof = await proofFor();
      await authenticate(token, proof);
      const replay = await errorOf(authenticate(token, proof));
      expect(replay.code).toBe('proofInvalid');
      expect(replay.message).toMatch(/already used/);
      // A new proof with the same jti is a replay too.
      const sameJti = await dpopProof(me.key, {
        method: 'GET',
        url: ME_URL,
        accessToken: me.tokens.access_token,
        now: fx.clock.now(),
        jti: 'fixed-jti-0001',
      });
      await authenticate(token, sameJti);
      const again = await dpopProof(me.key, {
        method: 'GET',
        url: ME_URL,
        accessToken: me.tokens.access_token,
        now: fx.clock.now() + 1_000,
        jti: 'fixed-jti-0001',
      });
      expect(await errorCode(authenticate(token, again))).toBe('proofInvalid');
    });

    it('needs the proof to name this access token (ath)', async () => {
      const token = `DPoP ${me.tokens.access_token}`;
      expect(await errorCode(authenticate(token, await proofFor({ accessToken: undefined })))).toBe(
        'proofInvalid',
      );
      const other = await signIn(fx, { device: device('install-0002', 'Daka · DESK') });
      expect(
        await errorCode(
          authenticate(token, await proofFor({ accessToken: other.tokens.access_token })),
        ),
      ).toBe('proofInvalid');
    });

    it('needs a fresh proof: iat within 60 seconds of the server clock', async () => {
      const token = `DPoP ${me.tokens.access_token}`;
      const now = fx.clock.now();
      for (const at of [now - 61_000, now + 61_000]) {
        expect(await errorCode(authenticate(token, await proofFor({ now: at })))).toBe(
          'proofInvalid',
        );
      }
      await authenticate(token, await proofFor({ now: now - 59_000 }));
      await authenticate(token, await proofFor({ now: now + 59_000 }));
    });

    it('tells a missing proof, a Bearer token, and no or unknown token apart', async () => {
      const missing = await errorOf(authenticate(`DPoP ${me.tokens.access_token}`, undefined));
      expect(missing.code).toBe('proofInvalid');
      const bearer = await errorOf(
        authenticate(`Bearer ${me.tokens.access_token}`, await proofFor()),
      );
      expect(bearer.code).toBe('proofInvalid');
      expect(bearer.message).toMatch(/DPoP scheme/);
      expect(await errorCode(authenticate(undefined, await proofFor()))).toBe('notSignedIn');
      expect(await errorCode(authenticate('Basic dXNlcjpwYXNz', await proofFor()))).toBe(
        'notSignedIn',
      );
      expect(await errorCode(authenticate(`DPoP ${'B'.repeat(43)}`, await proofFor()))).toBe(
        'notSignedIn',
      );
    });

    it('writes last seen and the IP at most once a minute', async () => {
      const seen = async () =>
        fx.db.selectFrom('sessions').select(['last_seen_at', 'last_ip']).executeTakeFirstOrThrow();
      const signedInAt = fx.clock.now();
      fx.clock.advance(30_000);
      await call(fx, me.key, me.tokens.access_token);
      expect(await seen()).toEqual({ last_seen_at: signedInAt, last_ip: '10.0.0.7' });
      fx.clock.advance(30_000);
      await call(fx, me.key, me.tokens.access_token);
      expect(await seen()).toEqual({ last_seen_at: signedInAt + 60_000, last_ip: '10.0.0.7' });
      const headers = await dpopHeaders(me.key, me.tokens.access_token, {
        method: 'GET',
        url: ME_URL,
        now: fx.clock.now(),
      });
      await fx.auth.authenticate(
        headers.authorization,
        headers.dpop,
        meta('GET', ME_URL, '10.0.0.9'),
      );
      expect((await seen()).last_ip).toBe('10.0.0.9');
    });
  });

  describe('my sessions', () => {
    it('lists only my own live sessions, this one marked current', async () => {
      const desk = await signIn(fx, { device: device('install-0002', 'Daka · DESK') });
      const colleague = await signIn(fx, { user: DEMO_USERS.colleague });
      const session = await call(fx, me.key, me.tokens.access_token);
      const { sessions } = await fx.auth.listSessions(session);
      expect(sessions.map((s) => [s.id, s.deviceName, s.current]).sort()).toEqual(
        [
          [me.tokens.session_id, 'Daka · LAPTOP-ZW', true],
          [desk.tokens.session_id, 'Daka · DESK', false],
        ].sort(),
      );
      expect(sessions[0]).toMatchObject({
        platform: 'win32',
        appVersion: '1.4.0',
        lastIp: '10.0.0.7',
      });
      expect(sessions.map((s) => s.id)).not.toContain(colleague.tokens.session_id);
    });

    it('revokes one of mine; the device is told on the stream and on its next call', async () => {
      const desk = await signIn(fx, { device: device('install-0002', 'Daka · DESK') });
      const events = listen(fx, desk.tokens.user.userId, desk.tokens.session_id);
      const session = await call(fx, me.key, me.tokens.access_token);
      await fx.auth.revokeOwn(session, desk.tokens.session_id, meta('DELETE', ME_URL));
      expect(events).toEqual([{ event: 'revoked', data: { reason: 'revoked-by-user' } }]);
      expect(await errorCode(call(fx, desk.key, desk.tokens.access_token))).toBe('sessionRevoked');
      expect((await fx.auth.listSessions(session)).sessions.map((s) => s.id)).toEqual([
        me.tokens.session_id,
      ]);
      // Twice is harmless.
      await fx.auth.revokeOwn(session, desk.tokens.session_id, meta('DELETE', ME_URL));
      expect(events).toHaveLength(1);
    });

    it('may not revoke anyone else’s session, nor probe for ids', async () => {
      const colleague = await signIn(fx, { user: DEMO_USERS.colleague });
      const session = await call(fx, me.key, me.tokens.access_token);
      const events = listen(fx, colleague.tokens.user.userId, colleague.tokens.session_id);
      const theirs = await errorOf(
        fx.auth.revokeOwn(session, colleague.tokens.session_id, meta('DELETE', ME_URL)),
      );
      expect(theirs.code).toBe('forbidden');
      expect(
        await errorCode(fx.auth.revokeOwn(session, 'no-such-id', meta('DELETE', ME_URL))),
      ).toBe('forbidden');
      expect(events).toEqual([]);
      await call(fx, colleague.key, colleague.tokens.access_token);
    });

    it('logout ends this session', async () => {
      const session = await call(fx, me.key, me.tokens.access_token);
      await fx.auth.logout(session, meta('POST', `${PUBLIC_URL}${PATHS.authLogout}`));
      expect(await errorCode(call(fx, me.key, me.tokens.access_token))).toBe('sessionRevoked');
    });
  });

  describe('revoke (admin console, security events)', () => {
    it('ends any session: the device is told so on its next call and on the stream, audited', async () => {
      const events = listen(fx, me.tokens.user.userId, me.tokens.session_id);
      await fx.auth.revoke(me.tokens.session_id, 'laptop stolen', 'admin:lina');
      expect(events).toEqual([{ event: 'revoked', data: { reason: 'laptop stolen' } }]);
      const error = await errorOf(call(fx, me.key, me.tokens.access_token));
      expect(error.code).toBe('sessionRevoked');
      expect(error.message).toContain('laptop stolen');
      const audit = await fx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'session.revoke')
        .execute();
      expect(audit).toMatchObject([{ actor: 'admin:lina', subject: me.tokens.session_id }]);
      expect(await errorCode(fx.auth.revoke('no-such-id', 'x', 'admin:lina'))).toBe('invalidInput');
    });

    it('is what a device hears next even after its access token expired, on refresh too', async () => {
      await fx.auth.revoke(me.tokens.session_id, 'left the company', 'admin:lina');
      fx.clock.advance(8 * 3_600_000);
      expect(await errorCode(call(fx, me.key, me.tokens.access_token))).toBe('sessionRevoked');
      expect(await errorCode(refresh(fx, me.key, me.tokens.refresh_token))).toBe('sessionRevoked');
    });
  });
});
