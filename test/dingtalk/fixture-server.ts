/**
 * A small purpose-built DingTalk stand-in for the client's tests: a real
 * node:http server on 127.0.0.1 that records every request and answers each
 * path from a script (documented replies, errors, hangs, dropped connections).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDingTalkClient, type DingTalkClientOptions } from '../../main/dingtalk';
import type { CallEvent, PersistedToken, TokenStore } from '../../main/dingtalk';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The parsed JSON body, or undefined when there is none. */
  body: unknown;
}

export type FixtureReply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; text: string; headers?: Record<string, string> }
  /** Never answer (the client times out). */
  | { hang: true }
  /** Read the request, then drop the connection without a reply. */
  | { drop: true };

export type Route = FixtureReply | ((req: RecordedRequest, hit: number) => FixtureReply);

export interface Fixture {
  url: string;
  requests: RecordedRequest[];
  /** Requests to one path, in order. */
  hits(path: string): RecordedRequest[];
  /** Sets (or replaces) the reply for a path. */
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

export async function startFixture(routes: Record<string, Route> = {}): Promise<Fixture> {
  const table = new Map<string, Route>(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const hitsByPath = new Map<string, number>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        body = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        rawBody,
        body,
      };
      requests.push(recorded);
      const hit = (hitsByPath.get(url.pathname) ?? 0) + 1;
      hitsByPath.set(url.pathname, hit);
      const route = table.get(url.pathname);
      const reply: FixtureReply = !route
        ? { status: 404, json: { errcode: 404, errmsg: 'no fixture route' } }
        : typeof route === 'function'
          ? route(recorded, hit)
          : route;
      answer(res, reply);
    });
  });

  function answer(res: ServerResponse, reply: FixtureReply): void {
    if ('hang' in reply) return;
    if ('drop' in reply) {
      res.socket?.destroy();
      return;
    }
    const isJson = 'json' in reply;
    const body = isJson ? JSON.stringify(reply.json) : reply.text;
    res.writeHead(reply.status ?? 200, {
      'content-type': isJson ? 'application/json;charset=utf-8' : 'text/plain;charset=utf-8',
      ...reply.headers,
    });
    res.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (path) => requests.filter((r) => r.path === path),
    route: (path, route) => table.set(path, route),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SAMPLES = new URL('./samples/', import.meta.url);

/** A verbatim response example from the DingTalk doc pages. */
export function sample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}.json`, SAMPLES), 'utf8'));
}

/** Replies that cover the token fetch, so tests can focus on one API. */
export const TOKEN_ROUTE: Route = {
  json: { errcode: 0, access_token: 'app-token-1', expires_in: 7200, errmsg: 'ok' },
};

export const oapiOk = (extra: Record<string, unknown> = {}): FixtureReply => ({
  json: { errcode: 0, errmsg: 'ok', ...extra },
});

export const oapiError = (errcode: number | string, errmsg = 'error'): FixtureReply => ({
  json: { errcode, errmsg },
});

export class MemoryTokenStore implements TokenStore {
  saved: PersistedToken | undefined;
  saves = 0;
  clears = 0;
  constructor(initial?: PersistedToken) {
    this.saved = initial;
  }
  load() {
    return this.saved;
  }
  save(token: PersistedToken) {
    this.saves += 1;
    this.saved = token;
  }
  clear() {
    this.clears += 1;
    this.saved = undefined;
  }
}

export const APP_KEY = 'dingappkey123';
export const APP_SECRET = 'super-secret-value-42';

export interface TestClient {
  client: ReturnType<typeof createDingTalkClient>;
  events: CallEvent[];
  sleeps: number[];
}

/** A client aimed at the fixture, with fast backoff and a recorded sleep. */
export function testClient(
  fixture: Fixture,
  overrides: Partial<Omit<DingTalkClientOptions, 'config'>> & {
    config?: Partial<DingTalkClientOptions['config']>;
  } = {},
): TestClient {
  const events: CallEvent[] = [];
  const sleeps: number[] = [];
  const { config, ...rest } = overrides;
  const client = createDingTalkClient({
    config: {
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      oapiBase: fixture.url,
      apiBase: fixture.url,
      timeoutMs: 2_000,
      backoffMs: 1,
      ...config,
    },
    onCall: (e) => events.push(e),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...rest,
  });
  return { client, events, sleeps };
}

/** The AppError a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{
  code: string;
  message: string;
  detail: Record<string, unknown>;
}> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; detail: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}
