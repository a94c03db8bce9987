/**
 * The server's stores for tests: SQLite always, PostgreSQL when
 * DAKA_TEST_DATABASE_URL is set (scripts/postgres.sh starts one and prints it;
 * .ci/run does). Absent outside CI, the PostgreSQL cases are skipped with a
 * message; absent in CI (CI set), this module throws: the suite must not pass
 * by skipping.
 *
 * Each `create()` is a fresh, empty database of its own: a temp folder for
 * SQLite, a new schema for PostgreSQL (chosen through the URL's
 * `options=-c search_path=…`, so a child process given the URL lands in the
 * same schema), dropped by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type OpenedDatabase, type StoreKind } from '../../../server/store/database';

export const TEST_DATABASE_URL = process.env.DAKA_TEST_DATABASE_URL?.trim() || null;

if (!TEST_DATABASE_URL && process.env.CI) {
  throw new Error(
    'DAKA_TEST_DATABASE_URL is not set in CI: start PostgreSQL with scripts/postgres.sh',
  );
}

export interface TestDatabase {
  kind: StoreKind;
  /** The data folder (always a fresh temp folder; SQLite's file is in it). */
  dir: string;
  /** The SQLite file, or where it would be. */
  file: string;
  /** The PostgreSQL URL (into this database's own schema); null for SQLite. */
  databaseUrl: string | null;
  open(): Promise<OpenedDatabase>;
  drop(): Promise<void>;
}

export interface TestStore {
  kind: StoreKind;
  create(): Promise<TestDatabase>;
}

/** A URL whose connections use `schema` first (libpq's `options`). */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL ?? undefined });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const sqlite: TestStore = {
  kind: 'sqlite',
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'daka-store-'));
    const file = join(dir, 'daka-server.db');
    return {
      kind: 'sqlite',
      dir,
      file,
      databaseUrl: null,
      open: () => openDatabase({ file }),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

const postgres: TestStore = {
  kind: 'postgres',
  async create() {
    const base = TEST_DATABASE_URL;
    if (!base) throw new Error('DAKA_TEST_DATABASE_URL is not set');
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create schema ${schema}`);
    const dir = await mkdtemp(join(tmpdir(), 'daka-store-'));
    const databaseUrl = withSchema(base, schema);
    return {
      kind: 'postgres',
      dir,
      file: join(dir, 'daka-server.db'),
      databaseUrl,
      open: () => openDatabase({ databaseUrl, file: join(dir, 'daka-server.db') }),
      async drop() {
        await adminQuery(`drop schema if exists ${schema} cascade`);
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

let warned = false;

/** SQLite, and PostgreSQL when configured: for `describe.each(testStores())`. */
export function testStores(): TestStore[] {
  if (TEST_DATABASE_URL) return [sqlite, postgres];
  if (!warned) {
    warned = true;
    console.warn(
      'PostgreSQL tests skipped: DAKA_TEST_DATABASE_URL is not set (start one with scripts/postgres.sh)',
    );
  }
  return [sqlite];
}

/** PostgreSQL only (multi-instance tests); null, with a message, when not configured. */
export function postgresStore(): TestStore | null {
  if (TEST_DATABASE_URL) return postgres;
  console.warn(
    'PostgreSQL tests skipped: DAKA_TEST_DATABASE_URL is not set (start one with scripts/postgres.sh)',
  );
  return null;
}

export { sqlite as sqliteStore };
