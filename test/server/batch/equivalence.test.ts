/**
 * The desktop's day model must judge a day the same whether its schedule came
 * from listbyday (direct mode) or from the server's listbyusers cache: same
 * rest day, leave, check points, states, results and next punch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildDayStatus, type ScheduleInput } from '../../../main/attendance/today';
import { DEMO_USERS } from '../../../main/dingtalk/simulator';
import type { ScheduleEntry } from '../../../main/dingtalk/types';
import type { DayStatus } from '../../../shared/model';
import { defaultSettings } from '../../../shared/settings';
import { addDays, startOfDate } from '../../../shared/time';
import { SH, TUESDAY, sh, startHarness, type Harness } from './harness';
import { testStores } from '../helpers/stores';

describe.each(testStores())('on $kind', (store) => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const SATURDAY = addDays(TUESDAY, 4);

  function input(entries: ScheduleEntry[]): ScheduleInput {
    return entries.length === 0 ? { kind: 'none' } : { kind: 'entries', entries };
  }

  /** Both statuses of the user's work date now. */
  async function both(userId: string, date: string): Promise<[DayStatus, DayStatus]> {
    const byDay = await h.client.scheduleByDay(userId, date, userId);
    const byUsers = await h.dayData.schedule(userId, date);
    const records = await h.client.listRecords(
      [userId],
      startOfDate(date, SH),
      Math.max(startOfDate(date, SH) + 1000, h.clock.now()),
    );
    const status = (entries: ScheduleEntry[]) =>
      buildDayStatus({
        userId,
        date,
        timeZone: SH,
        now: h.clock.now(),
        deviceId: 'daka-server',
        schedule: input(entries),
        records,
        localPunches: [],
        fallback: defaultSettings().fallbackSchedule,
        fetchedAt: h.clock.now(),
      });
    return [status(byDay), status(byUsers)];
  }

  /** What the day model decides (windows and class name are listbyday-only extras). */
  function decisions(s: DayStatus) {
    return {
      restDay: s.restDay,
      onLeave: s.onLeave,
      source: s.source,
      next: s.next,
      nextWorkday: s.nextWorkday,
      checkPoints: s.checkPoints.map((c) => ({
        type: c.type,
        planned: c.planned,
        state: c.state,
        result: c.result,
        punchedAt: c.punchedAt,
        source: c.punch?.source ?? null,
      })),
      punches: s.punches,
    };
  }

  function punch(userId: string, at: string): void {
    h.sim.injectRecord({ userId, userCheckTime: sh(at), sourceType: 'USER' });
  }

  describe('listbyusers-derived schedules give the same DayStatus as listbyday', () => {
    it('on a normal workday through the day', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 08:00:00` });
      const { fixed } = DEMO_USERS;
      await h.dayData.rememberUser(fixed, null);

      let [direct, server] = await both(fixed, TUESDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.next).toBe('OnDuty');

      punch(fixed, `${TUESDAY} 09:00:00`);
      h.clock.set(sh(`${TUESDAY} 10:00:00`));
      [direct, server] = await both(fixed, TUESDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.checkPoints.map((c) => c.state)).toEqual(['done', 'pending']);

      punch(fixed, `${TUESDAY} 18:05:00`);
      h.clock.set(sh(`${TUESDAY} 18:30:00`));
      [direct, server] = await both(fixed, TUESDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.checkPoints.map((c) => c.result)).toEqual(['Normal', 'Normal']);
    });

    it('when the on-duty punch was missed', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 14:00:00` });
      const { colleague } = DEMO_USERS;
      const [direct, server] = await both(colleague, TUESDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.checkPoints.map((c) => c.state)).toEqual(['missed', 'pending']);
    });

    it('on a rest day', async () => {
      h = await startHarness({ store, start: `${SATURDAY} 10:00:00` });
      const [direct, server] = await both(DEMO_USERS.fixed, SATURDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.restDay).toBe(true);
    });

    it('on a day of leave', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 10:00:00` });
      const { fixed } = DEMO_USERS;
      h.sim.addLeave({ userid: fixed, from: `${TUESDAY} 08:00:00`, to: `${TUESDAY} 19:00:00` });
      const [direct, server] = await both(fixed, TUESDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.onLeave).toBe(true);
    });

    it('for a free-schedule employee and a night shift', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 23:00:00` });
      const { free, night } = DEMO_USERS;
      let [direct, server] = await both(free, TUESDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.source).toEqual({ kind: 'fallback', reason: 'noSchedule' });

      punch(night, `${TUESDAY} 21:55:00`);
      [direct, server] = await both(night, TUESDAY);
      expect(decisions(server)).toEqual(decisions(direct));
      expect(direct.next).toBe('OffDuty');
    });

    it('differs only where listbyusers says less: flex time, windows, the class name', async () => {
      h = await startHarness({ store, start: `${TUESDAY} 10:00:00` });
      const { fixed } = DEMO_USERS;
      punch(fixed, `${TUESDAY} 08:50:00`);
      const [direct, server] = await both(fixed, TUESDAY);
      // 早到早走: listbyday moves the off-duty time 10 minutes earlier; listbyusers cannot.
      expect(direct.checkPoints[1]?.planned).toBe('2026-11-24T17:50:00+08:00');
      expect(server.checkPoints[1]?.planned).toBe('2026-11-24T18:00:00+08:00');
      expect(direct.className).toBe('朝九晚六');
      expect(server.className).toBeNull();
      expect(decisions(server).checkPoints[0]).toEqual(decisions(direct).checkPoints[0]);

      // Without DingTalk's window the day model keeps the last check point open 6 h, DingTalk 4 h.
      h.clock.set(sh(`${TUESDAY} 22:30:00`));
      const [lateDirect, lateServer] = await both(fixed, TUESDAY);
      expect(lateDirect.checkPoints[1]?.state).toBe('missed');
      expect(lateServer.checkPoints[1]?.state).toBe('pending');
    });
  });
});
