import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { addDays, startOfDate } from '../../../shared/time';
import { LIST_RECORD, SH, TUESDAY, sh, startHarness, type Harness } from './harness';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const MONDAY = addDays(TUESDAY, -1);
  const dayStart = (date: string) => startOfDate(date, SH);
  const dayEnd = (date: string) => startOfDate(addDays(date, 1), SH) - 1000;

  async function rememberAll(users: string[]): Promise<void> {
    for (const u of users) await h.dayData.rememberUser(u, null);
  }

  function punch(userId: string, at: string): void {
    h.sim.injectRecord({ userId, userCheckTime: sh(at), sourceType: 'USER' });
  }

  describe('RecordCache', () => {
    it('answers 120 employees asking at once with 3 listRecord calls, each their own punches', async () => {
      h = await startHarness({ store, extra: 120, start: `${TUESDAY} 10:00:00` });
      h.staff.forEach((u, i) => punch(u, `${TUESDAY} 08:${String(i % 60).padStart(2, '0')}:00`));

      const all = await Promise.all(
        h.staff.map((u) => h.dayData.records(u, dayStart(TUESDAY), dayEnd(TUESDAY))),
      );

      expect(h.calls(LIST_RECORD)).toBe(3);
      all.forEach((records, i) => {
        expect(records.map((r) => r.userId)).toEqual([h.staff[i]]);
      });
    });

    it('fills a single reader’s call with known colleagues whose today is not fresh', async () => {
      h = await startHarness({ store, extra: 60, start: `${TUESDAY} 10:00:00` });
      await rememberAll(h.staff);
      h.staff.forEach((u) => punch(u, `${TUESDAY} 08:55:00`));
      const read = (u: string) => h.dayData.records(u, dayStart(TUESDAY), dayEnd(TUESDAY));

      expect(await read(h.staff[0] ?? '')).toHaveLength(1);
      expect(h.calls(LIST_RECORD)).toBe(1);
      const body = h.sim.requests.find((r) => r.path === LIST_RECORD)?.body as {
        userIds: string[];
      };
      expect(body.userIds).toHaveLength(50);
      // The 49 who rode along read from the cache; the other ten need a call.
      for (const u of body.userIds) expect(await read(u)).toHaveLength(1);
      expect(h.calls(LIST_RECORD)).toBe(1);
      const rest = h.staff.filter((u) => !body.userIds.includes(u));
      expect(rest).toHaveLength(10);
      await read(rest[0] ?? '');
      expect(h.calls(LIST_RECORD)).toBe(2);
    });

    it('serves today from the cache for a minute, then reads again', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 09:30:00` });
      const { fixed } = DEMO_USERS;
      punch(fixed, `${TUESDAY} 08:55:00`);
      const read = () => h.dayData.records(fixed, dayStart(TUESDAY), dayEnd(TUESDAY));

      expect(await read()).toHaveLength(1);
      punch(fixed, `${TUESDAY} 09:31:00`);
      h.clock.advance(59_000);
      expect(await read()).toHaveLength(1);
      expect(h.calls(LIST_RECORD)).toBe(1);

      h.clock.advance(1_000);
      expect(await read()).toHaveLength(2);
      expect(h.calls(LIST_RECORD)).toBe(2);
    });

    it('reads again at once after a punch was uploaded (invalidate)', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 08:50:00` });
      const { fixed } = DEMO_USERS;
      const read = () => h.dayData.records(fixed, dayStart(TUESDAY), dayEnd(TUESDAY));
      expect(await read()).toEqual([]);

      await h.client.uploadPunch({
        userId: fixed,
        deviceId: 'daka-server',
        deviceName: 'Daka',
        userCheckTime: h.clock.now(),
      });
      await h.dayData.invalidate(fixed, h.clock.now());

      const after = await read();
      expect(after.map((r) => r.deviceId)).toEqual(['daka-server']);
      expect(h.calls(LIST_RECORD)).toBe(2);
    });

    it('an invalidation during a fetch leaves the day stale for the next read', async () => {
      // The read reaches DingTalk, then its answer is held until the punch is announced.
      let fetched = (): void => undefined;
      let release = (): void => undefined;
      const wasFetched = new Promise<void>((resolve) => (fetched = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      let held = false;
      h = await startHarness({
        store,
        start: `${TUESDAY} 08:50:00`,
        dayData: {
          api: {
            schedulesByUsers: (...args) => h.client.schedulesByUsers(...args),
            scheduleByDay: (...args) => h.client.scheduleByDay(...args),
            listRecords: async (...args) => {
              const records = await h.client.listRecords(...args);
              if (!held) {
                held = true;
                fetched();
                await gate;
              }
              return records;
            },
          },
        },
      });
      const { fixed } = DEMO_USERS;
      const first = h.dayData.records(fixed, dayStart(TUESDAY), dayEnd(TUESDAY));
      await wasFetched;
      punch(fixed, `${TUESDAY} 08:50:00`);
      await h.dayData.invalidate(fixed, h.clock.now());
      release();
      expect(await first).toEqual([]);
      const again = await h.dayData.records(fixed, dayStart(TUESDAY), dayEnd(TUESDAY));
      expect(again).toHaveLength(1);
      expect(h.calls(LIST_RECORD)).toBe(2);
    });

    it('coalesces different ranges into one call over the union of their days', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 12:00:00` });
      const { fixed, colleague } = DEMO_USERS;
      punch(fixed, `${MONDAY} 09:00:00`);
      punch(colleague, `${TUESDAY} 09:00:00`);
      const [a, b] = await Promise.all([
        h.dayData.records(fixed, dayStart(MONDAY), dayEnd(MONDAY)),
        h.dayData.records(colleague, dayStart(TUESDAY), dayEnd(TUESDAY)),
      ]);
      expect(a).toHaveLength(1);
      expect(b).toHaveLength(1);
      expect(h.calls(LIST_RECORD)).toBe(1);
      const body = h.sim.requests.find((r) => r.path === LIST_RECORD)?.body as {
        checkDateFrom: string;
        checkDateTo: string;
      };
      expect(body.checkDateFrom).toBe(`${MONDAY} 00:00:00`);
      expect(body.checkDateTo).toBe(`${TUESDAY} 12:00:00`);
    });

    it('keeps a past day settled once read after it ended; a day read while running is read again', async () => {
      h = await startHarness({ store, start: `${MONDAY} 18:30:00` });
      const { fixed } = DEMO_USERS;
      punch(fixed, `${MONDAY} 18:10:00`);
      await h.dayData.records(fixed, dayStart(MONDAY), dayEnd(MONDAY));
      punch(fixed, `${MONDAY} 20:00:00`);

      h.clock.set(sh(`${TUESDAY} 09:00:00`));
      expect(await h.dayData.records(fixed, dayStart(MONDAY), dayEnd(MONDAY))).toHaveLength(2);
      expect(h.calls(LIST_RECORD)).toBe(2);
      h.clock.set(sh(`${TUESDAY} 17:00:00`));
      expect(await h.dayData.records(fixed, dayStart(MONDAY), dayEnd(MONDAY))).toHaveLength(2);
      expect(h.calls(LIST_RECORD)).toBe(2);
    });

    it('verifies yesterday for everyone at 06:00 with one call per 50, once', async () => {
      h = await startHarness({ store, extra: 120, start: `${TUESDAY} 05:59:00` });
      await rememberAll(h.staff);
      h.staff.forEach((u) => punch(u, `${MONDAY} 18:05:00`));
      await h.dayData.runDue();
      expect(h.calls(LIST_RECORD)).toBe(0);

      h.clock.set(sh(`${TUESDAY} 06:00:00`));
      expect(await h.dayData.runDue()).toContain('verify');
      expect(h.calls(LIST_RECORD)).toBe(Math.ceil(120 / 50));
      const body = h.sim.requests.find((r) => r.path === LIST_RECORD)?.body as {
        checkDateFrom: string;
        checkDateTo: string;
      };
      expect([body.checkDateFrom, body.checkDateTo]).toEqual([
        `${MONDAY} 00:00:00`,
        `${MONDAY} 23:59:59`,
      ]);

      // Yesterday is now settled for all of them, and the job does not run twice.
      await Promise.all(h.staff.map((u) => h.dayData.records(u, dayStart(MONDAY), dayEnd(MONDAY))));
      await h.dayData.runDue();
      expect(h.calls(LIST_RECORD)).toBe(3);
    });

    it('in budget mode serves an aged day as it is, but reads what a punch made stale', async () => {
      h = await startHarness({ store, cap: 100, start: `${TUESDAY} 09:30:00` });
      const { fixed } = DEMO_USERS;
      const read = () => h.dayData.recordCache.read(fixed, dayStart(TUESDAY), dayEnd(TUESDAY));
      expect((await read()).stale).toBe(false);
      punch(fixed, `${TUESDAY} 09:31:00`);

      // 90 % of the cap: budget mode.
      for (let i = 0; i < 90; i++) {
        h.meter.record({
          api: 'oapi:/attendance/listRecord',
          quotaCounted: true,
          token: false,
          ok: true,
          durationMs: 1,
          at: h.clock.now(),
        });
      }
      expect(h.meter.budgetMode()).toBe(true);
      h.clock.advance(5 * 60_000);
      const aged = await read();
      expect(aged).toMatchObject({ stale: true, records: [] });
      expect(h.calls(LIST_RECORD)).toBe(1);

      // The morning verification is optional too.
      h.clock.set(sh(`${addDays(TUESDAY, 1)} 06:00:00`));
      await h.dayData.rememberUser(fixed, null);
      await h.dayData.runDue();
      expect(h.calls(LIST_RECORD)).toBe(1);
      h.clock.set(sh(`${TUESDAY} 09:40:00`));

      // A punch of ours is never left unseen.
      await h.dayData.invalidate(fixed, sh(`${TUESDAY} 09:31:00`));
      const fresh = await read();
      expect(fresh.stale).toBe(false);
      expect(fresh.records).toHaveLength(1);
      expect(h.calls(LIST_RECORD)).toBe(2);
    });

    it('makes no call for the future and refuses ranges over 7 days', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 09:30:00` });
      const tomorrow = addDays(TUESDAY, 1);
      expect(await h.dayData.records('zhangwei', dayStart(tomorrow), dayEnd(tomorrow))).toEqual([]);
      expect(h.calls(LIST_RECORD)).toBe(0);
      await expect(
        h.dayData.records('zhangwei', dayStart(addDays(TUESDAY, -9)), dayEnd(TUESDAY)),
      ).rejects.toMatchObject({ code: 'invalidInput' });
    });

    it('refuses times no date can hold (a client mistake, not a 500)', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 09:30:00` });
      const huge = 1e17;
      await expect(h.dayData.records('zhangwei', huge, huge)).rejects.toMatchObject({
        code: 'invalidInput',
      });
      expect(h.calls(LIST_RECORD)).toBe(0);
    });
  });
});
