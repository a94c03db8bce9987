import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import { addDays } from '../../../shared/time';
import { LIST_BY_DAY, LIST_BY_USERS, TUESDAY, sh, startHarness, type Harness } from './harness';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function rememberAll(users: string[]): Promise<void> {
    for (const u of users) await h.dayData.rememberUser(u, null);
  }

  describe('ScheduleCache', () => {
    it('answers 120 employees asking at once with 3 listbyusers calls, then from the cache', async () => {
      h = await startHarness({ store, extra: 120 });
      await rememberAll(h.staff);

      const all = await Promise.all(h.staff.map((u) => h.dayData.schedule(u, TUESDAY)));

      expect(h.calls(LIST_BY_USERS)).toBe(3);
      expect(h.calls(LIST_BY_DAY)).toBe(0);
      for (const entries of all) {
        expect(entries.map((e) => [e.checkType, e.checkDateTime, e.isRest])).toEqual([
          ['OnDuty', sh(`${TUESDAY} 09:00:00`), false],
          ['OffDuty', sh(`${TUESDAY} 18:00:00`), false],
        ]);
      }
      // Each call covered 50 people × 7 days.
      const bodies = h.sim.requests
        .filter((r) => r.path === LIST_BY_USERS)
        .map((r) => r.body as { userids: string; from_date_time: number; to_date_time: number });
      expect(bodies.map((b) => b.userids.split(',').length).sort()).toEqual([20, 50, 50]);
      for (const b of bodies) {
        expect(b.from_date_time).toBe(sh(`${TUESDAY} 00:00:00`));
        expect(b.to_date_time).toBe(sh(`${addDays(TUESDAY, 6)} 00:00:00`));
      }

      h.sim.clearLog();
      await Promise.all(h.staff.map((u) => h.dayData.schedule(u, TUESDAY)));
      // The rest of the week came with the first read, the weekend as rest days.
      const saturday = await h.dayData.schedule(h.staff[0] ?? '', addDays(TUESDAY, 4));
      expect(saturday).toMatchObject([{ isRest: true, classId: 0 }]);
      expect(h.calls(LIST_BY_USERS)).toBe(0);
    });

    it('fills a newcomer’s call up to 50 with colleagues instead of one call per person', async () => {
      h = await startHarness({ store, extra: 60 });
      await rememberAll(h.staff.slice(0, 50));
      await h.dayData.schedule(h.staff[0] ?? '', TUESDAY);
      expect(h.calls(LIST_BY_USERS)).toBe(1);

      const newcomer = h.staff[55] ?? '';
      await h.dayData.rememberUser(newcomer, '新同事');
      h.sim.clearLog();
      expect(await h.dayData.schedule(newcomer, TUESDAY)).toHaveLength(2);
      expect(h.calls(LIST_BY_USERS)).toBe(1);
      const body = h.sim.requests[h.sim.requests.length - 1]?.body as { userids: string };
      const ids = body.userids.split(',');
      expect(ids).toContain(newcomer);
      expect(ids).toHaveLength(50);
    });

    it('gives the same schedule for the free, night and roster employees as the simulator knows', async () => {
      h = await startHarness({ store });
      const { free, night, turn } = DEMO_USERS;
      await rememberAll([free, night, turn]);
      expect(await h.dayData.schedule(free, TUESDAY)).toEqual([]);
      const nightShift = await h.dayData.schedule(night, TUESDAY);
      expect(nightShift.map((e) => e.checkDateTime)).toEqual([
        sh(`${TUESDAY} 22:00:00`),
        sh(`${addDays(TUESDAY, 1)} 06:00:00`),
      ]);
      expect((await h.dayData.schedule(turn, TUESDAY)).length).toBeGreaterThan(0);
      expect(h.calls(LIST_BY_USERS)).toBe(1);
    });

    it('prefetches the coming week at 05:00 for everyone, once a day', async () => {
      h = await startHarness({ store, extra: 70, start: `${TUESDAY} 04:59:00` });
      await rememberAll(h.staff);
      expect(await h.dayData.runDue()).toEqual([]);
      expect(h.calls(LIST_BY_USERS)).toBe(0);

      h.clock.set(sh(`${TUESDAY} 05:00:00`));
      expect(await h.dayData.runDue()).toContain('prefetch');
      expect(h.calls(LIST_BY_USERS)).toBe(2);
      await h.dayData.runDue();
      expect(h.calls(LIST_BY_USERS)).toBe(2);

      h.sim.clearLog();
      for (let i = 0; i < 7; i++) await h.dayData.schedule(h.staff[69] ?? '', addDays(TUESDAY, i));
      expect(h.calls(LIST_BY_USERS)).toBe(0);

      h.clock.set(sh(`${addDays(TUESDAY, 1)} 05:00:00`));
      expect(await h.dayData.runDue()).toContain('prefetch');
      expect(h.calls(LIST_BY_USERS)).toBe(2);
    });

    it('falls back to listbyday with the operator when the bulk read is refused, and says so', async () => {
      h = await startHarness({ store, dayData: { operatorUserId: DEMO_USERS.admin } });
      await rememberAll([DEMO_USERS.fixed, DEMO_USERS.colleague]);
      h.sim.fault(LIST_BY_USERS, {
        errcode: 60011,
        errmsg: '管理员权限不足，（user/department/agent）无权限',
      });

      const entries = await h.dayData.schedule(DEMO_USERS.fixed, TUESDAY);

      // listbyday's richer entries: windows and the class name.
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({ className: '朝九晚六', checkType: 'OnDuty' });
      expect(entries[0]?.checkBeginTime).not.toBeNull();
      const byDay = h.sim.requests.filter((r) => r.path === LIST_BY_DAY);
      expect(byDay.map((r) => r.body)).toEqual([
        expect.objectContaining({ op_user_id: DEMO_USERS.admin, user_id: DEMO_USERS.fixed }),
      ]);
      expect(h.logs.some((l) => l.level === 'warn' && l.message.includes('listbyusers'))).toBe(
        true,
      );

      // The refusal is remembered: the next miss goes straight to listbyday.
      const before = h.calls(LIST_BY_USERS);
      await h.dayData.schedule(DEMO_USERS.colleague, TUESDAY);
      expect(h.calls(LIST_BY_USERS)).toBe(before);
      expect(h.calls(LIST_BY_DAY)).toBe(2);
      // And served from the cache afterwards.
      await h.dayData.schedule(DEMO_USERS.fixed, TUESDAY);
      expect(h.calls(LIST_BY_DAY)).toBe(2);
    });

    it('in the listbyday fallback, one employee DingTalk refuses does not fail the others asking with them', async () => {
      h = await startHarness({ store, dayData: { operatorUserId: DEMO_USERS.admin } });
      await rememberAll([DEMO_USERS.fixed]);
      h.sim.fault(LIST_BY_USERS, {
        errcode: 60011,
        errmsg: '管理员权限不足，（user/department/agent）无权限',
      });
      const [mine, theirs] = await Promise.allSettled([
        h.dayData.schedule(DEMO_USERS.fixed, TUESDAY),
        h.dayData.schedule('left-the-company', TUESDAY),
      ]);
      expect(h.calls(LIST_BY_DAY)).toBe(2);
      expect(mine.status).toBe('fulfilled');
      expect(mine.status === 'fulfilled' ? mine.value : []).toHaveLength(2);
      expect(theirs.status).toBe('rejected');
    });

    it('reports missingPermission when neither read is allowed', async () => {
      h = await startHarness({ store });
      h.sim.setOpUserPolicy('adminOnly');
      await h.dayData.rememberUser(DEMO_USERS.fixed, null);
      await expect(h.dayData.schedule(DEMO_USERS.fixed, TUESDAY)).rejects.toMatchObject({
        code: 'missingPermission',
      });
    });

    it('an invalidated day is read again', async () => {
      h = await startHarness({ store });
      await h.dayData.rememberUser(DEMO_USERS.fixed, null);
      await h.dayData.schedule(DEMO_USERS.fixed, TUESDAY);
      h.sim.addLeave({
        userid: DEMO_USERS.fixed,
        from: `${TUESDAY} 08:00:00`,
        to: `${TUESDAY} 19:00:00`,
      });
      await h.dayData.schedules.invalidate(DEMO_USERS.fixed, TUESDAY);
      const entries = await h.dayData.schedule(DEMO_USERS.fixed, TUESDAY);
      expect(entries.every((e) => e.approval !== null)).toBe(true);
      expect(h.calls(LIST_BY_USERS)).toBe(2);
    });

    it('a far date (CLI status --date) costs one call for the asker, not a week of everyone', async () => {
      h = await startHarness({ store, extra: 120 });
      await rememberAll(h.staff);
      const far = addDays(TUESDAY, 60);
      const entries = await h.dayData.schedule(h.staff[0] ?? '', far);
      expect(entries.length).toBeGreaterThan(0);
      expect(h.calls(LIST_BY_USERS)).toBe(1);
      // Cached like any other day.
      await h.dayData.schedule(h.staff[0] ?? '', far);
      expect(h.calls(LIST_BY_USERS)).toBe(1);
    });

    it('refuses a date that is no date (it could never be cached: each ask would call DingTalk)', async () => {
      h = await startHarness({ store });
      await h.dayData.rememberUser(DEMO_USERS.fixed, null);
      for (const date of ['2026-13-45', '2026-02-30', '0000-00-00']) {
        await expect(h.dayData.schedule(DEMO_USERS.fixed, date)).rejects.toMatchObject({
          code: 'invalidInput',
        });
      }
      expect(h.calls(LIST_BY_USERS) + h.calls(LIST_BY_DAY)).toBe(0);
    });

    it('refuses dates beyond DingTalk’s 180 days without a call (far weeks cannot spend the quota)', async () => {
      h = await startHarness({ store });
      await h.dayData.rememberUser(DEMO_USERS.fixed, null);
      for (const date of [addDays(TUESDAY, -181), addDays(TUESDAY, 181), '2030-01-01']) {
        await expect(h.dayData.schedule(DEMO_USERS.fixed, date)).rejects.toMatchObject({
          code: 'invalidInput',
          detail: { field: 'date', limit: 180 },
        });
      }
      expect(h.calls(LIST_BY_USERS) + h.calls(LIST_BY_DAY)).toBe(0);
      expect(await h.dayData.schedule(DEMO_USERS.fixed, addDays(TUESDAY, -170))).toBeDefined();
    });
  });
});
