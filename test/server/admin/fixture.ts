/**
 * A whole Daka Server with administrators configured, against the DingTalk
 * simulator over real HTTP, and a browser in code for the admin console:
 * the DingTalk sign-in followed redirect by redirect, cookies kept by hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  demoOrg,
  SimClock,
  startSimulator,
} from '../../../main/dingtalk/simulator';
import { startDakaServer, type StartOptions } from '../../../server/app';
import { loadConfig } from '../../../server/config';
import { freePort } from '../../../server/demo';
import { START, type ServerFixture } from '../app-fixture';

export const ADMIN = 'lina';

export async function startAdminServer(
  extra: Partial<StartOptions> & { env?: Record<string, string> } = {},
): Promise<ServerFixture> {
  const { env, ...options } = extra;
  const clock = new SimClock({ start: START });
  const sim = await startSimulator({ org: demoOrg(), clock });
  const dataDir = await mkdtemp(join(tmpdir(), 'daka-admin-'));
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
      DAKA_SERVER_LOG_LEVEL: 'warn',
      DAKA_SERVER_ADMINS: ADMIN,
      ...env,
    },
    home: dataDir,
  });
  const logs: string[] = [];
  const server = await startDakaServer({
    config,
    clock,
    logStream: { write: (line) => void logs.push(line) },
    ...options,
  });
  return {
    sim,
    clock,
    server,
    base: `http://127.0.0.1:${port}`,
    dataDir,
    logs,
    async close() {
      await server.close();
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Replies of many shapes; tests read fields by name.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface AdminBrowser {
  /** name=value of every cookie this browser holds. */
  cookies: Map<string, string>;
  /** The Set-Cookie headers of the sign-in's callback. */
  setCookies: string[];
  /** The final answer of the sign-in (a redirect to /admin/, or the refusal page). */
  landing: Reply;
  csrf: string | null;
  call(
    method: string,
    path: string,
    body?: unknown,
    options?: { csrf?: string | null; origin?: string },
  ): Promise<Reply>;
}

async function toReply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

function keep(cookies: Map<string, string>, res: Response): string[] {
  const all = res.headers.getSetCookie();
  for (const line of all) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
    else cookies.set(name, value);
  }
  return all;
}

const cookieHeader = (cookies: Map<string, string>) =>
  [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in to the console as `userId` (whoever the simulator's DingTalk login is). */
export async function adminSignIn(f: ServerFixture, userId: string): Promise<AdminBrowser> {
  f.sim.setLoginUser(userId);
  const cookies = new Map<string, string>();
  const start = await fetch(`${f.base}/admin/login`, { redirect: 'manual' });
  keep(cookies, start);
  if (start.status !== 302) throw new Error(`login: ${start.status} ${await start.text()}`);
  const dingtalk = await fetch(start.headers.get('location') ?? '', { redirect: 'manual' });
  const callbackUrl = dingtalk.headers.get('location') ?? '';
  if (!callbackUrl.includes('/admin/callback')) throw new Error(`not back: ${callbackUrl}`);
  const back = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: { cookie: cookieHeader(cookies) },
  });
  const setCookies = keep(cookies, back);
  const landing = await toReply(back);
  const browser: AdminBrowser = {
    cookies,
    setCookies,
    landing,
    csrf: null,
    async call(method, path, body, options = {}) {
      const headers: Record<string, string> = { cookie: cookieHeader(cookies) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const csrf = options.csrf === undefined ? browser.csrf : options.csrf;
      if (csrf) headers['x-csrf-token'] = csrf;
      if (options.origin) headers.origin = options.origin;
      const res = await fetch(`${f.base}${path}`, {
        method,
        headers,
        redirect: 'manual',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      keep(cookies, res);
      return toReply(res);
    },
  };
  if (landing.status === 302) {
    const me = await browser.call('GET', '/admin/api/me');
    browser.csrf = me.json?.csrfToken ?? null;
  }
  return browser;
}
