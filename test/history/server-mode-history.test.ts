/**
 * History in company server mode, end to end without a window: `daka history`
 * signed in through a real Daka Server in front of the simulator. The desktop
 * asks the server once (one /v1/history request), the server reads DingTalk a
 * handful of times from its batch caches, and a second run costs neither: the
 * evaluated days are kept in the data folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimClock, type Simulator } from '../../main/dingtalk/simulator';
import { PATHS } from '../../shared/server-api';
import { parseDingTalk } from '../../shared/time';
import { type ServerCli, startServerCli } from '../helpers/server-desktop';
import { LEAVE_DAY, MONTH, WORKED_SATURDAY, writeNovember } from './scenario';

const clock = new SimClock({ start: parseDingTalk('2026-11-27 12:00:00', 'Asia/Shanghai') });
const COUNTED = [
  '/topapi/attendance/schedule/listbyusers',
  '/attendance/listRecord',
  '/attendance/list',
];
let s: ServerCli;
let sim: Simulator;
let base: string;
let historyRequests = 0;
const daka = (...args: string[]) => s.daka(...args);

beforeAll(async () => {
  s = await startServerCli({
    clock,
    punchPollMs: null,
    // Not clocked in yet today: a phone punch reaches a server-mode desktop by the server's
    // Stream push, which the simulator does not send.
    prepare: (simulator) => writeNovember(simulator, '2026-11-27', false),
    tap: (wire) => (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes(PATHS.history))
        historyRequests += 1;
      return wire(input, init);
    },
  });
  ({ sim, base } = s);
});
afterAll(() => s.close());

const counted = () => sim.requests.filter((r) => COUNTED.includes(r.path)).length;

describe('daka history with a company server', () => {
  it('asks the server once, which reads DingTalk a handful of times; a second run costs nothing', async () => {
    const login = await daka('login', '--server', base);
    expect(login.code, login.stderr).toBe(0);
    // Today's status first, as the popup has it when the history opens.
    expect((await daka('status')).code).toBe(0);
    sim.clearLog();
    historyRequests = 0;

    const cold = await daka('history', '--month', MONTH, '--json');
    expect(cold.code, cold.stderr).toBe(0);
    const month = JSON.parse(cold.stdout);
    expect(month.days).toHaveLength(27);
    const day = (date: string) => month.days.find((d: { date: string }) => d.date === date);
    expect(day(WORKED_SATURDAY)).toMatchObject({ restDay: false, mark: 'normal' });
    expect(day(LEAVE_DAY)).toMatchObject({ onLeave: true, mark: 'leave' });
    expect(month.totals).toMatchObject({ late: 1, early: 1, missed: 1, daysWorked: 18 });
    expect(historyRequests).toBe(1);
    expect(counted()).toBeGreaterThan(0);
    expect(counted()).toBeLessThanOrEqual(8);
    // The desktop itself never reads attendance/list in server mode.
    expect(sim.requests.filter((r) => r.path === '/attendance/list')).toEqual([]);

    sim.clearLog();
    historyRequests = 0;
    const warm = await daka('history', '--month', MONTH, '--json');
    expect(warm.code).toBe(0);
    expect(JSON.parse(warm.stdout).totals).toEqual(month.totals);
    expect(historyRequests).toBe(0);
    expect(counted()).toBe(0);
  });
});
