/**
 * The employees the server knows (they signed in): whose schedules are
 * prefetched and whose yesterday is verified each morning. Someone not seen
 * for `activeDays` drops out of the batches (they left, or changed laptops
 * long ago) until they sign in again.
 */
import type { Clock } from '../../main/ports';
import type { Db } from '../store/schema';

const DAY_MS = 86_400_000;
export const DEFAULT_ACTIVE_DAYS = 60;

export interface KnownUsers {
  remember(userId: string, name: string | null): Promise<void>;
  /** Active userids, sorted. */
  list(): Promise<string[]>;
}

export function knownUsers(db: Db, clock: Clock, activeDays = DEFAULT_ACTIVE_DAYS): KnownUsers {
  return {
    async remember(userId, name) {
      const now = clock.now();
      await db
        .insertInto('users')
        .values({ user_id: userId, name, first_seen_at: now, last_seen_at: now })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet((eb) => ({
            last_seen_at: now,
            // A sign-in without a name keeps the one we had.
            name: name ?? eb.ref('users.name'),
          })),
        )
        .execute();
    },
    async list() {
      const since = clock.now() - activeDays * DAY_MS;
      const rows = await db
        .selectFrom('users')
        .select('user_id')
        .where('last_seen_at', '>=', since)
        .orderBy('user_id')
        .execute();
      return rows.map((r) => r.user_id);
    },
  };
}
