/**
 * Runs the schema migrations on either dialect. Kysely's migrator takes its own
 * lock (a table lock on SQLite, an advisory lock on PostgreSQL), so two server
 * processes starting at once on one database apply each migration once.
 */
import { type MigrationProvider, Migrator, sql } from 'kysely';
import { AppError } from '../../shared/errors';
import { MIGRATIONS } from './migrations';
import type { Db } from './schema';

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

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

/** Names of the migrations applied, oldest first; [] for an empty database. */
export async function appliedMigrations(db: Db): Promise<string[]> {
  try {
    const rows = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(db);
    return rows.rows.map((r) => r.name);
  } catch {
    return [];
  }
}
