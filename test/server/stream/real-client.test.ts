/**
 * The real dingtalk-stream DWClient against a stand-in for DingTalk's gateway on
 * 127.0.0.1. The package posts to a hard-coded https://api.dingtalk.com URL, so
 * the child process gets HTTPS_PROXY (axios honours it and tunnels with CONNECT)
 * and NODE_EXTRA_CA_CERTS (a throw-away self-signed certificate for
 * api.dingtalk.com, so TLS is verified as in production). The proxy refuses any
 * other CONNECT target: no traffic leaves the machine.
 */
import {
  type ChildProcessWithoutNullStreams,
  execFileSync,
  spawn,
  spawnSync,
} from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { checkRecordFrame, punch } from './fakes';

const KEY = 'dingstreamtestkey';
const SECRET = 'stream-test-secret-9f8e7d6c5b4a';

interface Gateway {
  proxyPort: number;
  opens: { clientId: string; subscriptions: unknown }[];
  sockets: WebSocket[];
  /** Frames each socket sent back (acks, ping replies), parsed. */
  received: Map<WebSocket, Record<string, unknown>[]>;
  nextSocket(): Promise<WebSocket>;
  close(): Promise<void>;
}

async function startGateway(dir: string): Promise<Gateway> {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  // prettier-ignore
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=api.dingtalk.com',
    '-addext', 'subjectAltName=DNS:api.dingtalk.com',
    '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });

  const tickets = new Set<string>();
  const opens: Gateway['opens'] = [];
  const sockets: WebSocket[] = [];
  const received = new Map<WebSocket, Record<string, unknown>[]>();
  const waiting: ((socket: WebSocket) => void)[] = [];
  /** Sockets already handed to a nextSocket() caller. */
  let claimed = 0;

  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const wsPort = (wss.address() as AddressInfo).port;
  wss.on('connection', (socket, request) => {
    const ticket = new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams.get('ticket');
    // A ticket opens one connection only (DingTalk: 90 s, single use).
    if (ticket === null || !tickets.delete(ticket)) {
      socket.close(4001, 'bad ticket');
      return;
    }
    received.set(socket, []);
    socket.on('message', (raw) => {
      received.get(socket)?.push(JSON.parse(String(raw)) as Record<string, unknown>);
    });
    sockets.push(socket);
    const waiter = waiting.shift();
    if (waiter !== undefined) {
      claimed += 1;
      waiter(socket);
    }
  });

  // connections/open, behind the TLS tunnel.
  const api = https.createServer(
    { key: readFileSync(keyFile), cert: readFileSync(certFile) },
    (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += String(chunk)));
      req.on('end', () => {
        const reply = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        if (req.method !== 'POST' || req.url !== '/v1.0/gateway/connections/open') {
          reply(404, { code: 'notFound' });
          return;
        }
        const parsed = JSON.parse(body) as {
          clientId: string;
          clientSecret: string;
          subscriptions: unknown;
        };
        if (parsed.clientId !== KEY || parsed.clientSecret !== SECRET) {
          reply(401, { code: 'invalidClientIdOrSecret', message: 'bad credentials' });
          return;
        }
        opens.push({ clientId: parsed.clientId, subscriptions: parsed.subscriptions });
        const ticket = randomUUID();
        tickets.add(ticket);
        reply(200, { endpoint: `ws://127.0.0.1:${wsPort}/connect`, ticket });
      });
    },
  );

  const proxy = http.createServer((_req, res) => {
    res.writeHead(403);
    res.end();
  });
  proxy.on('connect', (req, socket, head) => {
    if (req.url !== 'api.dingtalk.com:443') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    api.emit('connection', socket);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');

  return {
    proxyPort: (proxy.address() as AddressInfo).port,
    opens,
    sockets,
    received,
    nextSocket: () => {
      const ready = sockets[claimed];
      if (ready !== undefined) {
        claimed += 1;
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise((resolve) => wss.close(resolve));
      proxy.closeAllConnections();
      api.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await new Promise((resolve) => api.close(resolve));
    },
  };
}

/** Waits for a child report matching `test` (every report seen so far is kept). */
class Child {
  readonly reports: Record<string, unknown>[] = [];
  readonly output: string[] = [];
  private waiters: { test: (r: Record<string, unknown>) => boolean; done: () => void }[] = [];

  constructor(readonly process: ChildProcessWithoutNullStreams) {
    let buffer = '';
    const onText = (text: string) => {
      this.output.push(text);
      buffer += text;
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('@@')) this.add(JSON.parse(line.slice(2)) as Record<string, unknown>);
        newline = buffer.indexOf('\n');
      }
    };
    process.stdout.on('data', (chunk: Buffer) => onText(String(chunk)));
    process.stderr.on('data', (chunk: Buffer) => this.output.push(String(chunk)));
  }

  private add(report: Record<string, unknown>) {
    this.reports.push(report);
    this.waiters = this.waiters.filter((w) => {
      if (!w.test(report)) return true;
      w.done();
      return false;
    });
  }

  async waitFor(test: (r: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const found = this.reports.find(test);
    if (found !== undefined) return found;
    await new Promise<void>((done) => this.waiters.push({ test, done }));
    return this.reports.find(test) ?? {};
  }

  send(line: string) {
    this.process.stdin.write(`${line}\n`);
  }
}

async function ackFor(gateway: Gateway, socket: WebSocket, messageId: string) {
  for (;;) {
    const frame = gateway.received
      .get(socket)
      ?.find((f) => (f.headers as { messageId?: string } | undefined)?.messageId === messageId);
    if (frame !== undefined) return frame;
    await once(socket, 'message');
  }
}

// The certificate is made with the openssl CLI; without it the test says so and
// is skipped, except in CI where it must run.
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl)
  console.warn('real-client.test.ts: openssl not found, the real DWClient test is skipped');

