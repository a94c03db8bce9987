/**
 * DPoP proof ids (`jti`) seen, in the shared database: with several server
 * processes a proof replayed to another instance inside its ±60 s window must
 * be refused too. One statement decides (the primary key): the insert makes
 * a row, or finds one, and an expired row is taken over by a conditional
 * update, so two instances racing on one proof id accept it once.
 */
import type { Clock } from '../../main/ports';
import type { Db } from './schema';

/** How often expired ids are deleted (one statement, by the expiry index). */
const SWEEP_EVERY_MS = 60_000;

export interface SharedReplayCache {
  /** Remembers `key` until `expiresAt`; false when it is already remembered (a replay). */
  remember(key: string, expiresAt: number): Promise<boolean>;
}

export function createDbReplayCache(db: Db, clock: Clock): SharedReplayCache {
  let nextSweep = 0;
  return {
    async remember(key, expiresAt) {
      const now = clock.now();
      if (now >= nextSweep) {
        nextSweep = now + SWEEP_EVERY_MS;
        await db.deleteFrom('dpop_jti').where('expires_at', '<=', now).execute();
      }
      const inserted = await db
        .insertInto('dpop_jti')
        .values({ key, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
      // Known: a replay, unless what is remembered has expired (then this is a new proof).
      const revived = await db
        .updateTable('dpop_jti')
        .set({ expires_at: expiresAt })
        .where('key', '=', key)
        .where('expires_at', '<=', now)
        .executeTakeFirst();
      return Number(revived.numUpdatedRows) > 0;
    },
  };
}
