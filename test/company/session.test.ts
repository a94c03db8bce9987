import { EmbeddedJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { CompanyApi } from '../../main/company/api';
import { accessTokenHash, loadDeviceKey } from '../../main/company/dpop';
import { ServerHttp } from '../../main/company/http';
import { ServerSession } from '../../main/company/session';
import { PROOF_MAX_SKEW_S } from '../../server/auth/limits';
import type { AppErrorPayload } from '../../shared/errors';

const SERVER = 'https://daka.example.com';
const user = { userId: 'u-0001', name: '王小明' };
const me = {
  user,
  policies: {
    punchingEnabled: true,
    maxOfflineMinutes: 15,
    repeatGuardMinutes: 10,
    allowedClockDifferenceSeconds: 60,
  },
  timeZone: 'Asia/Shanghai',
  server: { version: '1.0.0', apiVersion: 1, mode: 'demo' },
  session: { id: 's1', deviceName: 'Daka · test', createdAt: 1 },
};

const json = (status: number, body: unknown, at = Date.now()) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', date: new Date(at).toUTCString() },
  });

/** A fake server: rotates refresh tokens, checks every proof, logs what happened in order. */
function fakeServer(
  options: {
    refuseRefresh?: AppErrorPayload;
    meFails?: AppErrorPayload[];
    /** The next N refreshes are done by the server but their reply is lost on the way back. */
    loseRefreshReplies?: number;
    /** The next N refreshes never reach the server (connection refused). */
    refuseRefreshConnections?: number;
    /** Refresh replies wait for this before they are sent. */
    holdRefresh?: Promise<void>;
    /** The server's clock is this far ahead of the real one; set, it refuses stale proofs (60 s). */
    serverAheadMs?: number;
  } = {},
) {
  const serverNow = () => Date.now() + (options.serverAheadMs ?? 0);
  const reply = (status: number, body: unknown) => json(status, body, serverNow());
  let lose = options.loseRefreshReplies ?? 0;
  let refuse = options.refuseRefreshConnections ?? 0;
  const netError = (code: string) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
  const log: string[] = [];
  let generation = 0;
  let validRefresh = 'refresh-0000000000000000';
  const meFails = [...(options.meFails ?? [])];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const proof = headers.get('dpop') ?? '';
    const { payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      currentDate: new Date(serverNow()),
    });
    expect(payload.htu).toBe(`${SERVER}${url.pathname}`);
    expect(payload.htm).toBe(init?.method ?? 'GET');
    const stale = Math.abs((payload.iat ?? 0) * 1000 - serverNow()) > PROOF_MAX_SKEW_S * 1000;
    if (options.serverAheadMs !== undefined && stale) {
      // Like server/auth/dpop.ts: refused before the refresh token is looked at.
      log.push(`stale proof ${url.pathname}`);
      const error = { code: 'proofInvalid', message: 'DPoP proof is not fresh (iat)' };
      return reply(401, { error });
    }
    if (url.pathname === '/v1/auth/token') {
      if (refuse > 0) {
        refuse -= 1;
        throw netError('ECONNREFUSED');
      }
      const body = JSON.parse(String(init?.body)) as { refresh_token: string };
      log.push(`refresh ${body.refresh_token}`);
      if (options.refuseRefresh) return reply(401, { error: options.refuseRefresh });
      if (body.refresh_token !== validRefresh) {
        return reply(401, { error: { code: 'sessionRevoked', message: 'replayed' } });
      }
      generation += 1;
      validRefresh = `refresh-${String(generation).padStart(16, '0')}`;
      if (lose > 0) {
        lose -= 1;
        throw netError('ECONNRESET');
      }
      if (options.holdRefresh) await options.holdRefresh;
      return reply(200, {
        access_token: `access-${generation}`,
        token_type: 'DPoP',
        expires_in: 600,
        refresh_token: validRefresh,
        session_id: 's1',
        user,
      });
    }
    const auth = headers.get('authorization') ?? '';
    const token = auth.replace(/^DPoP /, '');
    expect(payload.ath).toBe(accessTokenHash(token));
    log.push(`${url.pathname} ${token}`);
    const fail = meFails.shift();
    if (fail) return reply(401, { error: fail });
    return reply(200, me);
  };
  return { fetchFn, log };
}

