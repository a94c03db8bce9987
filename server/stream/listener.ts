/**
 * DingTalk Stream mode for `attendance_check_record` (员工打卡事件): a punch
 * anywhere in the organisation (phone, attendance machine, Daka) arrives as an
 * event within seconds, so the server can refresh that employee's day instead
 * of polling listRecord against the monthly call quota.
 *
 * - Acks are synchronous: the package sends whatever the listener RETURNS, at once.
 * - De-duplicated by eventId (re-pushes happen even after a good ack).
 * - Every delivered EVENT frame is counted as one push (see `meter` below).
 * - Reconnects with capped exponential backoff and jitter; the package's own
 *   fixed 1 s retry loop is switched off.
 * - DingTalk pushes each event to ONE randomly chosen connection of the app, so
 *   every server process that opens a connection must handle every event type
 *   it cares about; the eventId table is shared through the database.
 */
import { EventAck } from 'dingtalk-stream';
import type { Clock, Logger } from '../../main/ports';
import type { AppErrorPayload } from '../../shared/errors';
import type { Db } from '../store/schema';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
import {
  createDwClient,
  type DWClientDownStream,
  type EventAckData,
  type StreamClientFactory,
  type StreamClientLike,
} from './client';
import { connectErrorPayload, scrub } from './connect-error';
import { CHECK_RECORD_EVENT, dedupKey, parseCheckRecords, readFrame } from './event';
import { createEventLedger, DEFAULT_RETENTION_MS } from './ledger';

export type StreamState = 'off' | 'connecting' | 'connected' | 'backoff';

export interface StreamStatus {
  state: StreamState;
  /** When the last EVENT frame arrived (any type), ms; null before the first. */
  lastEventAt: number | null;
  /** Connection attempts after the first one since start(). */
  reconnects: number;
  /** Why the last attempt failed or the last connection dropped (kept after recovery). */
  lastError: AppErrorPayload | null;
  /** When the next attempt is due, while in backoff. */
  nextAttemptAt: number | null;
}

/** The timer functions the listener schedules with; tests pass a fake that advances at will. */
export interface StreamTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StreamListenerOptions {
  appKey: string;
  appSecret: string;
  db: Db;
  clock: Clock;
  logger: Logger;
  /**
   * Counts pushes against the monthly push quota (3,000 on the standard edition).
   * DingTalk meters deliveries ("每次推送"), and a re-push is a delivery, so every
   * EVENT frame that reaches this connection is counted once: duplicates, unknown
   * types and frames acked LATER included. Over-counting is the safe side of a budget.
   */
  meter: { recordPush(n: number): void };
  /**
   * Called synchronously for each punch in an event; a throw makes the listener ack
   * LATER, so DingTalk pushes the event again (entries before the throw will then be
   * seen twice: keep this idempotent, e.g. invalidate a cache and publish).
   */
  onCheckRecord: (userId: string, checkTimeMs: number) => void;
  clientFactory?: StreamClientFactory;
  backoff?: Partial<BackoffOptions>;
  timers?: StreamTimers;
  /** How often the connection's liveness is checked (the package emits no close event). */
  livenessCheckMs?: number;
  /** An attempt (connections/open + websocket handshake) that takes longer is abandoned. */
  connectTimeoutMs?: number;
  /** How long handled eventIds are remembered. */
  retentionMs?: number;
}

export interface StreamListener {
  /** Loads the handled eventIds, then connects (in the background). Never rejects. */
  start(): Promise<void>;
  /** Closes the connection, stops reconnecting, waits for the eventId writes. */
  stop(): Promise<void>;
  status(): StreamStatus;
}

const SUCCESS: EventAckData = { status: EventAck.SUCCESS };
const PRUNE_EVERY_MS = 6 * 3600_000;

