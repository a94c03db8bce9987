/**
 * Leases: "only one holder at a time" for work that must not run twice at once
 * (the morning batch jobs, one user's punch uploads).
 *
 * SQLite: one server process owns the file, so a lease only has to exclude
 * other holders in this process (a set of names).
 *
 * PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) taken on a
 * connection of its own, outside the query pool. A killed holder's connection
 * closes, and PostgreSQL releases its locks at once: no expiry to wait out and
 * no row left behind. The in-process set is kept too (PostgreSQL's session
 * locks are re-entrant, so they alone would not exclude two holders inside one
 * process). If the lease connection itself is lost while the process lives,
 * its locks are gone: the leases are reported lost (`onLost`) and none is
 * granted until a new connection is up. Callers must be safe in that window
 * (the punch worker is: see server/punches/worker.ts).
 */
import pg from 'pg';
import type { Logger } from '../../main/ports';
import { pgConfig } from './postgres';

export interface Leases {
  /** Takes `name` unless someone (here or in another process) holds it. */
  tryAcquire(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
  /** Runs `task` holding `name`; null (task not run) when it is held elsewhere. */
  withLease<T>(name: string, task: () => Promise<T>): Promise<{ value: T } | null>;
  close(): Promise<void>;
}

/** The advisory lock namespace (first key of the two-int form): "dk". */
const LOCK_CLASS = 0x646b;

function withLeaseOf(leases: Pick<Leases, 'tryAcquire' | 'release'>): Leases['withLease'] {
  return async (name, task) => {
    if (!(await leases.tryAcquire(name))) return null;
    try {
      return { value: await task() };
    } finally {
      await leases.release(name);
    }
  };
}

/** One process: a lease excludes only other holders in this process. */
export function createLocalLeases(): Leases {
  const held = new Set<string>();
  const leases = {
    async tryAcquire(name: string) {
      if (held.has(name)) return false;
      held.add(name);
      return true;
    },
    async release(name: string) {
      held.delete(name);
    },
  };
  return { ...leases, withLease: withLeaseOf(leases), close: async () => undefined };
}

export function createPgLeases(
  url: string,
  logger: Logger,
  onLost: () => void = () => undefined,
): Leases {
  const held = new Set<string>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  /** Lease queries one at a time on the one connection (pg queues them anyway). */
  let chain: Promise<unknown> = Promise.resolve();

  const lost = (why: string) => {
    if (!client && !connecting) return;
    client = null;
    connecting = null;
    if (held.size > 0) {
      logger.error('leases: lost the lease connection; every lease is gone', { why });
      held.clear();
      onLost();
    }
  };

  const connection = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client(pgConfig(url));
      c.on('error', (error) => lost(String(error)));
      c.on('end', () => lost('connection ended'));
      await c.connect();
      client = c;
      return c;
    })().catch((error: unknown) => {
      connecting = null;
      throw error;
    });
    return connecting;
  };

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  const leases = {
    tryAcquire: (name: string) =>
      serial(async () => {
        if (closed || held.has(name)) return false;
        let c: pg.Client;
        try {
          c = await connection();
        } catch (error) {
          logger.warn('leases: cannot connect', { error: String(error) });
          return false;
        }
        const result = await c.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1, hashtext($2)) as ok',
          [LOCK_CLASS, name],
        );
        const ok = result.rows[0]?.ok === true;
        if (ok) held.add(name);
        return ok;
      }).catch(() => false),
    release: (name: string) =>
      serial(async () => {
        if (!held.delete(name) || !client) return;
        await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, name]);
      }).catch(() => undefined),
  };
  return {
    ...leases,
    withLease: withLeaseOf(leases),
    async close() {
      closed = true;
      await chain;
      held.clear();
      const c = client;
      client = null;
      connecting = null;
      await c?.end().catch(() => undefined);
    },
  };
}
