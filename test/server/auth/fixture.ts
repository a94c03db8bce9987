/**
 * The auth room against the real simulator (over HTTP on 127.0.0.1) and a real
 * SQLite file or a fresh PostgreSQL schema (with the shared DPoP jti cache, as the
 * server uses there), with the whole browser sign-in driven in code: the desktop's
 * start, DingTalk's redirect (followed by hand), the server's callback, and
 * the token request signed with a device key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createDingTalkClient } from '../../../main/dingtalk';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  SimClock,
  demoOrg,
  startSimulator,
  type Simulator,
} from '../../../main/dingtalk/simulator';
import type { Logger } from '../../../main/ports';
import { AppError, type ErrorCode } from '../../../shared/errors';
import {
  PATHS,
  type DeviceInfo,
  type ServerEvent,
  type TokenReply,
} from '../../../shared/server-api';
import { createAuthService } from '../../../server/auth';
import { createEventBus } from '../../../server/events/bus';
import type { AuthService, EventBus, RequestMeta } from '../../../server/services';
import { createDbReplayCache } from '../../../server/store/jti';
import type { Db } from '../../../server/store/schema';
import { createDeviceKey, dpopHeaders, dpopProof, type DeviceKey } from '../helpers/dpop';
import { sqliteStore, type TestStore } from '../helpers/stores';

/** Nothing listens here: the simulator only redirects the browser to it, and tests follow by hand. */
export const PUBLIC_URL = 'http://127.0.0.1:8788';
export const TOKEN_URL = `${PUBLIC_URL}${PATHS.authToken}`;
export const ME_URL = `${PUBLIC_URL}${PATHS.me}`;
export const LOOPBACK = 'http://127.0.0.1:53682/callback';
/** 2026-11-23 08:30 in Shanghai, a Monday. */
export const START = Date.parse('2026-11-23T00:30:00Z');

