import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../../main/dingtalk/types';
import { SimClock } from '../../../main/dingtalk/simulator';
import { createServerMeter, usesQuota } from '../../../server/batch/meter';
import type { OpenedDatabase } from '../../../server/store/database';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { testStores, type TestDatabase } from '../helpers/stores';
import { LIST_BY_USERS, SH, TUESDAY, sh, startHarness, type Harness } from './harness';

const LIST_RECORD_API = 'oapi:/attendance/listRecord';

function event(overrides: Partial<CallEvent> = {}): CallEvent {
  return {
    api: LIST_RECORD_API,
    quotaCounted: true,
    token: false,
    ok: true,
    durationMs: 3,
    at: 0,
    ...overrides,
  };
}

describe.each(testStores())('on $kind', (store) => {
  describe('server meter over a database', () => {
    let database: TestDatabase;
    let opened: OpenedDatabase;
    const clock = new SimClock({ start: sh(`${TUESDAY} 10:00:00`) });

    beforeEach(async () => {
      database = await store.create();
      opened = await database.open();
      clock.set(sh(`${TUESDAY} 10:00:00`));
    });
    afterEach(async () => {
      await opened.close();
      await database.drop();
    });

    it('persists the month across a restart: counted vs not, per API and per day, pushes', async () => {
      const meter = await createServerMeter({ db: opened.db, clock, timeZone: SH, cap: 5000 });
      meter.record(event());
      meter.record(event({ api: 'oapi:/gettoken', quotaCounted: false, token: true }));
      meter.record(event({ api: 'oapi:/topapi/user/getbyunionid', quotaCounted: false }));
      clock.set(sh('2026-11-25 09:00:00'));
      meter.record(event());
      meter.recordPush(3);
      await meter.stop();
      await opened.close();

      opened = await database.open();
      const again = await createServerMeter({ db: opened.db, clock, timeZone: SH, cap: 5000 });
      expect(again.figures()).toEqual({
        month: '2026-11',
        counted: 2,
        total: 4,
        tokenFetches: 1,
        pushes: 3,
        cap: 5000,
        budgetMode: false,
        byApi: {
          [LIST_RECORD_API]: { calls: 2, counted: 2 },
          'oapi:/gettoken': { calls: 1, counted: 0 },
          'oapi:/topapi/user/getbyunionid': { calls: 1, counted: 0 },
        },
        byDay: {
          [TUESDAY]: { calls: 3, counted: 1, pushes: 0 },
          '2026-11-25': { calls: 1, counted: 1, pushes: 3 },
        },
      });
      expect(again.lastOutcome(LIST_RECORD_API)).toMatchObject({ ok: true });
      await again.stop();
    });

    it('writes behind: nothing reaches the table before a flush, everything after stop', async () => {
      const meter = await createServerMeter({
        db: opened.db,
        clock,
        timeZone: SH,
        cap: 5000,
        flushDelayMs: 60_000,
      });
      for (let i = 0; i < 100; i++) meter.record(event());
      expect(await opened.db.selectFrom('meter_counts').selectAll().execute()).toEqual([]);
      const kv = await opened.db.selectFrom('kv').selectAll().execute();
      expect(kv.filter((r) => r.key.startsWith('meter:'))).toEqual([]);
      await meter.stop();
      const rows = await opened.db.selectFrom('meter_counts').selectAll().execute();
      expect(
        rows.map((r) => ({ ...r, counted: Number(r.counted), total: Number(r.total) })),
      ).toEqual([
        expect.objectContaining({
          month: '2026-11',
          day: TUESDAY,
          api: LIST_RECORD_API,
          counted: 100,
          total: 100,
        }),
      ]);
      const after = await opened.db.selectFrom('kv').selectAll().execute();
      expect(after.map((r) => r.key).filter((k) => k.startsWith('meter:'))).toEqual([
        'meter:apiOutcomes',
      ]);
    });

    it('an upgrade keeps the month the pre-0005 meter kept as JSON in kv, imported once', async () => {
      const legacy = {
        'meter:breakdown': {
          month: '2026-11',
          total: 4,
          counted: 2,
          pushes: 3,
          byApi: {
            [LIST_RECORD_API]: { calls: 2, counted: 2 },
            'oapi:/gettoken': { calls: 1, counted: 0 },
            'oapi:/topapi/user/getbyunionid': { calls: 1, counted: 0 },
          },
          byDay: {
            [TUESDAY]: { calls: 3, counted: 1, pushes: 0 },
            '2026-11-25': { calls: 1, counted: 1, pushes: 3 },
          },
        },
        'meter:quota': {
          month: '2026-11',
          counted: 2,
          total: 4,
          tokenFetches: 1,
          byApi: {},
          exhausted: false,
        },
        'meter:history:2026-10': {
          month: '2026-10',
          total: 7,
          counted: 7,
          pushes: 0,
          byApi: { [LIST_RECORD_API]: { calls: 7, counted: 7 } },
          byDay: { '2026-10-30': { calls: 7, counted: 7, pushes: 0 } },
        },
      };
      await opened.db
        .insertInto('kv')
        .values(
          Object.entries(legacy).map(([key, value]) => ({
            key,
            value_json: JSON.stringify(value),
            updated_at: 0,
          })),
        )
        .execute();
      const deps = { db: opened.db, clock, timeZone: SH, cap: 5000 };
      // Two instances starting together: the values are imported by one, not twice.
      const [a, b] = await Promise.all([createServerMeter(deps), createServerMeter(deps)]);
      const { byApi, byDay } = legacy['meter:breakdown'];
      for (const m of [a, b]) {
        expect(m.figures()).toEqual({
          byApi,
          byDay,
          month: '2026-11',
          counted: 2,
          total: 4,
          tokenFetches: 1,
          pushes: 3,
          cap: 5000,
          budgetMode: false,
        });
        expect(m.history('2026-10')).toEqual(legacy['meter:history:2026-10']);
      }
      await Promise.all([a.stop(), b.stop()]);
      const keys = await opened.db.selectFrom('kv').select('key').execute();
      expect(
        keys.filter((k) => k.key.startsWith('meter:') && k.key !== 'meter:apiOutcomes'),
      ).toEqual([]);
    });

    it('two instances on one database: each adds its calls, either shows the sum', async () => {
      const deps = { db: opened.db, clock, timeZone: SH, cap: 100, flushDelayMs: 60_000 };
      const a = await createServerMeter(deps);
      const b = await createServerMeter(deps);
      for (let i = 0; i < 30; i++) a.record(event());
      for (let i = 0; i < 20; i++) b.record(event());
      b.record(event({ api: 'oapi:/gettoken', quotaCounted: false, token: true }));
      a.recordPush(2);
      b.recordPush(5);
      // Before either writes, each sees only its own.
      expect(a.figures().counted).toBe(30);
      expect(b.figures().counted).toBe(20);
      await a.flush();
      await b.flush();
      await a.flush(); // re-reads the sum, b's write included
      for (const m of [a, b]) {
        expect(m.figures()).toEqual({
          month: '2026-11',
          counted: 50,
          total: 51,
          tokenFetches: 1,
          pushes: 7,
          cap: 100,
          budgetMode: false,
          byApi: {
            [LIST_RECORD_API]: { calls: 50, counted: 50 },
            'oapi:/gettoken': { calls: 1, counted: 0 },
          },
          byDay: { [TUESDAY]: { calls: 51, counted: 50, pushes: 7 } },
        });
      }
      // Flushing again adds nothing (a delta is written once).
      await a.flush();
      await b.flush();
      expect(a.figures().counted).toBe(50);

      // 45 + 45 = 90 = 90 % of 100: budget mode from the sum, though neither made 90.
      for (let i = 0; i < 15; i++) a.record(event());
      for (let i = 0; i < 25; i++) b.record(event());
      expect(a.budgetMode()).toBe(false);
      expect(b.budgetMode()).toBe(false);
      await a.flush();
      await b.flush();
      expect(b.budgetMode()).toBe(true);
      await a.flush();
      expect(a.figures()).toMatchObject({ counted: 90, budgetMode: true });
      await a.stop();
      await b.stop();

      // A restart keeps the sum.
      await opened.close();
      opened = await database.open();
      const c = await createServerMeter({ ...deps, db: opened.db });
      expect(c.figures()).toMatchObject({ counted: 90, total: 91, pushes: 7, budgetMode: true });
      await c.stop();
    });

    it('concurrent flushes of two instances lose no call', async () => {
      const deps = { db: opened.db, clock, timeZone: SH, cap: 100_000, flushDelayMs: 60_000 };
      const meters = await Promise.all([createServerMeter(deps), createServerMeter(deps)]);
      for (let round = 0; round < 10; round++) {
        for (const m of meters) for (let i = 0; i < 7; i++) m.record(event());
        await Promise.all(meters.map((m) => m.flush()));
      }
      await Promise.all(meters.map((m) => m.flush()));
      for (const m of meters) expect(m.figures()).toMatchObject({ counted: 140, total: 140 });
      await Promise.all(meters.map((m) => m.stop()));
    });

    it('does not count throttled calls or calls that never left (dingtalk-api.md §10)', () => {
      expect(usesQuota(event())).toBe(true);
      expect(usesQuota(event({ ok: false, errorCode: 'rateLimited' }))).toBe(false);
      expect(usesQuota(event({ ok: false, errorCode: 'networkDown' }))).toBe(false);
      // The 5-minute ban after an IP flood (status 1111) is DingTalk's per-IP throttle.
      expect(usesQuota(event({ ok: false, errorCode: 'ipBanned' }))).toBe(false);
      expect(usesQuota(event({ ok: false, errorCode: 'timeout' }))).toBe(true);
      expect(usesQuota(event({ quotaCounted: false }))).toBe(false);
    });

    it('enters budget mode at 90 % of the cap, or when DingTalk says the quota is gone', async () => {
      const meter = await createServerMeter({ db: opened.db, clock, timeZone: SH, cap: 100 });
      for (let i = 0; i < 89; i++) meter.record(event());
      expect(meter.budgetMode()).toBe(false);
      meter.record(event());
      expect(meter.figures()).toMatchObject({ counted: 90, cap: 100, budgetMode: true });

      // A new month starts afresh and keeps the old one as history.
      clock.set(sh('2026-12-01 00:00:01'));
      expect(meter.figures()).toMatchObject({ month: '2026-12', counted: 0, budgetMode: false });
      expect(meter.history('2026-11')).toMatchObject({ counted: 90, total: 90 });
      meter.record(event({ ok: false, errorCode: 'quotaExhausted' }));
      expect(meter.budgetMode()).toBe(true);
      await meter.stop();
    });
  });

  describe('server meter as the client’s onCall', () => {
    let h: Harness;
    afterEach(async () => {
      await h?.close();
    });

    it('counts the real calls: listbyusers counted, the token not', async () => {
      h = await startHarness({ store, extra: 60 });
      for (const u of h.staff) await h.dayData.rememberUser(u, null);
      await h.dayData.schedule(DEMO_USERS.fixed, TUESDAY);
      const f = h.meter.figures();
      expect(f.byApi[`oapi:${LIST_BY_USERS}`]).toEqual({ calls: 2, counted: 2 });
      expect(f.byApi['oapi:/gettoken']).toEqual({ calls: 1, counted: 0 });
      expect(f.counted).toBe(2);
      // The simulator's own count of the organisation's quota agrees.
      expect(h.sim.quota.used).toBe(2);
    });
  });
});
