/**
 * Backup and restore of the SQLite store (`daka-server backup|restore <file>`).
 *
 * backup: SQLite's online backup API (better-sqlite3 `backup()`), page by
 * page from a connection of its own: consistent even while the server runs
 * and writes (WAL). The copy is a self-contained database file, mode 0600 (it
 * holds session and token hashes and the audit log).
 *
 * restore: refuses a file that is not a Daka database (no migration table, a
 * failed integrity check) or was written by a newer server, and refuses while
 * a server has the database open (an exclusive lock cannot be had then). The
 * database it replaces is kept next to it (`…before-restore-<time>`), never
 * deleted. PostgreSQL is backed up with pg_dump / pg_restore (docs/server.md).
 */
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { MIGRATIONS } from './migrations';

/**
 * Every page in one step, under one read transaction (WAL: the server's writers go on):
 * a copy made in steps restarts whenever the server writes in between, and under steady
 * load might never finish.
 */
const WHOLE = { progress: () => 0x7fffffff };

function refuse(message: string): AppError {
  return new AppError('invalidInput', message);
}

/** The migrations a Daka database file has applied; throws when it is not one (or is newer). */
export function checkDakaFile(file: string): string[] {
  if (!existsSync(file)) throw refuse(`${file} does not exist`);
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch {
    throw refuse(`${file} is not a Daka Server database`);
  }
  try {
    let names: string[];
    try {
      const ok = db.pragma('integrity_check', { simple: true });
      if (ok !== 'ok') throw refuse(`${file} is damaged (integrity check: ${String(ok)})`);
      names = (
        db.prepare('select name from kysely_migration order by name').all() as {
          name: string;
        }[]
      ).map((r) => r.name);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw refuse(`${file} is not a Daka Server database`);
    }
    if (!names.includes('0001_initial')) throw refuse(`${file} is not a Daka Server database`);
    const unknown = names.filter((n) => !(n in MIGRATIONS));
    if (unknown.length > 0) {
      throw refuse(
        `${file} was written by a newer Daka Server (migrations ${unknown.join(', ')}); use that version`,
      );
    }
    return names;
  } finally {
    db.close();
  }
}

/** Copies the live database `from` into a new file `to` (consistent while the server runs). */
export async function backupSqlite(from: string, to: string): Promise<{ pages: number }> {
  checkDakaFile(from);
  if (existsSync(to)) throw refuse(`${to} exists; choose a new file`);
  const db = new SQLite(from, { fileMustExist: true, timeout: 5000 });
  try {
    const result = await db.backup(to, WHOLE);
    chmodSync(to, 0o600);
    return { pages: result.totalPages };
  } finally {
    db.close();
  }
}

/** Runs `task` holding an exclusive lock on `file`, or says a server is using it. */
async function exclusively<T>(file: string, task: (db: SQLite.Database) => Promise<T>): Promise<T> {
  const db = new SQLite(file, { fileMustExist: true, timeout: 200 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('begin exclusive');
      db.exec('commit');
    } catch {
      throw refuse(`${file} is in use (is Daka Server running?); stop the server first`);
    }
    return await task(db);
  } finally {
    db.close();
  }
}

/**
 * Replaces the database `live` with the backup `from`. Returns where the database it
 * replaced was kept (null when there was none).
 */
export async function restoreSqlite(
  from: string,
  live: string,
  now = Date.now(),
): Promise<string | null> {
  checkDakaFile(from);
  let kept: string | null = null;
  if (existsSync(live)) {
    const keep = `${live}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    // Through the lock holder (refused while a server runs): what a crashed server left in
    // the WAL is kept too.
    await exclusively(live, (db) => db.backup(keep, WHOLE));
    chmodSync(keep, 0o600);
    kept = keep;
  }
  const staged = `${live}.restoring`;
  rmSync(staged, { force: true });
  // A fresh copy through the backup API (the source may itself be in WAL mode).
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(staged, WHOLE);
  } finally {
    source.close();
  }
  chmodSync(staged, 0o600);
  for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
  // Atomic: the database is the old one or the restored one, never half of each.
  renameSync(staged, live);
  return kept;
}
