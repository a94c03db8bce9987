/**
 * History in company server mode, end to end without a window: `daka history`
 * signed in through a real Daka Server in front of the simulator. The desktop
 * asks the server once (one /v1/history request), the server reads DingTalk a
 * handful of times from its batch caches, and a second run costs neither: the
 * evaluated days are kept in the data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  demoOrg,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { type RunningServer, startDakaServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';
import { PATHS } from '../../shared/server-api';
import { parseDingTalk } from '../../shared/time';
import { LEAVE_DAY, MONTH, WORKED_SATURDAY, writeNovember } from './scenario';

const clock = new SimClock({ start: parseDingTalk('2026-11-27 12:00:00', 'Asia/Shanghai') });
const COUNTED = [
  '/topapi/attendance/schedule/listbyusers',
  '/attendance/listRecord',
  '/attendance/list',
];
let sim: Simulator;
let server: RunningServer;
let base: string;
let dataDir: string;
let home: string;
let historyRequests = 0;

const wire: typeof fetch = async (input, init) => {
  if (String(input instanceof Request ? input.url : input).includes(PATHS.history))
    historyRequests += 1;
  const res = await fetch(input, init);
  const headers = new Headers(res.headers);
  headers.set('date', new Date(clock.now()).toUTCString());
  return new Response(res.body, { status: res.status, headers });
};

async function browser(url: string): Promise<void> {
  let next = url;
  for (let i = 0; i < 10; i += 1) {
    if (new URL(next).hostname !== '127.0.0.1') throw new Error(`test browser: refusing ${next}`);
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    await res.body?.cancel();
    if (res.status < 300 || res.status >= 400 || !location) return;
    next = new URL(location, next).href;
  }
}

async function daka(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DAKA_HOME: home, DAKA_LANG: 'en' },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    clock,
    openUrl: browser,
    fetch: wire,
    sleep: async () => undefined,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  sim = await startSimulator({ org: demoOrg(), clock });
  // Not clocked in yet today: a phone punch reaches a server-mode desktop by the server's
  // Stream push, which the simulator does not send.
  writeNovember(sim, '2026-11-27', false);
  dataDir = await mkdtemp(join(tmpdir(), 'daka-history-server-'));
  home = await mkdtemp(join(tmpdir(), 'daka-history-home-'));
  const port = await freePort();
  const { config } = loadConfig({
    env: {
      DAKA_SERVER_APP_KEY: DEMO_APP_KEY,
      DAKA_SERVER_APP_SECRET: DEMO_APP_SECRET,
      DAKA_SERVER_PORT: String(port),
      DAKA_SERVER_DATA: dataDir,
      DAKA_SERVER_OAPI_BASE: sim.urls.oapiBase,
      DAKA_SERVER_API_BASE: sim.urls.apiBase,
      DAKA_SERVER_LOGIN_BASE: sim.urls.loginBase,
      DAKA_SERVER_LOG_LEVEL: 'error',
    },
    home: dataDir,
  });
  server = await startDakaServer({ config, clock, logStream: { write: () => undefined } });
  base = `http://127.0.0.1:${port}`;
  sim.setLoginUser(DEMO_USERS.fixed);
});

afterAll(async () => {
  await server.close();
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

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
