import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PATHS } from '../../../shared/server-api';
import { as, fakeApp } from './fakes';

let app: FastifyInstance;
let port: number;
beforeEach(async () => {
  ({ app } = await fakeApp());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterEach(async () => {
  await app.close();
});

/** Writes raw bytes on a socket and returns the status line of the reply. */
function raw(head: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (reply.includes('\r\n')) {
        resolve(reply.split('\r\n', 1)[0] ?? '');
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.write(head + body);
  });
}

describe('payloads over a real socket', () => {
  it('answers a declared 10 MB body with 413 at once, without waiting for it', async () => {
    const headers = as('A', PATHS.punches, 'POST');
    const status = await raw(
      `POST ${PATHS.punches} HTTP/1.1\r\nHost: x\r\nAuthorization: ${headers.authorization}\r\n` +
        `DPoP: ${headers.dpop}\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n`,
      '{"intentId":',
    );
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('answers an oversized chunked body with 413', async () => {
    const chunk = 'x'.repeat(8 * 1024);
    const body = `${(8 * 1024).toString(16)}\r\n${chunk}\r\n`.repeat(4);
    const status = await raw(
      `POST ${PATHS.authToken} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        'Transfer-Encoding: chunked\r\n\r\n',
      body,
    );
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('answers 300 random malformed bodies and queries with a 4xx each', async () => {
    // A fixed-seed generator: the same cases on every run.
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pieces = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      'null',
      '1e999',
      '-0',
      'true',
      '\\u0000',
      'intentId',
      'userId',
      '\u{1F600}',
      ' ',
      '__proto__',
    ];
    const garbage = () =>
      Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const text = garbage();
      const res =
        i % 3 === 0
          ? await app.inject({
              url: `${PATHS.records}?from=${encodeURIComponent(text)}&to=1`,
              headers: as('A', PATHS.records),
            })
          : await app.inject({
              method: 'POST',
              url: i % 3 === 1 ? PATHS.punches : PATHS.authToken,
              headers: { ...as('A', PATHS.punches, 'POST'), 'content-type': 'application/json' },
              payload: text,
            });
      statuses.add(res.statusCode);
      expect(res.statusCode, text).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, text).toBeLessThan(500);
      expect(res.json().error.code, text).toBe('invalidInput');
    }
    expect([...statuses]).toEqual([400]);
  });
});
