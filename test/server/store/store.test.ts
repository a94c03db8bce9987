import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../server/store/migrations';
import type { NewPunch } from '../../../server/store/schema';
import { testStores, type TestDatabase } from '../helpers/stores';

const made: TestDatabase[] = [];
afterEach(async () => {
  for (const d of made.splice(0)) await d.drop();
});

/** Far past 2^32: a bigint column that came back as text or was cut to 32 bits would show. */
const MS = Date.parse('2026-12-01T08:00:00.123Z');

const punch = (intent: string, device = 'dev-1'): NewPunch => ({
  intent_id: intent,
  device_id: device,
  session_id: 's1',
  user_id: 'u1',
  device_name: 'Daka · host',
  check_type_hint: null,
  clicked_at: MS,
  received_at: MS + 1,
  check_time: MS + 2,
  offline: 0,
  state: 'accepted',
  attempts: 0,
  error_json: null,
  request_id: null,
  uploaded_at: null,
  settled_by: null,
  client_ip: null,
  updated_at: MS + 3,
});

describe.each(testStores())('the $kind store', (store) => {
  const create = async () => {
    const d = await store.create();
    made.push(d);
    return d;
  };

  it('applies every migration once, and again is a no-op', async () => {
    const d = await create();
    const first = await d.open();
    expect(first.kind).toBe(store.kind);
    expect(first.migrations).toEqual(Object.keys(MIGRATIONS).sort());
    await first.close();
    const second = await d.open();
    expect(second.migrations).toEqual(first.migrations);
    await second.close();
  });

  // Several instances exist on PostgreSQL only (one process owns a SQLite file); there
  // Kysely's migrator takes an advisory lock.
  it.runIf(store.kind === 'postgres')(
    'instances starting together on an empty database apply each migration once',
    async () => {
      const d = await create();
      const opened = await Promise.all([d.open(), d.open(), d.open()]);
      for (const o of opened) expect(o.migrations).toEqual(Object.keys(MIGRATIONS).sort());
      const rows = await sql<{
        name: string;
      }>`select name from kysely_migration`.execute(opened[0]?.db ?? (await d.open()).db);
      expect(rows.rows).toHaveLength(Object.keys(MIGRATIONS).length);
      await Promise.all(opened.map((o) => o.close()));
    },
  );

  it('refuses a database written by a newer server, and leaves it as it was', async () => {
    const d = await create();
    const opened = await d.open();
    await sql`insert into kysely_migration (name, timestamp) values ('9999_future', '2030-01-01')`.execute(
      opened.db,
    );
    await opened.db
      .insertInto('kv')
      .values({ key: 'k', value_json: '1', updated_at: MS })
      .execute();
    await opened.close();
    await expect(d.open()).rejects.toThrow(/newer Daka Server.*9999_future/);
    // Still there and still refused: nothing was migrated or dropped.
    await expect(d.open()).rejects.toThrow(/refusing to start/);
  });

  it('round-trips epoch milliseconds, counts and generated ids as numbers', async () => {
    const d = await create();
    const { db, close } = await d.open();
    try {
      await db.insertInto('punches').values(punch('a')).execute();
      await db.insertInto('punches').values(punch('b')).execute();
      const rows = await db.selectFrom('punches').selectAll().orderBy('id').execute();
      expect(rows.map((r) => r.id)).toEqual([1, 2]);
      const row = rows[0];
      expect(row).toMatchObject({
        clicked_at: MS,
        received_at: MS + 1,
        check_time: MS + 2,
        updated_at: MS + 3,
        offline: 0,
        attempts: 0,
      });
      for (const value of [row?.id, row?.clicked_at, row?.check_time, row?.offline]) {
        expect(typeof value).toBe('number');
      }
      const count = await db
        .selectFrom('punches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(count.n).toBe(2);
      const sum = await db
        .selectFrom('punches')
        .select((eb) => eb.fn.max('check_time').as('last'))
        .executeTakeFirstOrThrow();
      expect(sum.last).toBe(MS + 2);
      await db
        .insertInto('sessions')
        .values({
          id: 's1',
          user_id: 'u1',
          user_name: null,
          device_id: 'dev-1',
          device_name: 'x',
          platform: 'linux',
          app_version: '1',
          jkt: 'j',
          access_hash: 'h',
          access_expires_at: MS + 900_000,
          created_at: MS,
          last_seen_at: MS,
          last_ip: null,
          revoked_at: null,
          revoked_reason: null,
        })
        .execute();
      const session = await db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      expect(session.access_expires_at).toBe(MS + 900_000);
      expect(session.revoked_at).toBeNull();
    } finally {
      await close();
    }
  });

  it('makes one row per (device, intent) however often it is inserted', async () => {
    const d = await create();
    const { db, close } = await d.open();
    try {
      const insert = () =>
        db
          .insertInto('punches')
          .values(punch('same'))
          .onConflict((oc) => oc.columns(['device_id', 'intent_id']).doNothing())
          .executeTakeFirst();
      const results = await Promise.all(Array.from({ length: 10 }, insert));
      const inserted = results.filter((r) => Number(r.numInsertedOrUpdatedRows ?? 0) > 0);
      expect(inserted).toHaveLength(1);
      await db.insertInto('punches').values(punch('same', 'dev-2')).execute();
      await expect(db.insertInto('punches').values(punch('same')).execute()).rejects.toThrow();
      const n = await db.selectFrom('punches').select('id').execute();
      expect(n).toHaveLength(2);
    } finally {
      await close();
    }
  });
});
