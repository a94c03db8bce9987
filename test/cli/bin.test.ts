/**
 * bin/daka.js runs the BUILT CLI (out/main/cli.js): `status --json` in a real
 * child process, configured only by its environment, against the simulator.
 * The bundle comes from test/global-setup.ts, which builds once per run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import type { DayStatus } from '../../shared/model';
import { dateKey } from '../../shared/time';
import { SH } from './harness';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(repo, 'bin/daka.js');
const BUNDLE = join(repo, 'out/main/cli.js');
const run = promisify(execFile);

let sim: Simulator;
let home: string;
beforeAll(async () => {
  if (!existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} is missing: test/global-setup.ts should have run \`npm run build\``);
  }
  // The child reads the real clock, so the simulator follows real time too.
  sim = await startSimulator({ clock: new SimClock({ running: true }) });
  home = mkdtempSync(join(tmpdir(), 'daka-bin-test-'));
});
afterAll(async () => {
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('bin/daka.js (built CLI)', () => {
  it('prints today as JSON and exits 0', async () => {
    const before = dateKey(Date.now(), SH);
    const { stdout, stderr } = await run(process.execPath, [BIN, 'status', '--json'], {
      cwd: repo,
      // Only what the CLI needs: nothing from the test runner's environment leaks in.
      env: {
        PATH: process.env.PATH,
        DAKA_HOME: home,
        DAKA_APP_KEY: DEMO_APP_KEY,
        DAKA_APP_SECRET: DEMO_APP_SECRET,
        DAKA_OAPI_BASE: sim.urls.oapiBase,
        DAKA_API_BASE: sim.urls.apiBase,
        DAKA_USER_ID: DEMO_USERS.fixed,
        LANG: 'C',
      },
      timeout: 15_000,
    });
    const after = dateKey(Date.now(), SH);
    expect(stderr).toBe('');
    const day = JSON.parse(stdout) as DayStatus;
    expect(day.userId).toBe(DEMO_USERS.fixed);
    expect(day.timeZone).toBe(SH);
    expect([before, after]).toContain(day.date);
    expect(typeof day.restDay).toBe('boolean');
    expect(Array.isArray(day.checkPoints)).toBe(true);
    // It asked the simulator, as configured by the environment alone.
    expect(sim.requests.map((r) => r.path)).toContain('/topapi/attendance/schedule/listbyday');
  });

  it('exits 1 with one line when DingTalk is not configured', async () => {
    const error = await run(process.execPath, [BIN, 'status'], {
      cwd: repo,
      env: { PATH: process.env.PATH, DAKA_HOME: join(home, 'unconfigured'), LANG: 'C' },
      timeout: 15_000,
    }).catch((e: unknown) => e as { code: number; stdout: string; stderr: string });
    expect(error).toMatchObject({ code: 1, stdout: '' });
    expect((error as { stderr: string }).stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
