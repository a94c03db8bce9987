/**
 * Opens the server's database: SQLite (better-sqlite3, WAL) in the data folder
 * by default, PostgreSQL when a DATABASE_URL is configured (postgres.ts). Kysely
 * is the storage port: every module queries through the same typed `Db`; the
 * migrations and every room's queries are written to run on both dialects.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrate } from './migrate';
import { openPostgres } from './postgres';
import type { Database, Db } from './schema';

export { migrate } from './migrate';

export type StoreKind = 'sqlite' | 'postgres';

export interface OpenedDatabase {
  db: Db;
  /** Names of the migrations applied, oldest first. */
  migrations: string[];
  /** SQLite: one server process. PostgreSQL: any number sharing the database. */
  kind: StoreKind;
  /** The PostgreSQL URL (its dedicated connections: leases, LISTEN); null for SQLite. */
  url: string | null;
  close(): Promise<void>;
}

/** `file` ':memory:' for tests that need no durability. */
export async function openSqlite(file: string): Promise<OpenedDatabase> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(file);
  // WAL: readers never block the writer; NORMAL is durable across a process crash (SIGKILL).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const migrations = await migrate(db);
    return { db, migrations, kind: 'sqlite', url: null, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** PostgreSQL when `databaseUrl` is set, else the SQLite `file`. */
export function openDatabase(options: {
  databaseUrl?: string | null;
  file: string;
}): Promise<OpenedDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(options.file);
}