describe.skipIf(!hasOpenssl && process.env.CI === undefined)(
  'Stream listener with the real DWClient',
  () => {
    let dir: string;
    let gateway: Gateway;
    let child: Child;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'daka-stream-real-'));
      gateway = await startGateway(dir);
      const proxy = `http://127.0.0.1:${gateway.proxyPort}`;
      const processHandle = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'real-client-child.ts')],
        {
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            HTTPS_PROXY: proxy,
            https_proxy: proxy,
            NO_PROXY: '',
            no_proxy: '',
            NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
            DAKA_STREAM_DB: join(dir, 'server.db'),
            DAKA_STREAM_KEY: KEY,
            DAKA_STREAM_SECRET: SECRET,
          },
          stdio: 'pipe',
        },
      );
      child = new Child(processHandle);
    });

    afterAll(async () => {
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('connects, acks SUCCESS on the socket, de-duplicates, reconnects after DingTalk disconnects, stops', async () => {
      const first = await gateway.nextSocket();
      expect(gateway.opens).toEqual([
        { clientId: KEY, subscriptions: [{ type: 'EVENT', topic: '*' }] },
      ]);

      // DingTalk's health check: the package answers it itself.
      first.send(
        JSON.stringify({
          specVersion: '1.0',
          type: 'SYSTEM',
          headers: { topic: 'ping', messageId: 'ping-1', contentType: 'application/json' },
          data: JSON.stringify({ opaque: 'op-1' }),
        }),
      );
      expect(await ackFor(gateway, first, 'ping-1')).toMatchObject({
        code: 200,
        data: '{"opaque":"op-1"}',
      });

      const at = Date.UTC(2026, 2, 2, 0, 58, 12);
      const frame = checkRecordFrame('evt-real-1', [punch('u-real', at)]);
      first.send(JSON.stringify(frame));
      const ack = await ackFor(gateway, first, frame.headers.messageId);
      expect(ack).toMatchObject({ code: 200, message: 'OK' });
      expect(JSON.parse(String(ack.data))).toEqual({ status: 'SUCCESS' });
      await child.waitFor((r) => r.checkRecord !== undefined);

      // A re-push of the same event under a new messageId: acked, not handled again.
      const again = { ...frame, headers: { ...frame.headers, messageId: 'repush-1' } };
      first.send(JSON.stringify(again));
      expect(JSON.parse(String((await ackFor(gateway, first, 'repush-1')).data))).toEqual({
        status: 'SUCCESS',
      });

      // DingTalk rotates the connection: a disconnect notice, then the socket closes.
      const second = gateway.nextSocket();
      first.send(
        JSON.stringify({
          specVersion: '1.0',
          type: 'SYSTEM',
          headers: { topic: 'disconnect', contentType: 'application/json' },
          data: JSON.stringify({ reason: 'connection is expired' }),
        }),
      );
      setTimeout(() => first.close(1000, 'rotated'), 20);
      const socket2 = await second;
      expect(gateway.opens).toHaveLength(2); // a fresh ticket for the new connection

      const frame2 = checkRecordFrame('evt-real-2', [punch('u-real-2', at + 60_000)]);
      socket2.send(JSON.stringify(frame2));
      expect(
        JSON.parse(String((await ackFor(gateway, socket2, frame2.headers.messageId)).data)),
      ).toEqual({
        status: 'SUCCESS',
      });

      const closed = once(socket2, 'close');
      child.send('stop');
      const stopped = await child.waitFor((r) => r.stopped !== undefined);
      await closed;
      const [code] = (await once(child.process, 'exit')) as [number | null];
      expect(code).toBe(0);

      const records = child.reports.flatMap((r) =>
        r.checkRecord !== undefined ? [r.checkRecord] : [],
      );
      expect(records).toEqual([
        { userId: 'u-real', checkTimeMs: at },
        { userId: 'u-real-2', checkTimeMs: at + 60_000 },
      ]);
      expect(stopped).toMatchObject({
        stopped: { state: 'off', reconnects: 1 },
        pushes: 3,
        eventIds: expect.arrayContaining(['evt-real-1', 'evt-real-2']),
      });
      expect(gateway.sockets).toHaveLength(2);
      expect(child.output.join('')).not.toContain(SECRET);
    });
  },
);
