import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./tz-probe.ts', import.meta.url));

describe('dates DingTalk sees are in the organisation zone, whatever the machine zone', () => {
  it('writes Shanghai wall time from a process running in Los Angeles', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], {
      env: { ...process.env, TZ: 'America/Los_Angeles' },
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    const seen = JSON.parse(stdout) as Record<string, Record<string, unknown> | number>;

    // The child really ran in Los Angeles (UTC−8 in November)...
    expect(seen.processOffsetMinutes).toBe(480);
    // ...yet every date string and midnight is Shanghai's.
    expect(seen.listRecord).toMatchObject({
      checkDateFrom: '2026-11-28 07:30:00',
      checkDateTo: '2026-11-28 10:30:00',
    });
    expect(seen.list).toMatchObject({
      workDateFrom: '2026-11-28 00:00:00',
      workDateTo: '2026-11-28 00:00:00',
    });
    expect(seen.listByDay).toMatchObject({ date_time: Date.UTC(2020, 10, 9, 16, 0, 0) });
    expect(seen.firstCheck).toBe(Date.UTC(2020, 10, 10, 1, 30, 0));
  });
});
