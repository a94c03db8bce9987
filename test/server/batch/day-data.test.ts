import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_RETENTION_DAYS, isDue, createDayData } from '../../../server/batch/day-data';
import { HISTORY_MAX_DAYS_BACK } from '../../../shared/history';
import { addDays } from '../../../shared/time';
import { silentLogger } from '../../../main/ports';
import { createPgLeases } from '../../../server/store/lease';
import { LIST_BY_USERS, LIST_RECORD, SH, TUESDAY, sh, startHarness, type Harness } from './harness';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  describe('isDue', () => {
    it('is due from the set time on, once per org-zone day', () => {
      expect(isDue(sh(`${TUESDAY} 04:59:59`), SH, '05:00', null)).toBe(false);
      expect(isDue(sh(`${TUESDAY} 05:00:00`), SH, '05:00', null)).toBe(true);
      expect(isDue(sh(`${TUESDAY} 23:00:00`), SH, '05:00', '2026-11-23')).toBe(true);
      expect(isDue(sh(`${TUESDAY} 23:00:00`), SH, '05:00', TUESDAY)).toBe(false);
    });
  });

  describe('the caches are pruned', () => {
    it('the daily prefetch drops cached days older than the retention, keeping every day history can still ask for', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 04:00:00` });
      const db = h.opened.db;
      const old = addDays(TUESDAY, -(CACHE_RETENTION_DAYS + 1));
      const kept = addDays(TUESDAY, -CACHE_RETENTION_DAYS);
      // The oldest day /v1/history serves: pruned, each ask would spend counted calls again.
      const reachable = addDays(TUESDAY, -HISTORY_MAX_DAYS_BACK);
      for (const day of [old, kept, reachable]) {
        await db
          .insertInto('record_cache')
          .values({ user_id: 'u1', day, records_json: '[]', fetched_at: 1 })
          .execute();
        await db
          .insertInto('schedule_cache')
          .values({ user_id: 'u1', work_date: day, entries_json: '[]', fetched_at: 1 })
          .execute();
      }
      expect(await h.dayData.runDue(sh(`${TUESDAY} 05:00:00`))).toContain('prefetch');
      const records = await db.selectFrom('record_cache').select('day').execute();
      const schedules = await db.selectFrom('schedule_cache').select('work_date').execute();
      expect(records.map((r) => r.day).sort()).toEqual([kept, reachable].sort());
      expect(schedules.map((r) => r.work_date).sort()).toEqual([kept, reachable].sort());
    });
  });

  describe('DayData start and stop', () => {
    it('runs the due jobs at start, and a restart on the same database repeats neither', async () => {
      h = await startHarness({ store, extra: 120, start: `${TUESDAY} 10:00:00` });
      for (const u of h.staff) await h.dayData.rememberUser(u, null);

      h.dayData.start();
      await h.dayData.stop();
      // The prefetch (3 × 50 people × 7 days) and yesterday's verification (3 × 50 people).
      expect(h.calls(LIST_BY_USERS)).toBe(3);
      expect(h.calls(LIST_RECORD)).toBe(3);

      const restarted = createDayData({
        db: h.opened.db,
        api: h.client,
        clock: h.clock,
        timeZone: SH,
        operatorUserId: null,
        budgetMode: () => false,
        logger: silentLogger,
      });
      restarted.start();
      await restarted.stop();
      expect(h.calls(LIST_BY_USERS)).toBe(3);
      expect(h.calls(LIST_RECORD)).toBe(3);
      // And the cache it left serves the week.
      await restarted.schedule(h.staff[7] ?? '', TUESDAY);
      expect(h.calls(LIST_BY_USERS)).toBe(3);
    });

    it.runIf(store.kind === 'postgres')(
      'two instances on one database start together: each job runs once, under the lease',
      async () => {
        h = await startHarness({ store, extra: 120, start: `${TUESDAY} 10:00:00` });
        for (const u of h.staff) await h.dayData.rememberUser(u, null);
        const url = h.database.databaseUrl ?? '';
        const leases = [createPgLeases(url, silentLogger), createPgLeases(url, silentLogger)];
        const instance = (n: 0 | 1) =>
          createDayData({
            db: h.opened.db,
            api: h.client,
            clock: h.clock,
            timeZone: SH,
            operatorUserId: null,
            budgetMode: () => false,
            logger: silentLogger,
            leases: leases[n],
          });
        const [a, b] = [instance(0), instance(1)];
        a.start();
        b.start();
        await Promise.all([a.stop(), b.stop()]);
        // Once, not twice: the prefetch (3 × 50 people × 7 days) and the verification (3 × 50).
        expect(h.calls(LIST_BY_USERS)).toBe(3);
        expect(h.calls(LIST_RECORD)).toBe(3);
        // And a later pass of either finds them done today.
        expect(await a.runDue()).toEqual([]);
        expect(await b.runDue()).toEqual([]);
        await Promise.all(leases.map((l) => l.close()));
      },
    );

    it('a failed job is not retried on every tick', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 06:30:00` });
      await h.dayData.rememberUser('zhangwei', null);
      h.sim.fault(LIST_RECORD, { status: 503 });
      expect(await h.dayData.runDue()).toEqual(['prefetch']);
      const failed = h.calls(LIST_RECORD);
      expect(failed).toBeGreaterThan(0);
      h.clock.advance(60_000);
      expect(await h.dayData.runDue()).toEqual([]);
      expect(h.calls(LIST_RECORD)).toBe(failed);
      h.sim.clearFaults();
      h.clock.advance(15 * 60_000);
      expect(await h.dayData.runDue()).toEqual(['verify']);
      expect(h.logs.some((l) => l.message.includes('verify failed'))).toBe(true);
    });
  });
});
