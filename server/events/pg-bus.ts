/**
 * The event bus across server processes sharing one PostgreSQL database: an
 * event is delivered to this process's own listeners at once (as the
 * in-process bus does) and sent to the others with NOTIFY on one channel; each
 * process LISTENs on a connection of its own and hands what the others sent to
 * its local bus. A Stream push received by instance A thus reaches a desktop
 * whose SSE connection is held by instance B.
 *
 * The payload is the event and its target (and the sender, so a process skips
 * its own notifications), at most 8000 bytes (PostgreSQL's limit): a larger
 * event is delivered locally only, and logged. Events are hints to read again
 * (the desktop re-reads its day and its punches), so one lost while the LISTEN
 * connection is being re-established costs a refresh, not data.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../../main/ports';
import type { ServerEvent } from '../../shared/server-api';
import type { EventBus } from '../services';
import type { Db } from '../store/schema';
import { pgConfig } from '../store/postgres';
import { createEventBus } from './bus';

export const EVENTS_CHANNEL = 'daka_events';
export const MAX_PAYLOAD_BYTES = 8000;
const RECONNECT_MS = 1000;

interface Envelope {
  /** The sending process. */
  from: string;
  /** A user's sessions (or one session), or everyone. */
  to: { userId: string; sessionId?: string } | 'all';
  event: ServerEvent;
}

export interface SharedEventBus extends EventBus {
  /** Resolves once this process is listening (first connection). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export function createPgEventBus(options: {
  url: string;
  db: Db;
  logger: Logger;
  local?: EventBus;
}): SharedEventBus {
  const { url, db, logger } = options;
  const local = options.local ?? createEventBus();
  const me = randomUUID();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  /** NOTIFYs go out one at a time, so another process hears them in publishing order. */
  let sending: Promise<void> = Promise.resolve();

  const deliver = (envelope: Envelope) => {
    if (envelope.to === 'all') local.broadcast(envelope.event);
    else local.publish(envelope.to, envelope.event);
  };

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message.payload) as Envelope;
    } catch {
      return;
    }
    if (envelope.from !== me) deliver(envelope);
  };

  const listen = async (): Promise<void> => {
    const c = new pg.Client(pgConfig(url));
    c.on('notification', onNotification);
    const again = (why: string) => {
      if (client !== c) return;
      client = null;
      if (closed) return;
      logger.warn('events: lost the LISTEN connection, reconnecting', { why });
      retry = setTimeout(() => void listen().catch(() => undefined), RECONNECT_MS);
      retry.unref();
    };
    c.on('error', (error) => again(String(error)));
    c.on('end', () => again('connection ended'));
    client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      again(String(error));
      await c.end().catch(() => undefined);
      throw error;
    }
  };

  const ready = listen();
  ready.catch(() => undefined);

  const send = (envelope: Envelope) => {
    deliver(envelope);
    const payload = JSON.stringify(envelope);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
      logger.warn('events: too large to share with other instances', {
        event: envelope.event.event,
        bytes: Buffer.byteLength(payload),
      });
      return;
    }
    sending = sending
      .then(() => sql`select pg_notify(${EVENTS_CHANNEL}, ${payload})`.execute(db))
      .then(
        () => undefined,
        (error: unknown) =>
          logger.warn('events: could not notify other instances', { error: String(error) }),
      );
  };

  return {
    ready,
    publish: (target, event) => send({ from: me, to: target, event }),
    broadcast: (event) => send({ from: me, to: 'all', event }),
    subscribe: (session, listener) => local.subscribe(session, listener),
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await sending;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
