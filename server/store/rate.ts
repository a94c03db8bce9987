/**
 * DingTalk's 20 calls/s per app per API, shared by every server process on one
 * PostgreSQL database. The in-process limiter (server/dingtalk/limiter.ts)
 * holds a slot from a call's start until one window after its end; here the
 * slots are rows of `dingtalk_calls` (started_at, ended_at null while in
 * flight), so the same rule holds across processes: a call starts only when
 * fewer than `limit` calls of that API, of any instance, are in flight or
 * ended less than a window ago.
 *
 * The decision is one transaction serialised per API by an advisory
 * transaction lock, timed by the database's clock (one clock for every
 * instance, whatever theirs say). A process killed mid-call leaves its row in
 * flight: it counts as ended STALE_MS after its start (longer than any call:
 * the client times out after 10 s), then it is swept.
 *
 * Each process still queues its own callers in the in-process limiter (FIFO,
 * and it pauses the queue when DingTalk says 90018); the shared slot is taken
 * inside it.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from '../../main/ports';
import { AppError } from '../../shared/errors';
import { type Limiter, createLimiter } from '../dingtalk/limiter';
import type { Clock } from '../../main/ports';
import type { Db } from './schema';

export const STALE_MS = 60_000;
/** Every slot held by calls in flight: look again this soon (one ends within a call's time). */
const POLL_MS = 25;
const LOCK_CLASS = 0x6472; // "dr"

type Admission = { kind: 'go'; id: number } | { kind: 'wait'; ms: number };

const nowMs = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

async function admit(
  db: Db,
  api: string,
  instance: string,
  limit: number,
  windowMs: number,
): Promise<Admission> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${api}))`.execute(trx);
    const { now } = await sql<{
      now: number;
    }>`select ${nowMs} as now`
      .execute(trx)
      .then((r) => r.rows[0] ?? { now: Date.now() });
    await trx
      .deleteFrom('dingtalk_calls')
      .where('api', '=', api)
      .where((eb) =>
        eb.or([
          eb('ended_at', '<=', now - windowMs),
          eb.and([eb('ended_at', 'is', null), eb('started_at', '<=', now - STALE_MS - windowMs)]),
        ]),
      )
      .execute();
    const live = await trx
      .selectFrom('dingtalk_calls')
      .select(['started_at', 'ended_at'])
      .where('api', '=', api)
      .execute();
    // A stale in-flight row (its process died) counts as ended at started_at + STALE_MS.
    const ends = live
      .map((r) => r.ended_at ?? (r.started_at <= now - STALE_MS ? r.started_at + STALE_MS : null))
      .filter((end): end is number => end === null || now - end < windowMs);
    const holding = live.filter((r) => r.ended_at === null && r.started_at > now - STALE_MS).length;
    const ended = ends.filter((e): e is number => e !== null).sort((a, b) => a - b);
    if (holding + ended.length < limit) {
      const row = await trx
        .insertInto('dingtalk_calls')
        .values({ api, instance, started_at: now, ended_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { kind: 'go', id: row.id };
    }
    const oldest = ended[0];
    return {
      kind: 'wait',
      ms: oldest === undefined ? POLL_MS : Math.max(1, oldest + windowMs - now),
    };
  });
}

export interface SharedLimiterOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  sleep: (ms: number) => Promise<void>;
  windowMs?: number;
}

/** A factory for the gateway: one shared limiter per API name. */
export function createSharedLimiters(options: SharedLimiterOptions) {
  const { db, clock, logger, sleep } = options;
  const windowMs = options.windowMs ?? 1000;
  const instance = randomUUID();

  const slot = async (api: string, limit: number): Promise<number> => {
    for (;;) {
      let decision: Admission;
      try {
        decision = await admit(db, api, instance, limit, windowMs);
      } catch (error) {
        logger.warn('dingtalk rate: the shared limiter is unavailable', { error: String(error) });
        // Nothing was sent: a clean, transient refusal (the gateway and the worker retry it).
        throw new AppError('serverUnavailable', 'The shared DingTalk rate limiter is unavailable');
      }
      if (decision.kind === 'go') return decision.id;
      await sleep(decision.ms);
    }
  };

  const end = (id: number) =>
    db
      .updateTable('dingtalk_calls')
      .set({ ended_at: nowMs })
      .where('id', '=', id)
      .execute()
      .then(
        () => undefined,
        (error: unknown) =>
          logger.warn('dingtalk rate: could not end a call', { error: String(error) }),
      );

  return (api: string, limit: number): Limiter => {
    const local = createLimiter({ clock, limit, windowMs, sleep });
    return {
      run: (task) =>
        local.run(async () => {
          const id = await slot(api, limit);
          try {
            return await task();
          } finally {
            await end(id);
          }
        }),
      pause: (ms) => local.pause(ms),
      get waiting() {
        return local.waiting;
      },
    };
  };
}