const realTimers: StreamTimers = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms);
    // The HTTP server keeps the process alive; these timers must not.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createStreamListener(options: StreamListenerOptions): StreamListener {
  const { clock, logger, meter, onCheckRecord } = options;
  const clientFactory = options.clientFactory ?? createDwClient;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const timers = options.timers ?? realTimers;
  const livenessCheckMs = options.livenessCheckMs ?? 1_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const secrets = [options.appSecret];
  const ledger = createEventLedger({
    db: options.db,
    clock,
    logger,
    retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
  });

  let running = false;
  /** Bumped by every attempt and by stop(): a stale attempt's callbacks see a newer one. */
  let generation = 0;
  let client: StreamClientLike | null = null;
  let connectedAt: number | null = null;
  let failures = 0;
  let attempts = 0;
  let state: StreamState = 'off';
  let lastEventAt: number | null = null;
  let lastError: AppErrorPayload | null = null;
  let nextAttemptAt: number | null = null;
  let retryTimer: unknown = null;
  let livenessTimer: unknown = null;
  let pruneTimer: unknown = null;

  // ---- events ---------------------------------------------------------------

  /** Synchronous by contract: the return value IS the ack. Never throws. */
  const onEvent = (message: DWClientDownStream): EventAckData => {
    lastEventAt = clock.now();
    try {
      meter.recordPush(1);
    } catch (error) {
      logger.warn('stream: counting a push failed', { error: describe(error) });
    }
    let eventId: string | null = null;
    try {
      const frame = readFrame(message);
      if (frame === null) {
        logger.warn('stream: unreadable event frame acknowledged');
        return SUCCESS;
      }
      eventId = frame.eventId;
      if (frame.eventType !== CHECK_RECORD_EVENT) {
        logger.debug('stream: event type ignored', { eventType: frame.eventType, eventId });
        return SUCCESS;
      }
      const key = dedupKey(frame);
      if (ledger.has(key)) {
        logger.debug('stream: duplicate event acknowledged', { eventId: key });
        return SUCCESS;
      }
      const parsed = parseCheckRecords(frame.data, frame.bornAtMs ?? clock.now());
      if (!parsed.ok) {
        logger.warn('stream: malformed attendance_check_record acknowledged', {
          eventId: key,
          problem: parsed.problem,
        });
        ledger.add(key);
        return SUCCESS;
      }
      if (parsed.skipped > 0 || parsed.records.some((r) => !r.exactTime)) {
        logger.warn('stream: attendance_check_record entries incomplete', {
          eventId: key,
          skipped: parsed.skipped,
          withoutCheckTime: parsed.records.filter((r) => !r.exactTime).length,
        });
      }
      for (const record of parsed.records) onCheckRecord(record.userId, record.checkTimeMs);
      // Remembered only once handled: after a LATER the re-push must run again.
      ledger.add(key);
      return SUCCESS;
    } catch (error) {
      logger.error('stream: handling an event failed; DingTalk will push it again', {
        eventId,
        error: scrub(describe(error), secrets),
      });
      return { status: EventAck.LATER, message: 'retry later' };
    }
  };

  // ---- connection -----------------------------------------------------------

  const clear = (handle: unknown) => {
    if (handle !== null) timers.clearTimeout(handle);
  };

  const closeQuietly = (target: StreamClientLike) => {
    try {
      target.disconnect();
    } catch (error) {
      logger.debug('stream: closing a client failed', { error: describe(error) });
    }
  };

  const attempt = async () => {
    const mine = ++generation;
    attempts += 1;
    state = 'connecting';
    nextAttemptAt = null;
    let next: StreamClientLike;
    try {
      next = clientFactory({ clientId: options.appKey, clientSecret: options.appSecret });
      next.registerAllEventListener(onEvent);
    } catch (error) {
      failed(mine, null, error);
      return;
    }
    client = next;
    // Set when this attempt is given up (timeout, failure, stop): a handshake that
    // completes afterwards must not leave a second, unwatched connection open.
    let abandoned = false;
    const opening = next.getEndpoint().then(() => {
      if (abandoned) throw new Error('Stream attempt abandoned');
      return next._connect();
    });
    void opening.then(
      () => {
        if (abandoned) closeQuietly(next);
      },
      () => undefined,
    );
    let timeout: unknown = null;
    try {
      await new Promise<void>((resolve, reject) => {
        timeout = timers.setTimeout(
          () => reject(new StreamTimeout(connectTimeoutMs)),
          connectTimeoutMs,
        );
        opening.then(resolve, reject);
      });
    } catch (error) {
      abandoned = true;
      failed(mine, next, error);
      return;
    } finally {
      clear(timeout);
    }
    if (mine !== generation || !running) {
      abandoned = true;
      closeQuietly(next);
      return;
    }
    state = 'connected';
    connectedAt = clock.now();
    logger.info('stream: connected', { attempt: attempts });
    watch(mine, next);
  };

  const failed = (mine: number, target: StreamClientLike | null, error: unknown) => {
    if (target !== null) closeQuietly(target);
    if (mine !== generation || !running) return;
    client = null;
    lastError = connectErrorPayload(error, secrets);
    failures += 1;
    logger.warn('stream: connection attempt failed', {
      code: lastError.code,
      message: lastError.message,
      failures,
    });
    scheduleRetry();
  };

  /** The package emits nothing on close; its `connected` flag is the public signal. */
  const watch = (mine: number, target: StreamClientLike) => {
    livenessTimer = timers.setTimeout(() => {
      livenessTimer = null;
      if (mine !== generation || !running) return;
      if (target.connected) {
        watch(mine, target);
        return;
      }
      dropped(target);
    }, livenessCheckMs);
  };

  const dropped = (target: StreamClientLike) => {
    closeQuietly(target);
    client = null;
    const lived = connectedAt === null ? 0 : clock.now() - connectedAt;
    connectedAt = null;
    // A long-lived connection that ends (DingTalk rotates them) was not a failure.
    failures = lived >= backoff.stableMs ? 1 : failures + 1;
    lastError = {
      code: 'networkDown',
      message: `The Stream connection ended after ${Math.round(lived / 1000)} s (closed, or DingTalk asked to reconnect)`,
    };
    logger.warn('stream: connection lost', { livedMs: lived, failures });
    scheduleRetry();
  };

  const scheduleRetry = () => {
    const delay = backoffDelay(failures, backoff);
    state = 'backoff';
    nextAttemptAt = clock.now() + delay;
    logger.info('stream: reconnecting later', { delayMs: delay });
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      if (running) void attempt();
    }, delay);
  };

  const schedulePrune = () => {
    pruneTimer = timers.setTimeout(() => {
      pruneTimer = null;
      if (!running) return;
      void ledger.prune().finally(() => {
        if (running) schedulePrune();
      });
    }, PRUNE_EVERY_MS);
  };

  return {
    async start() {
      if (running) return;
      running = true;
      state = 'connecting';
      failures = 0;
      attempts = 0;
      await ledger.load();
      if (!running) return;
      schedulePrune();
      void attempt();
    },
    async stop() {
      running = false;
      generation += 1;
      clear(retryTimer);
      clear(livenessTimer);
      clear(pruneTimer);
      retryTimer = livenessTimer = pruneTimer = null;
      if (client !== null) closeQuietly(client);
      client = null;
      connectedAt = null;
      state = 'off';
      nextAttemptAt = null;
      await ledger.flush();
    },
    status: () => ({
      state,
      lastEventAt,
      reconnects: Math.max(0, attempts - 1),
      lastError,
      nextAttemptAt,
    }),
  };
}

class StreamTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`No Stream connection within ${Math.round(ms / 1000)} s`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
