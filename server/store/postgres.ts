/**
 * PostgreSQL as the server's store (DATABASE_URL): Kysely's PostgresDialect over
 * a `pg` Pool, the same migrations as SQLite. Several server processes may share
 * one database; what they must agree on (leases, events, the DingTalk rate, DPoP
 * proof ids) is in lease.ts, ../events/pg-bus.ts, rate.ts and replay.ts.
 *
 * The schema keeps epoch milliseconds in bigint columns; `pg` returns int8 as a
 * string (it may exceed 2^53), so this Pool, and only this Pool, parses int8 as
 * a number: milliseconds and counts stay far below 2^53.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from './migrate';
import type { OpenedDatabase } from './database';
import type { Database } from './schema';

const INT8_OID = 20;

/** `pg` connection options with int8 parsed as a JavaScript number (this connection only). */
export function pgConfig(url: string, extra: pg.PoolConfig = {}): pg.PoolConfig {
  return {
    connectionString: url,
    ...extra,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
    },
  };
}

export interface PostgresOptions {
  /** Pool size (default 10). */
  max?: number;
}

export async function openPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<OpenedDatabase> {
  const pool = new pg.Pool(pgConfig(url, { max: options.max ?? 10 }));
  // An idle client that loses its connection emits 'error' on the pool; without a
  // listener that would crash the process. The next query gets a fresh connection.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const migrations = await migrate(db);
    return { db, migrations, kind: 'postgres', url, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** A password in a URL must never reach a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '••••';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
