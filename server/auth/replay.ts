/**
 * The DPoP `jti` replay cache (RFC 9449 §11.1). In memory: right for one
 * server process (SQLite). With several instances on one PostgreSQL database a
 * proof replayed to another instance within the ±60 s window must be refused
 * too: the composition root then passes the database-backed cache
 * (server/store/jti.ts), whose `remember` is asynchronous.
 */
import type { Clock, Logger } from '../../main/ports';
import { REPLAY_CACHE_MAX } from './limits';

export interface ReplayCache {
  /** Remembers `key` until `expiresAt`; false when it is already remembered (a replay). */
  remember(key: string, expiresAt: number): boolean | Promise<boolean>;
}

export interface MemoryReplayCache extends ReplayCache {
  remember(key: string, expiresAt: number): boolean;
  readonly size: number;
}

/** How often expired entries are swept (a sweep walks the whole map). */
const SWEEP_EVERY_MS = 10_000;

export function createReplayCache(
  clock: Clock,
  logger: Logger,
  max: number = REPLAY_CACHE_MAX,
): MemoryReplayCache {
  const seen = new Map<string, number>();
  let nextSweep = 0;
  let warnedAt = -Infinity;
  const sweep = (now: number) => {
    for (const [key, expiresAt] of seen) if (expiresAt <= now) seen.delete(key);
    nextSweep = now + SWEEP_EVERY_MS;
  };
  return {
    remember(key, expiresAt) {
      const now = clock.now();
      if (now >= nextSweep || seen.size >= max) sweep(now);
      const known = seen.get(key);
      if (known !== undefined && known > now) return false;
      if (seen.size >= max) {
        // Anyone can mint valid proofs with a key of their own, so refusing when full
        // would let a flood lock everyone out. Forget the oldest instead (insertion
        // order ≈ expiry order) and say so: the HTTP layer's rate limit should make
        // this unreachable.
        const oldest = seen.keys().next();
        if (!oldest.done) seen.delete(oldest.value);
        if (now - warnedAt >= SWEEP_EVERY_MS) {
          warnedAt = now;
          logger.warn('DPoP replay cache full: forgetting the oldest proof ids', { max });
        }
      }
      seen.set(key, expiresAt);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