export interface LogLine {
  level: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface AuthFixture {
  sim: Simulator;
  clock: SimClock;
  db: Db;
  bus: EventBus;
  auth: AuthService;
  signIns: Array<{ userId: string; name: string | null }>;
  logs: LogLine[];
  close(): Promise<void>;
}

export async function startAuth(options: { store?: TestStore } = {}): Promise<AuthFixture> {
  const clock = new SimClock({ start: START });
  const sim = await startSimulator({ org: demoOrg(), clock });
  const database = await (options.store ?? sqliteStore).create();
  const store = await database.open();
  const logs: LogLine[] = [];
  const logger: Logger = {
    debug: (message, data) => logs.push({ level: 'debug', message, data }),
    info: (message, data) => logs.push({ level: 'info', message, data }),
    warn: (message, data) => logs.push({ level: 'warn', message, data }),
    error: (message, data) => logs.push({ level: 'error', message, data }),
  };
  const dingtalk = createDingTalkClient({
    config: { appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET, ...sim.urls },
    clock,
  });
  const bus = createEventBus();
  const signIns: AuthFixture['signIns'] = [];
  const auth = createAuthService({
    db: store.db,
    ...(store.kind === 'postgres' ? { replay: createDbReplayCache(store.db, clock) } : {}),
    config: { publicUrl: PUBLIC_URL, appKey: DEMO_APP_KEY },
    dingtalk,
    clock,
    bus,
    logger,
    onSignIn: (userId, name) => {
      signIns.push({ userId, name });
    },
  });
  return {
    sim,
    clock,
    db: store.db,
    bus,
    auth,
    signIns,
    logs,
    async close() {
      await store.close();
      await sim.close();
      await database.drop();
    },
  };
}

export const meta = (method: string, url: string, ip: string | null = '10.0.0.7'): RequestMeta => ({
  method,
  url,
  ip,
});

export function device(id = 'install-0001', name = 'Daka · LAPTOP-ZW'): DeviceInfo {
  return { id, name, platform: 'win32', appVersion: '1.4.0' };
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface BrowserLogin {
  /** The server's one-time code, as the loopback receiver got it. */
  code: string;
  /** The desktop's state, echoed back. */
  state: string;
  pkce: Pkce;
  redirectUri: string;
  /** The whole loopback URL. */
  loopback: URL;
}

/** Where the simulator's authorize page (auto mode) sent the browser. */
export async function followToDingTalk(
  fx: AuthFixture,
  authorizeUrl: string,
): Promise<Record<string, string>> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location') ?? '');
  expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}${PATHS.authCallback}`);
  return Object.fromEntries(back.searchParams);
}

/** Desktop → server → DingTalk → server → loopback: the browser half of a sign-in. */
export async function browserLogin(
  fx: AuthFixture,
  options: { redirectUri?: string } = {},
): Promise<BrowserLogin> {
  const codes = pkce();
  const state = randomBytes(16).toString('hex');
  const redirectUri = options.redirectUri ?? LOOPBACK;
  const authorizeUrl = await fx.auth.startLogin({
    redirect_uri: redirectUri,
    state,
    code_challenge: codes.challenge,
    code_challenge_method: 'S256',
  });
  const query = await followToDingTalk(fx, authorizeUrl);
  const loopback = new URL(await fx.auth.callback(query));
  expect(`${loopback.origin}${loopback.pathname}`).toBe(redirectUri);
  return {
    code: loopback.searchParams.get('code') ?? '',
    state: loopback.searchParams.get('state') ?? '',
    pkce: codes,
    redirectUri,
    loopback,
  };
}

/** The token request of a sign-in, signed by `key`. */
export async function redeem(
  fx: AuthFixture,
  key: DeviceKey,
  login: BrowserLogin,
  overrides: { verifier?: string; redirectUri?: string; device?: DeviceInfo } = {},
): Promise<TokenReply> {
  return fx.auth.token(
    {
      grant_type: 'authorization_code',
      code: login.code,
      code_verifier: overrides.verifier ?? login.pkce.verifier,
      redirect_uri: overrides.redirectUri ?? login.redirectUri,
      device: overrides.device ?? device(),
    },
    await dpopProof(key, { method: 'POST', url: TOKEN_URL, now: fx.clock.now() }),
    meta('POST', TOKEN_URL),
  );
}

export interface SignedIn {
  key: DeviceKey;
  tokens: TokenReply;
}

/** A whole sign-in on a new device key. */
export async function signIn(
  fx: AuthFixture,
  options: { user?: string; device?: DeviceInfo; key?: DeviceKey } = {},
): Promise<SignedIn> {
  if (options.user) fx.sim.setLoginUser(options.user);
  const key = options.key ?? (await createDeviceKey());
  const tokens = await redeem(fx, key, await browserLogin(fx), { device: options.device });
  return { key, tokens };
}

export async function refresh(
  fx: AuthFixture,
  key: DeviceKey,
  refreshToken: string,
): Promise<TokenReply> {
  return fx.auth.token(
    { grant_type: 'refresh_token', refresh_token: refreshToken },
    await dpopProof(key, { method: 'POST', url: TOKEN_URL, now: fx.clock.now() }),
    meta('POST', TOKEN_URL),
  );
}

/** A signed GET of /v1/me (what any resource request does first). */
export async function call(
  fx: AuthFixture,
  key: DeviceKey,
  accessToken: string,
  request: { method?: string; url?: string } = {},
) {
  const method = request.method ?? 'GET';
  const url = request.url ?? ME_URL;
  const headers = await dpopHeaders(key, accessToken, { method, url, now: fx.clock.now() });
  return fx.auth.authenticate(headers.authorization, headers.dpop, meta(method, url));
}

/** The AppError `promise` rejects with (fails the test when it resolves or throws anything else). */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

export async function errorCode(promise: Promise<unknown>): Promise<ErrorCode> {
  return (await errorOf(promise)).code;
}

/** Every event delivered to `session` from now on. */
export function listen(fx: AuthFixture, userId: string, sessionId: string): ServerEvent[] {
  const events: ServerEvent[] = [];
  fx.bus.subscribe({ userId, sessionId }, (event) => events.push(event));
  return events;
}
