import { statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../server/app';
import { runServerCli } from '../../../server/cli';
import { openSqlite, type OpenedDatabase } from '../../../server/store/database';

let dir = '';
let live = '';
const open: OpenedDatabase[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'daka-backup-'));
  live = join(dir, DATABASE_FILE);
});
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runServerCli(argv, {
    env: { DAKA_SERVER_DATA: dir, HOME: dir },
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  });
  return { code, out, err };
}

async function server(): Promise<OpenedDatabase> {
  const o = await openSqlite(live);
  open.push(o);
  return o;
}

const kv = (o: OpenedDatabase, key: string) =>
  o.db.insertInto('kv').values({ key, value_json: '1', updated_at: 1 }).execute();

const keys = async (file: string) => {
  const o = await openSqlite(file);
  try {
    return (await o.db.selectFrom('kv').select('key').orderBy('key').execute()).map((r) => r.key);
  } finally {
    await o.close();
  }
};

describe('daka-server backup and restore (SQLite)', () => {
  it('backs up while the server writes, and restores once it is stopped', async () => {
    const running = await server();
    for (let i = 0; i < 200; i += 1) await kv(running, `before-${String(i).padStart(3, '0')}`);
    // The server keeps writing during the backup: the copy is one consistent moment.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i += 1) {
        await kv(running, `during-${i}`);
        // A real server's writes come from requests: other work runs in between.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const target = join(dir, 'backup.db');
    const done = await cli('backup', target);
    writing = false;
    await writer;
    expect(done).toMatchObject({ code: 0 });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const copied = await keys(target);
    expect(copied.filter((k) => k.startsWith('before-'))).toHaveLength(200);

    // Not over a running server.
    await kv(running, 'after-backup');
    const busy = await cli('restore', target);
    expect(busy.code).toBe(1);
    expect(busy.err).toMatch(/in use.*stop the server/);

    await running.close();
    open.splice(0);
    const restored = await cli('restore', target);
    expect(restored.code).toBe(0);
    expect(await keys(live)).toEqual(copied);
    // The database it replaced is kept, with what was written after the backup.
    const kept = /kept as (\S+)/.exec(restored.out)?.[1] ?? '';
    expect(await keys(kept)).toContain('after-backup');
  });

  it('refuses to overwrite a file with a backup', async () => {
    await server();
    writeFileSync(join(dir, 'taken.db'), 'x');
    expect((await cli('backup', join(dir, 'taken.db'))).err).toMatch(/exists/);
  });

  it('refuses a file that is not a Daka database, or one from a newer server', async () => {
    const o = await server();
    await kv(o, 'mine');
    await o.close();
    open.splice(0);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some text that is long enough');
    expect((await cli('restore', text)).err).toMatch(/not a Daka Server database/);
    const other = join(dir, 'other.db');
    const foreign = new SQLite(other);
    foreign.exec('create table t (x)');
    foreign.close();
    expect((await cli('restore', other)).err).toMatch(/not a Daka Server database/);
    const newer = join(dir, 'newer.db');
    const n = await openSqlite(newer);
    await sql`insert into kysely_migration (name, timestamp) values ('9999_future', 'x')`.execute(
      n.db,
    );
    await n.close();
    expect((await cli('restore', newer)).err).toMatch(/newer Daka Server.*9999_future/);
    // Nothing was touched.
    expect(await keys(live)).toEqual(['mine']);
  });

  it('points to pg_dump when the database is PostgreSQL', async () => {
    let err = '';
    const code = await runServerCli(['backup', join(dir, 'x.dump')], {
      env: { DAKA_SERVER_DATA: dir, HOME: dir, DATABASE_URL: 'postgres://u@127.0.0.1:1/db' },
      stdout: () => undefined,
      stderr: (t) => void (err += t),
    });
    expect(code).toBe(1);
    expect(err).toContain('pg_dump');
  });
});
