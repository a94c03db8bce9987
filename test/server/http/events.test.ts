import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PATHS } from '../../../shared/server-api';
import type { EventStreams } from '../../../server/http/events';
import { as, fakeApp, type Fakes, SESSIONS } from './fakes';

let app: FastifyInstance;
let fakes: Fakes;
let streams: EventStreams;
let base: string;
beforeEach(async () => {
  ({ app, fakes, streams } = await fakeApp({ heartbeatMs: 50 }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await app.close();
});

interface Stream {
  res: IncomingMessage;
  /** Resolves with everything received once `text` has arrived. */
  until(text: string): Promise<string>;
  ended: Promise<string>;
}

function connect(who: 'A' | 'B'): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${PATHS.events}`, { headers: as(who, PATHS.events) }, (res) => {
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
      const ended = new Promise<string>((done) => res.on('end', () => done(received)));
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
}

describe('GET /v1/events (Server-Sent Events)', () => {
  it("delivers my events as event:/data: lines, not another employee's", async () => {
    const a = await connect('A');
    const b = await connect('B');
    expect(a.res.statusCode).toBe(200);
    expect(a.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(a.res.headers['x-accel-buffering']).toBe('no');
    await a.until(': connected');
    await b.until(': connected');
    fakes.services.bus.publish(
      { userId: SESSIONS.A.userId },
      { event: 'day', data: { date: '2026-11-24' } },
    );
    fakes.services.bus.publish(
      { userId: SESSIONS.B.userId },
      { event: 'day', data: { date: '2026-11-25' } },
    );
    const got = await a.until('event: day\ndata: {"date":"2026-11-24"}\n\n');
    expect(got).not.toContain('2026-11-25');
    await b.until('2026-11-25');
    await fakes.services.policies.set({ ...fakes.policies, punchingEnabled: false }, 'lina');
    expect(await a.until('event: policy\n')).toContain('"punchingEnabled":false');
    await b.until('event: policy\n');
    a.res.destroy();
    b.res.destroy();
  });

  it('sends a heartbeat comment', async () => {
    const a = await connect('A');
    await a.until(': heartbeat\n\n');
    a.res.destroy();
  });

  it('sends revoked and closes the stream; the session cannot reconnect', async () => {
    const a = await connect('A');
    const b = await connect('B');
    await a.until(': connected');
    await fakes.services.auth.revoke(SESSIONS.A.id, 'revoked by IT', 'lina');
    const all = await a.ended;
    expect(all).toContain('event: revoked\ndata: {"reason":"revoked by IT"}\n\n');
    const again = await connect('A');
    expect(again.res.statusCode).toBe(401);
    expect(JSON.parse(await again.ended).error.code).toBe('sessionRevoked');
    expect(streams.count).toBe(1);
    b.res.destroy();
  });

  it('forgets a stream whose client went away', async () => {
    const a = await connect('A');
    await a.until(': connected');
    expect(streams.count).toBe(1);
    a.res.destroy();
    await new Promise<void>((done) => {
      const poll = () => (streams.count === 0 ? done() : setTimeout(poll, 5));
      poll();
    });
    expect(streams.count).toBe(0);
  });

  it('ends open streams when the server closes', async () => {
    const a = await connect('A');
    await a.until(': connected');
    await app.close();
    await a.ended;
    expect(streams.count).toBe(0);
  });
});

describe('the event stream response', () => {
  it("carries the server clock's Date, like every other reply (the desktop measures its skew on it)", async () => {
    const at = Date.parse('2026-11-24T01:00:00Z');
    const other = await fakeApp({ heartbeatMs: 50, clock: { now: () => at } });
    const url = await other.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = httpRequest(
          `${url}${PATHS.events}`,
          { headers: as('A', PATHS.events) },
          resolve,
        );
        req.on('error', reject);
        req.end();
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers.date).toBe('Tue, 24 Nov 2026 01:00:00 GMT');
      expect(res.headers['cache-control']).toBe('no-store');
      res.destroy();
    } finally {
      await other.app.close();
    }
  });
});
