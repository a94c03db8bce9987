/**
 * GET /v1/events: a Server-Sent Events stream per signed-in desktop. It
 * relays the bus's events for this session (`event:` name, `data:` JSON),
 * sends a comment line every ~25 s so proxies and NATs keep the connection,
 * and ends after `revoked`: the desktop must sign in again, and a revoked
 * session must not keep hearing anything.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { serverEvents, type ServerEvent } from '../../shared/server-api';
import type { AuthedSession, EventBus } from '../services';

export interface EventStreamOptions {
  heartbeatMs: number;
}

/** A client this far behind (bytes queued) is cut off; it reconnects and reads its day again. */
const MAX_QUEUED_BYTES = 256 * 1024;

/** One `text/event-stream` frame. JSON has no raw newlines, so `data:` is one line. */
export function sseFrame(event: ServerEvent): string {
  const data = serverEvents[event.event].parse(event.data);
  return `event: ${event.event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface EventStreams {
  open(request: FastifyRequest, reply: FastifyReply, session: AuthedSession): void;
  /** Ends every stream (shutdown): desktops reconnect to the next server. */
  closeAll(): void;
  readonly count: number;
}

export function createEventStreams(bus: EventBus, options: EventStreamOptions): EventStreams {
  const ends = new Set<() => void>();
  return {
    get count() {
      return ends.size;
    },
    closeAll() {
      for (const end of [...ends]) end();
    },
    open(request, reply, session) {
      reply.hijack();
      const res = reply.raw;
      // What the hooks set (the Date of the server's clock, the rate limit's headers):
      // hijacking skips Fastify's sending of them, and the desktop measures its skew here too.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) res.setHeader(name, value);
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // nginx: never buffer this response (see docs/server.md).
        'x-accel-buffering': 'no',
      });
      let closed = false;
      const write = (text: string) => {
        if (closed) return;
        res.write(text);
        if (res.writableLength > MAX_QUEUED_BYTES) end();
      };
      const end = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        ends.delete(end);
        res.end();
      };
      const unsubscribe = bus.subscribe(
        { userId: session.userId, sessionId: session.id },
        (event) => {
          write(sseFrame(event));
          if (event.event === 'revoked') end();
        },
      );
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), options.heartbeatMs);
      heartbeat.unref();
      ends.add(end);
      request.raw.on('close', end);
      res.on('close', end);
      // `retry:` tells EventSource-style clients how soon to reconnect after a drop.
      write('retry: 3000\n: connected\n\n');
    },
  };
}
