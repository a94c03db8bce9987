/**
 * A whole Daka Server (startDakaServer) against the DingTalk simulator over
 * real HTTP on 127.0.0.1, a real SQLite file in a temp folder (or a fresh
 * PostgreSQL schema, see helpers/stores.ts), and desktops
 * driven in code: the browser sign-in followed redirect by redirect, then
 * requests signed with a device key (DPoP).
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  demoOrg,
  SimClock,
  startSimulator,
  type Simulator,
} from '../../main/dingtalk/simulator';
import { PATHS, type TokenReply } from '../../shared/server-api';
import { type RunningServer, startDakaServer, type StartOptions } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';
import { createDeviceKey, dpopHeaders, dpopProof, type DeviceKey } from './helpers/dpop';
import { sqliteStore, type TestDatabase, type TestStore } from './helpers/stores';

/** 2026-11-23 08:58 in Shanghai, a Monday. */
export const START = Date.parse('2026-11-23T00:58:00Z');

export interface ServerFixture {
  sim: Simulator;
  clock: SimClock;
  server: RunningServer;
  base: string;
  dataDir: string;
  /** The server's database (SQLite in dataDir, or a PostgreSQL schema); startServer sets it. */
  database?: TestDatabase;
  logs: string[];
  close(): Promise<void>;
}

export async function startServer(
  extra: Partial<StartOptions> = {},
  store: TestStore = sqliteStore,
): Promise<ServerFixture> {
  const clock = new SimClock({ start: START });
  const sim = await startSimulator({ org: demoOrg(), clock });
  const database = await store.create();
  const dataDir = database.dir;
  const port = await freePort();
  const { config } = loadConfig({
    env: {
      DAKA_SERVER_APP_KEY: DEMO_APP_KEY,
      DAKA_SERVER_APP_SECRET: DEMO_APP_SECRET,
      DAKA_SERVER_PORT: String(port),
      DAKA_SERVER_DATA: dataDir,
      DAKA_SERVER_OAPI_BASE: sim.urls.oapiBase,
      DAKA_SERVER_API_BASE: sim.urls.apiBase,
      DAKA_SERVER_LOGIN_BASE: sim.urls.loginBase,
      DAKA_SERVER_LOG_LEVEL: 'info',
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    },
    home: dataDir,
  });
  const logs: string[] = [];
  const server = await startDakaServer({
    config,
    clock,
    logStream: { write: (line) => void logs.push(line) },
    ...extra,
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    sim,
    clock,
    server,
    base,
    dataDir,
    database,
    logs,
    async close() {
      await server.close();
      await sim.close();
      await database.drop();
    },
  };
}

export interface Desktop {
  key: DeviceKey;
  tokens: TokenReply;
  /** A signed request to the server. */
  // Replies of many shapes; tests read fields by name.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** An open event stream, with what it received so far. */
  events(): Promise<EventStream>;
}

export interface EventStream {
  res: IncomingMessage;
  until(text: string): Promise<string>;
  ended: Promise<string>;
}

const LOOPBACK = 'http://127.0.0.1:53682/callback';

/** The browser's part of a sign-in, as Daka's desktop makes it happen. */
export async function signIn(f: ServerFixture, userId: string): Promise<Desktop> {
  f.sim.setLoginUser(userId);
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const start = new URLSearchParams({
    redirect_uri: LOOPBACK,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const follow = async (url: string) => {
    const res = await fetch(url, { redirect: 'manual' });
    if (res.status !== 302) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.headers.get('location') ?? '';
  };
  const dingtalk = await follow(`${f.base}${PATHS.authLogin}?${start}`);
  const callback = await follow(dingtalk);
  const loopback = new URL(await follow(callback));
  if (loopback.searchParams.get('state') !== state) throw new Error('state not echoed');
  const key = await createDeviceKey();
  const tokenUrl = `${f.base}${PATHS.authToken}`;
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      dpop: await dpopProof(key, { method: 'POST', url: tokenUrl, now: f.clock.now() }),
    },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      code: loopback.searchParams.get('code'),
      code_verifier: verifier,
      redirect_uri: LOOPBACK,
      device: {
        id: `device-${userId}-0001`,
        name: `Daka · ${userId}`,
        platform: 'linux',
        appVersion: '0.1.0',
      },
    }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  const tokens = (await res.json()) as TokenReply;
  const sign = (method: string, url: string) =>
    dpopHeaders(key, tokens.access_token, { method, url, now: f.clock.now() });
  return {
    key,
    tokens,
    async call(method, path, body) {
      const url = `${f.base}${path}`;
      const headers: Record<string, string> = { ...(await sign(method, url.split('?')[0] ?? url)) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const reply = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await reply.text();
      return { status: reply.status, json: text ? JSON.parse(text) : null };
    },
    async events() {
      const url = `${f.base}${PATHS.events}`;
      const headers = await sign('GET', url);
      return new Promise<EventStream>((resolve, reject) => {
        const req = httpRequest(url, { headers }, (res) => {
          let received = '';
          const waiters: { text: string; done: (all: string) => void }[] = [];
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            received += chunk;
            for (const w of [...waiters]) {
              if (received.includes(w.text)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.done(received);
              }
            }
          });
          const ended = new Promise<string>((done) => res.on('close', () => done(received)));
          resolve({
            res,
            ended,
            until: (text) =>
              new Promise((done) => {
                if (received.includes(text)) done(received);
                else waiters.push({ text, done });
              }),
          });
        });
        req.on('error', reject);
        req.end();
      });
    },
  };
}
