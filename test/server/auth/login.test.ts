import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { PATHS } from '../../../shared/server-api';
import { createDeviceKey } from '../helpers/dpop';
import {
  LOOPBACK,
  PUBLIC_URL,
  browserLogin,
  call,
  errorCode,
  errorOf,
  followToDingTalk,
  pkce,
  redeem,
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

  const start = (overrides: Record<string, unknown> = {}) =>
    fx.auth.startLogin({
      redirect_uri: LOOPBACK,
      state: 'desktop-state-0123456789',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      ...overrides,
    } as Parameters<AuthFixture['auth']['startLogin']>[0]);

  describe('browser sign-in', () => {
    it('goes desktop → DingTalk → server → loopback → tokens, for the employee DingTalk names', async () => {
      const authorize = new URL(await start());
      expect(`${authorize.origin}${authorize.pathname}`).toBe(
        `${fx.sim.urls.loginBase}/oauth2/auth`,
      );
      // The server's own registered redirect, never the desktop's loopback.
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}${PATHS.authCallback}`);
      const pending = await fx.db.selectFrom('login_requests').selectAll().execute();
      expect(pending.map((r) => r.id)).toEqual([authorize.searchParams.get('state')]);
      expect(pending[0]?.expires_at).toBe(fx.clock.now() + 10 * 60_000);

      const login = await browserLogin(fx);
      expect(login.loopback.searchParams.get('state')).toBe(login.state);
      expect(login.code).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const key = await createDeviceKey();
      const tokens = await redeem(fx, key, login);
      expect(tokens).toMatchObject({
        token_type: 'DPoP',
        expires_in: 600,
        user: { userId: DEMO_USERS.fixed, name: '张伟' },
      });
      expect(fx.signIns).toEqual([{ userId: DEMO_USERS.fixed, name: '张伟' }]);
      const session = await call(fx, key, tokens.access_token);
      expect(session).toMatchObject({
        id: tokens.session_id,
        userId: DEMO_USERS.fixed,
        userName: '张伟',
        deviceName: 'Daka · LAPTOP-ZW',
      });
      const row = await fx.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      expect(row.jkt).toBe(key.jkt);
    });

    it('signs in whoever DingTalk says, never a userid from the request', async () => {
      fx.sim.setLoginUser(DEMO_USERS.colleague);
      const tokens = await redeem(fx, await createDeviceKey(), await browserLogin(fx));
      expect(tokens.user).toEqual({ userId: DEMO_USERS.colleague, name: '陈静' });
    });

    it('keeps no token or code in the database, only hashes', async () => {
      const login = await browserLogin(fx);
      const tokens = await redeem(fx, await createDeviceKey(), login);
      const secrets = [login.code, tokens.access_token, tokens.refresh_token];
      for (const table of [
        'login_requests',
        'auth_codes',
        'sessions',
        'refresh_tokens',
        'audit_log',
      ]) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
          fx.db,
        );
        const text = JSON.stringify(rows.rows);
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
      const logged = JSON.stringify(fx.logs);
      for (const secret of secrets) expect(logged).not.toContain(secret);
    });

    it('refuses a redirect that is not loopback http with a port, and PKCE other than S256', async () => {
      for (const redirect of [
        'https://evil.example/callback',
        'http://localhost:53682/callback',
        'http://127.0.0.1/callback',
        'http://127.0.0.1:53682/callback?x=1',
        'http://10.0.0.2:53682/callback',
        // Pass the shared pattern (1-5 digits) but are no port: the callback could not build the URL.
        'http://127.0.0.1:99999/callback',
        'http://127.0.0.1:0/callback',
      ]) {
        const error = await errorOf(start({ redirect_uri: redirect }));
        expect(error.code).toBe('invalidInput');
        expect(error.detail.field).toBe('redirect_uri');
      }
      expect(await errorCode(start({ code_challenge_method: 'plain' }))).toBe('invalidInput');
      expect(await errorCode(start({ code_challenge: 'short' }))).toBe('invalidInput');
      expect(await errorCode(start({ state: 'short' }))).toBe('invalidInput');
      expect(await errorCode(start({ extra: 'x' }))).toBe('invalidInput');
      expect(await fx.db.selectFrom('login_requests').selectAll().execute()).toEqual([]);
      // An IPv6 loopback is fine (RFC 8252 §7.3).
      expect(await start({ redirect_uri: 'http://[::1]:53682/callback' })).toContain(
        '/oauth2/auth',
      );
    });

    it('refuses an unknown state, a state used once already, and one older than 10 minutes', async () => {
      const query = await followToDingTalk(fx, await start());
      expect(await errorCode(fx.auth.callback({ ...query, state: 'not-a-state' }))).toBe(
        'loginStateMismatch',
      );
      expect(await errorCode(fx.auth.callback({ code: query.code }))).toBe('loginStateMismatch');
      await fx.auth.callback(query);
      // The browser's back button, or a copied callback URL.
      expect(await errorCode(fx.auth.callback(query))).toBe('loginStateMismatch');

      const late = await followToDingTalk(fx, await start());
      fx.clock.advance(10 * 60_000);
      expect(await errorCode(fx.auth.callback(late))).toBe('loginTimeout');
    });

    it('sends a declined sign-in back to the desktop as access_denied, at once', async () => {
      fx.sim.setLoginMode('deny');
      const query = await followToDingTalk(fx, await start());
      expect(query.error).toBe('access_denied');
      const back = new URL(await fx.auth.callback(query));
      expect(`${back.origin}${back.pathname}`).toBe(LOOPBACK);
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('state')).toBe('desktop-state-0123456789');
      expect(back.searchParams.has('code')).toBe(false);
      expect(await fx.db.selectFrom('auth_codes').selectAll().execute()).toEqual([]);
      // Without a state we know, there is nobody to send it back to: an error page.
      expect(await errorCode(fx.auth.callback({ ...query, state: 'unknown' }))).toBe('loginDenied');
    });

    it('sends DingTalk refusing the code back to the desktop as server_error, and hands out no code of its own', async () => {
      const query = await followToDingTalk(fx, await start());
      // RFC 6749 §4.1.2.1: the desktop hears it at once instead of waiting out its timeout.
      const back = new URL(
        await fx.auth.callback({ ...query, code: 'forged', authCode: 'forged' }),
      );
      expect(`${back.origin}${back.pathname}`).toBe(LOOPBACK);
      expect(Object.fromEntries(back.searchParams)).toEqual({
        state: 'desktop-state-0123456789',
        error: 'server_error',
        error_description: 'badRequest',
      });
      expect(await fx.db.selectFrom('auth_codes').selectAll().execute()).toEqual([]);
      expect(
        fx.logs.find((l) => l.message === 'auth: DingTalk code exchange failed')?.data,
      ).toEqual({
        code: 'badRequest',
      });
      // The state was spent on the failed attempt.
      expect(await errorCode(fx.auth.callback(query))).toBe('loginStateMismatch');
    });

    it('sends DingTalk being down during the exchange back as server_error too', async () => {
      const query = await followToDingTalk(fx, await start());
      fx.sim.fault('*', { status: 503 });
      const back = new URL(await fx.auth.callback(query));
      expect(back.searchParams.get('error')).toBe('server_error');
      expect(back.searchParams.get('error_description')).toBe('dingtalkBusy');
      expect(back.searchParams.get('state')).toBe('desktop-state-0123456789');
      expect(back.searchParams.has('code')).toBe(false);
    });
  });
});
