/**
 * Opens the server's database: SQLite (better-sqlite3, WAL) in the data folder
 * by default. Kysely is the storage port: every module queries through the
 * same typed `Db`, so a server database only needs another dialect.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type MigrationProvider, Migrator, SqliteDialect, sql } from 'kysely';
import { AppError } from '../../shared/errors';
import { MIGRATIONS } from './migrations';
import type { Database, Db } from './schema';

export interface OpenedDatabase {
  db: Db;
  /** Names of the migrations applied, oldest first. */
  migrations: string[];
  close(): Promise<void>;
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

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
    return { db, migrations, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

/** Runs every pending migration; refuses a database written by a newer server. */
export async function migrate(db: Db): Promise<string[]> {
  const known = Object.keys(MIGRATIONS);
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new AppError(
      'internal',
      `The database was written by a newer Daka Server (migrations ${unknown.join(', ')}); refusing to start`,
    );
  }
  const migrator = new Migrator({ db, provider });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return appliedMigrations(db);
}

async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const rows = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(db);
    return rows.rows.map((r) => r.name);
  } catch {
    return [];
  }
}
