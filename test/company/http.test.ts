/**
 * The wire to the company server over real sockets on 127.0.0.1: no answer
 * (nobody listening, or a server that never replies in time) is
 * serverUnreachable, not DingTalk's networkDown; the company server's own
 * errors keep their code; whether an unanswered request may have reached it
 * is said (a lost refresh must not be replayed). The DPoP proof's htu is the server URL and the path,
 * never the query.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadDeviceKey } from '../../main/company/dpop';
import { ServerHttp } from '../../main/company/http';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nobody listens on (a server opened and closed again). */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

function wire(server: string, timeoutMs = 5000) {
  const calls: { ok: boolean; errorCode?: string }[] = [];
  let stored: string | undefined;
  const key = loadDeviceKey({ load: () => stored, save: (v) => (stored = v) });
  const http = new ServerHttp({
    server,
    deviceKey: () => key,
    clock: { now: () => Date.now() },
    timeoutMs,
    onCall: (e) => calls.push(e),
  });
  return { http, calls };
}

describe('company server wire', () => {
  it('nobody listening at the address is serverUnreachable', async () => {
    const { http, calls } = wire(await closedPort());
    await expect(http.json('GET', '/v1/me', z.object({}))).rejects.toMatchObject({
      code: 'serverUnreachable',
      // Refused before anything was written: a refresh token sent so is not spent.
      detail: { api: '/v1/me', delivery: 'notSent' },
    });
    expect(calls).toEqual([{ path: '/v1/me', ok: false, errorCode: 'serverUnreachable' }]);
  });

  it('a server that does not answer in time is serverUnreachable', async () => {
    const base = await listen(() => undefined); // accepts, never answers
    const { http } = wire(base, 150);
    await expect(http.json('GET', '/v1/me', z.object({}))).rejects.toMatchObject({
      code: 'serverUnreachable',
      // The server had the request: it may have acted on it.
      detail: { delivery: 'unknown' },
    });
  });

  it('the server’s own error keeps its code; the proof’s htu has no query', async () => {
    const seen: { url: string; htu: unknown }[] = [];
    const base = await listen((req, res) => {
      seen.push({ url: req.url ?? '', htu: decodeJwt(String(req.headers.dpop)).htu });
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'serverUnavailable', message: 'db' } }));
    });
    const { http } = wire(base);
    await expect(
      http.json('GET', '/v1/records', z.object({}), { query: { from: 1, to: 2 } }),
    ).rejects.toMatchObject({ code: 'serverUnavailable' });
    expect(seen).toEqual([{ url: '/v1/records?from=1&to=2', htu: `${base}/v1/records` }]);
  });
});
