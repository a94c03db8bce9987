/**
 * Upgrades, seen from outside: `daka-server` run on a database written by an
 * earlier release migrates it at start and keeps every row, and refuses a
 * database written by a newer release without touching it. The databases are
 * real SQLite files written here with better-sqlite3 and Kysely's migrator,
 * the same way an older server would have written them.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServerCli } from '../../server/cli';
import { MIGRATIONS } from '../../server/store/migrations';

const NAMES = Object.keys(MIGRATIONS).sort();
const ENTRIES = Object.entries(MIGRATIONS).sort(([a], [b]) => a.localeCompare(b));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daka-upgrade-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The demo's database under DAKA_SERVER_DATA=dir (server/demo.ts: <data>/demo). */
const dbFile = () => join(dir, 'demo', 'daka-server.db');

/** Writes a database as a release that knew only `names` would have. */
async function writeOlderDatabase(file: string, names: string[]): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SQLite(file) }) });
  const subset = Object.fromEntries(ENTRIES.filter(([n]) => names.includes(n)));
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => subset },
  }).migrateToLatest();
  await db.destroy();
  if (error) throw error;
}

type Row = Record<string, unknown>;
const OWN_TABLES = "name not like 'sqlite_%' and name not like 'kysely_%'";

/** Fills every table with rows: a value for every column, so any migration's change shows. */
function fillEveryTable(file: string, rowsPerTable: number): Map<string, Row[]> {
  const sqlite = new SQLite(file);
  const written = new Map<string, Row[]>();
  try {
    const tables = sqlite
      .prepare(`select name from sqlite_master where type = 'table' and ${OWN_TABLES}`)
      .pluck()
      .all() as string[];
    for (const table of tables) {
      const columns = sqlite.prepare(`pragma table_info("${table}")`).all() as {
        name: string;
        type: string;
      }[];
      const rows: Row[] = [];
      for (let i = 1; i <= rowsPerTable; i++) {
        const row: Row = {};
        for (const c of columns) {
          row[c.name] = /int/i.test(c.type) ? 1_000 * i + c.name.length : `${table}.${c.name}.${i}`;
        }
        const names = columns.map((c) => `"${c.name}"`).join(', ');
        const marks = columns.map((c) => `@${c.name}`).join(', ');
        sqlite.prepare(`insert into "${table}" (${names}) values (${marks})`).run(row);
        rows.push(row);
      }
      written.set(table, rows);
    }
  } finally {
    sqlite.close();
  }
  return written;
}

function readTables(file: string): { migrations: string[]; tables: Map<string, Row[]> } {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    const migrations = sqlite
      .prepare('select name from kysely_migration order by name')
      .pluck()
      .all() as string[];
    const names = sqlite
      .prepare(`select name from sqlite_master where type = 'table' and ${OWN_TABLES}`)
      .pluck()
      .all() as string[];
    const tables = new Map(
      names.map((t) => [t, sqlite.prepare(`select * from "${t}"`).all() as Row[]]),
    );
    return { migrations, tables };
  } finally {
    sqlite.close();
  }
}

/** `daka-server` (demo: no AppKey) on dir; it stops as soon as it has started. */
async function runServer(): Promise<{ exit: number; stderr: string; stdout: string }> {
  let stdout = '';
  let stderr = '';
  const exit = await runServerCli([], {
    env: { HOME: dir, DAKA_SERVER_DATA: dir, DAKA_SERVER_PORT: '0', DAKA_SERVER_LOG_LEVEL: 'warn' },
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stopSignal: Promise.resolve(),
  });
  return { exit, stderr, stdout };
}

describe('daka-server on a database from an earlier release', () => {
  // Every earlier migration set, the previous release's (all but the newest) included.
  it.each(NAMES.slice(0, -1).map((name, i) => [name, NAMES.slice(0, i + 1)] as const))(
    'migrates a database that stopped at %s and keeps every row',
    async (_last, older) => {
      await writeOlderDatabase(dbFile(), [...older]);
      const written = fillEveryTable(dbFile(), 3);
      expect(written.size).toBeGreaterThan(0);

      const { exit, stderr } = await runServer();
      expect(stderr).not.toMatch(/refus/i);
      expect(exit).toBe(0);

      const after = readTables(dbFile());
      expect(after.migrations).toEqual(NAMES);
      for (const [table, rows] of written) {
        const now = after.tables.get(table);
        expect(now, `table ${table} is gone`).toBeDefined();
        for (const row of rows) {
          // Same values in the columns the row had; columns added later may hold anything.
          expect(now).toContainEqual(expect.objectContaining(row));
        }
      }
    },
  );
});

describe('daka-server on a database from a newer release', () => {
  it('refuses to start, names the unknown migration, and leaves the database as it was', async () => {
    await writeOlderDatabase(dbFile(), NAMES);
    fillEveryTable(dbFile(), 2);
    const sqlite = new SQLite(dbFile());
    sqlite
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('9999_from_the_future', new Date().toISOString());
    sqlite.close();
    const before = readTables(dbFile());

    const { exit, stderr, stdout } = await runServer();
    expect(exit).toBe(1);
    expect(stderr).toContain('daka-server: ');
    expect(stderr).toContain('newer Daka Server');
    expect(stderr).toContain('9999_from_the_future');
    expect(stderr).toContain('refusing to start');
    // A message, not a stack trace, and it never began listening.
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toContain('listening');
    expect(readTables(dbFile())).toEqual(before);
  });
});