async function setup(server: ReturnType<typeof fakeServer>, start = 'refresh-0000000000000000') {
  let now = Date.now();
  const clock = { now: () => now };
  const keyStore = { value: undefined as string | undefined };
  const key = loadDeviceKey({
    load: () => keyStore.value,
    save: (v) => {
      keyStore.value = v;
    },
  });
  const http = new ServerHttp({
    server: SERVER,
    deviceKey: () => key,
    clock,
    fetch: server.fetchFn,
  });
  let stored: string | undefined = start;
  const signedOut: AppErrorPayload[] = [];
  const session = new ServerSession({
    http,
    clock,
    refreshToken: {
      get: () => stored,
      set: (v) => {
        server.log.push(`store ${v}`);
        stored = v;
      },
      delete: () => {
        stored = undefined;
      },
    },
    onSignedOut: (reason) => signedOut.push(reason),
  });
  return {
    session,
    api: new CompanyApi(http, session),
    stored: () => stored,
    signedOut,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ServerSession', () => {
  it('refreshes once for many callers and stores the new refresh token before using the access token', async () => {
    const server = fakeServer();
    const s = await setup(server);
    const tokens = await Promise.all([1, 2, 3, 4].map(() => s.session.accessToken()));
    expect(new Set(tokens)).toEqual(new Set(['access-1']));
    expect(server.log.filter((l) => l.startsWith('refresh'))).toHaveLength(1);
    await s.api.me();
    expect(server.log).toEqual([
      'refresh refresh-0000000000000000',
      'store refresh-0000000000000001',
      '/v1/me access-1',
    ]);
  });

  it('renews before the access token expires, with the rotated refresh token', async () => {
    const server = fakeServer();
    const s = await setup(server);
    await s.api.me();
    s.advance(9.5 * 60_000);
    await s.api.me();
    expect(server.log.filter((l) => l.startsWith('refresh'))).toEqual([
      'refresh refresh-0000000000000000',
      'refresh refresh-0000000000000001',
    ]);
    expect(s.stored()).toBe('refresh-0000000000000002');
  });

  it('a refused refresh signs the device out with the server’s reason', async () => {
    const server = fakeServer({ refuseRefresh: { code: 'sessionRevoked', message: 'by IT' } });
    const s = await setup(server);
    await expect(s.api.me()).rejects.toMatchObject({ code: 'sessionRevoked' });
    expect(s.stored()).toBeUndefined();
    expect(s.signedOut).toEqual([
      expect.objectContaining({ code: 'sessionRevoked', message: 'by IT' }),
    ]);
    expect(s.session.signedIn()).toBe(false);
  });

  it('an access token the server forgot is refreshed once and the call made again', async () => {
    const server = fakeServer({ meFails: [{ code: 'notSignedIn', message: 'unknown token' }] });
    const s = await setup(server);
    expect((await s.api.me()).user).toEqual(user);
    expect(server.log).toEqual([
      'refresh refresh-0000000000000000',
      'store refresh-0000000000000001',
      '/v1/me access-1',
      'refresh refresh-0000000000000001',
      'store refresh-0000000000000002',
      '/v1/me access-2',
    ]);
    expect(s.signedOut).toEqual([]);
  });

  it('a refresh whose reply was lost is never sent again (a replay ends the session): sign in again', async () => {
    const server = fakeServer({ loseRefreshReplies: 1 });
    const s = await setup(server);
    await expect(s.api.me()).rejects.toMatchObject({ code: 'notSignedIn' });
    expect(s.stored()).toBeUndefined();
    expect(s.signedOut.map((r) => r.code)).toEqual(['notSignedIn']);
    await expect(s.api.me()).rejects.toMatchObject({ code: 'notSignedIn' });
    // The spent token went out once: no replay for the server to take as theft.
    expect(server.log.filter((l) => l.startsWith('refresh'))).toEqual([
      'refresh refresh-0000000000000000',
    ]);
  });

  it('a refresh that never left (connection refused) keeps the token and works later', async () => {
    const server = fakeServer({ refuseRefreshConnections: 1 });
    const s = await setup(server);
    await expect(s.api.me()).rejects.toMatchObject({ code: 'serverUnreachable' });
    expect(s.stored()).toBe('refresh-0000000000000000');
    expect(s.signedOut).toEqual([]);
    expect((await s.api.me()).user).toEqual(user);
    expect(s.stored()).toBe('refresh-0000000000000001');
  });

  it('a refresh that answers after the tokens were forgotten stores nothing (a new sign-in keeps its own)', async () => {
    let release!: () => void;
    const server = fakeServer({ holdRefresh: new Promise((r) => (release = r)) });
    const s = await setup(server);
    const pending = s.session.accessToken();
    // Signed out (or another server chosen) while the refresh is on its way...
    s.session.forget();
    // ...and signed in again at once.
    s.session.adopt({
      access_token: 'access-new',
      token_type: 'DPoP',
      expires_in: 600,
      refresh_token: 'refresh-new-000000000000',
      session_id: 's2',
      user,
    });
    release();
    await expect(pending).rejects.toMatchObject({ code: 'notSignedIn' });
    expect(s.stored()).toBe('refresh-new-000000000000');
    expect(await s.session.accessToken()).toBe('access-new');
  });

  it('sign-out forgets the tokens before telling the server: a sign-in made meanwhile stays', async () => {
    const server = fakeServer();
    const s = await setup(server);
    await s.api.me();
    const told = s.api.logout();
    // Forgotten already, before the server has answered (or even been reached).
    expect(s.stored()).toBeUndefined();
    expect(s.session.signedIn()).toBe(false);
    s.session.adopt({
      access_token: 'access-new',
      token_type: 'DPoP',
      expires_in: 600,
      refresh_token: 'refresh-new-000000000000',
      session_id: 's2',
      user,
    });
    await told;
    expect(server.log.at(-1)).toBe('/v1/auth/logout access-1');
    expect(s.stored()).toBe('refresh-new-000000000000');
  });

  it('a call answered sessionRevoked ends the session at once', async () => {
    const server = fakeServer({ meFails: [{ code: 'sessionRevoked', message: 'revoked' }] });
    const s = await setup(server);
    await expect(s.api.me()).rejects.toMatchObject({ code: 'sessionRevoked' });
    expect(s.signedOut.map((r) => r.code)).toEqual(['sessionRevoked']);
    await expect(s.api.me()).rejects.toMatchObject({ code: 'notSignedIn' });
  });

  it('a desktop clock minutes off is not signed out at start: the refused proof teaches the skew, and the refresh goes once more', async () => {
    const server = fakeServer({ serverAheadMs: 3 * 60_000 });
    const s = await setup(server);
    expect((await s.api.me()).user).toEqual(user);
    expect(s.signedOut).toEqual([]);
    expect(server.log).toEqual([
      'stale proof /v1/auth/token',
      'refresh refresh-0000000000000000',
      'store refresh-0000000000000001',
      '/v1/me access-1',
    ]);
  });

  it('a proof refused again with the skew known is the end of the session', async () => {
    const server = fakeServer({ refuseRefresh: { code: 'proofInvalid', message: 'another key' } });
    const s = await setup(server);
    await expect(s.api.me()).rejects.toMatchObject({ code: 'proofInvalid' });
    expect(s.signedOut.map((r) => r.code)).toEqual(['proofInvalid']);
    expect(server.log.filter((l) => l.startsWith('refresh'))).toHaveLength(1);
  });
});
