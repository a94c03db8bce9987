import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { createDeviceKey, dpopProof } from '../helpers/dpop';
import {
  TOKEN_URL,
  browserLogin,
  call,
  device,
  errorCode,
  errorOf,
  listen,
  meta,
  redeem,
  refresh,
  signIn,
  startAuth,
  type AuthFixture,
} from './fixture';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let fx: AuthFixture;
  beforeEach(async () => {
    fx = await startAuth({ store });
  });
  afterEach(async () => {
    await fx.close();
  });

  describe('redeeming the one-time code', () => {
    it('needs the verifier of the challenge, and a wrong one spends the code', async () => {
      const login = await browserLogin(fx);
      const key = await createDeviceKey();
      const other = 'x'.repeat(43);
      expect(await errorCode(redeem(fx, key, login, { verifier: other }))).toBe(
        'loginStateMismatch',
      );
      expect(await errorCode(redeem(fx, key, login))).toBe('loginStateMismatch');
      expect(await fx.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    });

    it('works once', async () => {
      const login = await browserLogin(fx);
      await redeem(fx, await createDeviceKey(), login);
      const again = await errorOf(redeem(fx, await createDeviceKey(), login));
      expect(again.code).toBe('loginStateMismatch');
      expect(again.message).toMatch(/already used/);
      expect(await fx.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
    });

    it('presented a second time, revokes the session made from it (RFC 6749 §4.1.2)', async () => {
      const login = await browserLogin(fx);
      const key = await createDeviceKey();
      const tokens = await redeem(fx, key, login);
      const events = listen(fx, DEMO_USERS.fixed, tokens.session_id);
      const again = await errorOf(redeem(fx, await createDeviceKey(), login));
      expect(again.code).toBe('loginStateMismatch');
      expect(await errorCode(call(fx, key, tokens.access_token))).toBe('sessionRevoked');
      expect(await errorCode(refresh(fx, key, tokens.refresh_token))).toBe('sessionRevoked');
      expect(events).toEqual([{ event: 'revoked', data: { reason: 'code-replay' } }]);
      const audit = await fx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'session.revoke')
        .execute();
      expect(audit.map((a) => [a.subject, JSON.parse(a.detail_json ?? '{}').reason])).toEqual([
        [tokens.session_id, 'code-replay'],
      ]);
      // A third time: nothing more to do, the same answer.
      expect(await errorCode(redeem(fx, await createDeviceKey(), login))).toBe(
        'loginStateMismatch',
      );
      expect(events).toHaveLength(1);
    });

    it('two redemptions at once: one session, and it is revoked', async () => {
      const login = await browserLogin(fx);
      const results = await Promise.allSettled([
        redeem(fx, await createDeviceKey(), login),
        redeem(fx, await createDeviceKey(), login),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const sessions = await fx.db.selectFrom('sessions').selectAll().execute();
      expect(sessions).toHaveLength(1);
      expect(sessions[0]?.revoked_reason).toBe('code-replay');
    });

    it('needs the same redirect_uri as the sign-in started with', async () => {
      const login = await browserLogin(fx);
      const code = await errorCode(
        redeem(fx, await createDeviceKey(), login, {
          redirectUri: 'http://127.0.0.1:53683/callback',
        }),
      );
      expect(code).toBe('loginStateMismatch');
    });

    it('expires after 60 seconds', async () => {
      const login = await browserLogin(fx);
      fx.clock.advance(60_000);
      expect(await errorCode(redeem(fx, await createDeviceKey(), login))).toBe('loginTimeout');
    });

    it('is refused without a DPoP proof, and the code survives for the real request', async () => {
      const login = await browserLogin(fx);
      const request = {
        grant_type: 'authorization_code' as const,
        code: login.code,
        code_verifier: login.pkce.verifier,
        redirect_uri: login.redirectUri,
        device: device(),
      };
      const missing = await errorOf(fx.auth.token(request, undefined, meta('POST', TOKEN_URL)));
      expect(missing.code).toBe('proofInvalid');
      expect(missing.message).toMatch(/missing/);
      const key = await createDeviceKey();
      const elsewhere = await dpopProof(key, {
        method: 'POST',
        url: 'https://other.example/v1/auth/token',
        now: fx.clock.now(),
      });
      expect(await errorCode(fx.auth.token(request, elsewhere, meta('POST', TOKEN_URL)))).toBe(
        'proofInvalid',
      );
      expect((await redeem(fx, key, login)).user.userId).toBe(DEMO_USERS.fixed);
    });

    it('refuses a malformed request as invalidInput', async () => {
      const proof = await dpopProof(await createDeviceKey(), {
        method: 'POST',
        url: TOKEN_URL,
        now: fx.clock.now(),
      });
      const bad = { grant_type: 'password', username: 'zhangwei' } as never;
      expect(await errorCode(fx.auth.token(bad, proof, meta('POST', TOKEN_URL)))).toBe(
        'invalidInput',
      );
    });

    it('ends an older session of the same install (a second sign-in on the same computer)', async () => {
      const first = await signIn(fx);
      const laptop = await signIn(fx, { device: device('install-0002', 'Daka · DESK') });
      const second = await signIn(fx);
      const error = await errorOf(call(fx, first.key, first.tokens.access_token));
      expect(error.code).toBe('sessionRevoked');
      expect(error.message).toContain('replaced');
      await call(fx, second.key, second.tokens.access_token);
      await call(fx, laptop.key, laptop.tokens.access_token);
    });
  });

  describe('refresh', () => {
    it('rotates: a new pair each time, the old access token no longer works', async () => {
      const { key, tokens } = await signIn(fx);
      const next = await refresh(fx, key, tokens.refresh_token);
      expect(next.session_id).toBe(tokens.session_id);
      expect(next.user).toEqual(tokens.user);
      expect(next.access_token).not.toBe(tokens.access_token);
      expect(next.refresh_token).not.toBe(tokens.refresh_token);
      expect(await errorCode(call(fx, key, tokens.access_token))).toBe('notSignedIn');
      expect((await call(fx, key, next.access_token)).id).toBe(tokens.session_id);
      const third = await refresh(fx, key, next.refresh_token);
      expect((await call(fx, key, third.access_token)).id).toBe(tokens.session_id);
    });

    it('renews an expired access token (notSignedIn tells the desktop to refresh)', async () => {
      const { key, tokens } = await signIn(fx);
      fx.clock.advance(10 * 60_000);
      const expired = await errorOf(call(fx, key, tokens.access_token));
      expect(expired.code).toBe('notSignedIn');
      expect(expired.message).toBe('access token expired');
      const next = await refresh(fx, key, tokens.refresh_token);
      await call(fx, key, next.access_token);
    });

    it('needs the key of the session; another key is refused and spends nothing', async () => {
      const { key, tokens } = await signIn(fx);
      const thief = await createDeviceKey();
      expect(await errorCode(refresh(fx, thief, tokens.refresh_token))).toBe('proofInvalid');
      // The real device still refreshes with the same token: the attempt was no replay.
      const next = await refresh(fx, key, tokens.refresh_token);
      await call(fx, key, next.access_token);
    });

    it('a replayed refresh token revokes the whole session, and the device hears it', async () => {
      const { key, tokens } = await signIn(fx);
      const events = listen(fx, tokens.user.userId, tokens.session_id);
      const next = await refresh(fx, key, tokens.refresh_token);
      const replay = await errorOf(refresh(fx, key, tokens.refresh_token));
      expect(replay.code).toBe('sessionRevoked');
      expect(events).toEqual([{ event: 'revoked', data: { reason: 'refresh-replay' } }]);
      // Every token of the session is dead now, the newest ones too.
      expect(await errorCode(call(fx, key, next.access_token))).toBe('sessionRevoked');
      expect(await errorCode(refresh(fx, key, next.refresh_token))).toBe('sessionRevoked');
      const audit = await fx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'session.revoke')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'system', subject: tokens.session_id });
      expect(JSON.parse(audit[0]?.detail_json ?? '{}')).toMatchObject({ reason: 'refresh-replay' });
      const row = await fx.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      expect(row.revoked_reason).toBe('refresh-replay');
    });

    it('two refreshes racing with one token: one wins, the session ends', async () => {
      const { key, tokens } = await signIn(fx);
      const results = await Promise.allSettled([
        refresh(fx, key, tokens.refresh_token),
        refresh(fx, key, tokens.refresh_token),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const row = await fx.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      expect(row.revoked_reason).toBe('refresh-replay');
    });

    it('refuses an unknown refresh token and one older than 30 days', async () => {
      const { key, tokens } = await signIn(fx);
      expect(await errorCode(refresh(fx, key, 'A'.repeat(43)))).toBe('notSignedIn');
      fx.clock.advance(30 * 24 * 3_600_000);
      expect(await errorCode(refresh(fx, key, tokens.refresh_token))).toBe('notSignedIn');
    });
  });

  describe('housekeeping', () => {
    it('deletes logins, codes and refresh tokens once nothing can use them', async () => {
      const { key, tokens } = await signIn(fx);
      await refresh(fx, key, tokens.refresh_token);
      const count = async (table: 'login_requests' | 'auth_codes' | 'refresh_tokens') =>
        (await fx.db.selectFrom(table).selectAll().execute()).length;
      expect([await count('login_requests'), await count('auth_codes')]).toEqual([1, 1]);
      expect(await count('refresh_tokens')).toBe(2);
      // A day later a used refresh token must still be known (to catch its replay).
      fx.clock.advance(25 * 3_600_000);
      await browserLogin(fx);
      expect(await count('refresh_tokens')).toBe(2);
      expect([await count('login_requests'), await count('auth_codes')]).toEqual([1, 1]);
      fx.clock.advance(30 * 24 * 3_600_000);
      await browserLogin(fx);
      expect([await count('login_requests'), await count('auth_codes')]).toEqual([1, 1]);
      expect(await count('refresh_tokens')).toBe(0);
      // The session row stays (audit), but is no longer listed as live.
      expect(await fx.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
      const other = await signIn(fx, { device: device('install-0002', 'Daka · DESK') });
      const session = await call(fx, other.key, other.tokens.access_token);
      expect((await fx.auth.listSessions(session)).sessions.map((s) => s.id)).toEqual([
        other.tokens.session_id,
      ]);
    });
  });
});
