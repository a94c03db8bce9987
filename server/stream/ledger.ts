/**
 * The events already handled, by eventId (DingTalk re-pushes an event it thinks
 * was not acknowledged, and sometimes one that was). The ack must be returned
 * synchronously while the database is asynchronous, so the decision is taken
 * on an in-memory copy and the `stream_events` table is written behind it
 * (insert-or-ignore): the table carries the memory across restarts, and is
 * read back into memory at start before the connection opens.
 */
import type { Clock, Logger } from '../../main/ports';
import type { Db } from '../store/schema';

export interface EventLedgerOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** How long an eventId is remembered (re-pushes come within minutes; 7 days is generous). */
  retentionMs?: number;
  /** At most this many ids are held in memory (the oldest go first). */
  maxInMemory?: number;
}

export interface EventLedger {
  /** Reads the recent ids from the table (and prunes old rows). Never throws. */
  load(): Promise<void>;
  has(eventId: string): boolean;
  /** Remembers an id now and records it in the table in the background. */
  add(eventId: string): void;
  /** Forgets ids older than the retention, in memory and in the table. Never throws. */
  prune(): Promise<void>;
  /** Resolves when every background write so far has finished. */
  flush(): Promise<void>;
  size(): number;
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3600_000;

export function createEventLedger(options: EventLedgerOptions): EventLedger {
  const { db, clock, logger } = options;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const maxInMemory = options.maxInMemory ?? 200_000;
  // Insertion order is arrival order, so the oldest entries are first.
  const seen = new Map<string, number>();
  const pending = new Set<Promise<void>>();

  const remember = (eventId: string, at: number) => {
    seen.delete(eventId);
    seen.set(eventId, at);
    while (seen.size > maxInMemory) {
      const oldest = seen.keys().next();
      if (oldest.done === true) break;
      seen.delete(oldest.value);
    }
  };

  const forgetOlderThan = (cutoff: number) => {
    for (const [eventId, at] of seen) {
      if (at >= cutoff) break;
      seen.delete(eventId);
    }
  };

  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const prune = async () => {
    const cutoff = clock.now() - retentionMs;
    forgetOlderThan(cutoff);
    try {
      await db.deleteFrom('stream_events').where('received_at', '<', cutoff).execute();
    } catch (error) {
      logger.warn('stream: pruning old event ids failed', { error: describe(error) });
    }
  };

  return {
    async load() {
      await prune();
      try {
        const rows = await db
          .selectFrom('stream_events')
          .select(['event_id', 'received_at'])
          .where('received_at', '>=', clock.now() - retentionMs)
          .orderBy('received_at', 'desc')
          .limit(maxInMemory)
          .execute();
        // Oldest first, so eviction and pruning keep working from the front.
        for (const row of rows.reverse()) remember(row.event_id, Number(row.received_at));
      } catch (error) {
        // Without the table we still de-duplicate within this run.
        logger.warn('stream: reading handled event ids failed', { error: describe(error) });
      }
    },
    has: (eventId) => seen.has(eventId),
    add(eventId) {
      const at = clock.now();
      remember(eventId, at);
      track(
        (async () => {
          try {
            const result = await db
              .insertInto('stream_events')
              .values({ event_id: eventId, received_at: at })
              .onConflict((conflict) => conflict.column('event_id').doNothing())
              .executeTakeFirst();
            if (result.numInsertedOrUpdatedRows === 0n) {
              // Another server process on the same database (each event goes to ONE
              // randomly chosen connection) handled a push of it too.
              logger.debug('stream: event id already recorded', { eventId });
            }
          } catch (error) {
            logger.warn('stream: recording an event id failed', {
              eventId,
              error: describe(error),
            });
          }
        })(),
      );
    },
    prune,
    async flush() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    size: () => seen.size,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
