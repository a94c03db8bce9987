/**
 * `daka history`: the documented JSON (one entry per date up to today, check points
 * shaped as in `status --json`, the totals), the CSV with its BOM, the table, a
 * bad month (one stderr line, or the JSON error, exit 1), and a second run served
 * from the data folder's cache without a DingTalk call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type CliFixture, expectOneLine, startCli } from '../cli/harness';
import { LEAVE_DAY, MISSED_DAY, MONTH, WORKED_SATURDAY, writeNovember } from './scenario';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const CHECK_POINT_FIELDS = ['planned', 'punch', 'punchedAt', 'result', 'state', 'type', 'window'];

async function november() {
  fx = await startCli({ start: '2026-11-27 12:00:00' });
  writeNovember(fx.sim, '2026-11-27');
  return fx;
}

describe('daka history', () => {
  it('prints the month as the documented JSON, then again from the cache without a call', async () => {
    const f = await november();
    const run = await f.run(['history', '--month', MONTH, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const month = JSON.parse(run.stdout);
    expect(month.month).toBe(MONTH);
    expect(month.days).toHaveLength(27);
    expect(month.days[0]).toMatchObject({ date: '2026-11-01', restDay: true, onLeave: false });
    const day = (date: string) => month.days.find((d: { date: string }) => d.date === date);
    expect(day(WORKED_SATURDAY).restDay).toBe(false);
    expect(day(LEAVE_DAY).onLeave).toBe(true);
    for (const c of day(MISSED_DAY).checkPoints) {
      expect(
        Object.keys(c)
          .filter((k) => k !== 'section')
          .sort(),
      ).toEqual(CHECK_POINT_FIELDS);
    }
    expect(month.totals).toMatchObject({ late: 1, early: 1, missed: 1, daysWorked: 19 });

    f.sim.clearLog();
    const again = await f.run(['history', '--month', MONTH, '--json']);
    expect(again.code).toBe(0);
    expect(f.sim.requests.filter((r) => r.path === '/attendance/list')).toEqual([]);
    expect(JSON.parse(again.stdout).totals).toEqual(month.totals);
  });

  it('prints the CSV with a BOM, and the table with the totals', async () => {
    const f = await november();
    const csv = await f.run(['history', '--month', MONTH, '--csv', '--lang', 'en']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('\uFEFFDate,Type,Planned,Punched,Result\r\n')).toBe(true);
    expect(csv.stdout).toContain(`${MISSED_DAY},Clock out,${MISSED_DAY} 18:00,,Missed`);
    const table = await f.run(['history', '--lang', 'zh-CN']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`${LEAVE_DAY}  请假`);
    expect(table.stdout).toContain('迟到 1 次 · 早退 1 次 · 缺卡 1 次 · 出勤 19 天');
  });

  it('refuses a bad month with one line (or the JSON error) and exit 1, before any call', async () => {
    const f = await november();
    f.sim.clearLog();
    for (const month of ['2026-13', '11-2026', '2027-01']) {
      const run = await f.run(['history', '--month', month]);
      expect(run.code, month).toBe(1);
      expect(expectOneLine(run.stderr)).toContain('month');
      const json = await f.run(['history', '--month', month, '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).error).toMatchObject({
        code: 'invalidInput',
        detail: { field: 'month' },
      });
    }
    expect(f.sim.requests.filter((r) => r.path === '/attendance/list')).toEqual([]);
  });
});
