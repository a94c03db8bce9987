/**
 * What the server's processes share, by store. SQLite: one process owns the
 * file, so everything stays in process (local leases, the in-process event
 * bus and rate limiter). PostgreSQL: any number of processes may serve the
 * same company, so leases are advisory locks, events travel by LISTEN/NOTIFY
 * and DingTalk's per-app rate and the DPoP proof ids seen are kept in the
 * database.
 */
import type { Clock, Logger } from '../../main/ports';
import type { Limiter } from '../dingtalk/limiter';
import { createEventBus } from '../events/bus';
import { createPgEventBus } from '../events/pg-bus';
import type { EventBus } from '../services';
import type { OpenedDatabase } from './database';
import { createLocalLeases, createPgLeases, type Leases } from './lease';
import { createDbReplayCache, type SharedReplayCache } from './jti';
import { createSharedLimiters } from './rate';

export interface SharedRooms {
  leases: Leases;
  bus: EventBus;
  /** The gateway's limiter per DingTalk method; undefined: in process. */
  limiterFor?: (name: string, perSecond: number) => Limiter;
  /** DPoP proof ids seen; undefined: in process. */
  replay?: SharedReplayCache;
  close(): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function createSharedRooms(
  database: OpenedDatabase,
  deps: { clock: Clock; logger: Logger },
): Promise<SharedRooms> {
  if (database.kind === 'sqlite' || !database.url) {
    return { leases: createLocalLeases(), bus: createEventBus(), close: async () => undefined };
  }
  const { logger } = deps;
  const leases = createPgLeases(database.url, logger);
  const bus = createPgEventBus({ url: database.url, db: database.db, logger });
  try {
    await bus.ready;
  } catch (error) {
    await bus.close();
    await leases.close();
    throw error;
  }
  return {
    leases,
    bus,
    limiterFor: createSharedLimiters({
      db: database.db,
      clock: deps.clock,
      logger,
      sleep: realSleep,
    }),
    replay: createDbReplayCache(database.db, deps.clock),
    async close() {
      await bus.close();
      await leases.close();
    },
  };
}
