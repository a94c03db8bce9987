/**
 * The CLI's dates and times do not depend on the machine's time zone: the
 * process runs in Los Angeles (16 hours behind Shanghai in November), and
 * the work date, planned times and punch times are still Shanghai's.
 */
import { ORIGINAL_TZ, PROCESS_TZ } from './los-angeles';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DayStatus, PunchOutcome } from '../../shared/model';
import { type CliFixture, FRIDAY, at, startCli } from './harness';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});
afterAll(() => {
  // In case the worker runs another file next.
  if (ORIGINAL_TZ === undefined) delete process.env.TZ;
  else process.env.TZ = ORIGINAL_TZ;
});

describe('daka in a process whose time zone is America/Los_Angeles', () => {
  it('really runs in Los Angeles', () => {
    const friday = new Date(at(`${FRIDAY} 08:58:00`));
    expect(process.env.TZ).toBe(PROCESS_TZ);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(PROCESS_TZ);
    // PST is UTC-8; Shanghai's Friday morning is still Thursday afternoon here.
    expect(friday.getTimezoneOffset()).toBe(480);
    expect([friday.getDate(), friday.getHours()]).toEqual([26, 16]);
  });

  it("shows and punches Shanghai's Friday while it is Thursday here", async () => {
    fx = await startCli({ start: `${FRIDAY} 08:58:00` });
    const status = await fx.run(['status', '--json']);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    const day = JSON.parse(status.stdout) as DayStatus;
    expect(day).toMatchObject({
      date: FRIDAY,
      restDay: false,
      next: 'OnDuty',
      fetchedAt: `${FRIDAY}T08:58:00+08:00`,
    });
    expect(day.checkPoints.map((c) => c.planned)).toEqual([
      `${FRIDAY}T09:00:00+08:00`,
      `${FRIDAY}T18:00:00+08:00`,
    ]);
    const words = await fx.run(['status']);
    expect(words.stdout.split('\n').slice(0, 3)).toEqual([
      `${FRIDAY} · Asia/Shanghai`,
      expect.stringContaining('  09:00  '),
      expect.stringContaining('  18:00  '),
    ]);

    const punch = await fx.run(['punch', '--json']);
    expect(punch.code).toBe(0);
    expect(JSON.parse(punch.stdout) as PunchOutcome).toMatchObject({
      outcome: 'punched',
      type: 'OnDuty',
      at: `${FRIDAY}T08:58:00+08:00`,
    });
    expect(fx.sim.records.map((r) => r.userCheckTime)).toEqual([at(`${FRIDAY} 08:58:00`)]);
  });

  it('knows it is already Saturday in Shanghai while it is Friday morning here', async () => {
    fx = await startCli({ start: '2026-11-28 00:30:00' });
    expect(new Date(fx.sim.clock.now()).getDay()).toBe(5);
    const r = await fx.run(['status', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      date: '2026-11-28',
      restDay: true,
      nextWorkday: '2026-11-30',
    });
  });
});
