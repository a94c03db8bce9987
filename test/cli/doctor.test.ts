/**
 * `daka doctor`: against a healthy simulator every check passes (or is not
 * applicable) and it exits 0, spending at most two quota-counted calls; with
 * the machine's IP outside the app's whitelist it exits 1 and names the IP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_APP_KEY, QUOTA_COUNTED_PATHS } from '../../main/dingtalk/simulator';
import { translate } from '../../shared/i18n';
import type { DoctorReport } from '../../shared/model';
import { type CliFixture, FRIDAY, startCli } from './harness';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Quota-counted requests in the simulator's log since the last clearLog(). */
function countedRequests(f: CliFixture): number {
  return f.paths().filter((p) => QUOTA_COUNTED_PATHS.includes(p)).length;
}

async function doctor(f: CliFixture): Promise<{ code: number; report: DoctorReport }> {
  const r = await f.run(['doctor', '--json']);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) as DoctorReport };
}

describe('daka doctor', () => {
  it('passes against a healthy DingTalk with at most two counted calls', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    fx.sim.clearLog();
    const { code, report } = await doctor(fx);
    expect(code).toBe(0);
    expect(report.at).toBe(`${FRIDAY}T08:50:00+08:00`);
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['credentials', 'ipWhitelist', 'identity', 'permission', 'schedule']),
    );
    for (const c of report.checks) {
      if (c.id === 'secretStorage') {
        // Plain Node has no keychain: the CLI keeps secrets in memory on purpose.
        expect(c).toMatchObject({ status: 'warn', facts: { memoryOnly: 'yes' } });
      } else if (c.id === 'directTrust') {
        // Direct mode says plainly that whoever has the secret can punch for anyone.
        expect(c.status).toBe('warn');
      } else {
        expect(['pass', 'skipped'], `${c.id} ${c.subject ?? ''}`).toContain(c.status);
        expect(c.error).toBeNull();
      }
    }
    // Every read permission was actually checked; only the upload is unknown before a punch.
    const permissions = report.checks.filter((c) => c.id === 'permission');
    expect(permissions.filter((c) => c.status === 'skipped').map((c) => c.subject)).toEqual([
      'Pro.AttendanceRecord.Write',
    ]);

    const counted = countedRequests(fx);
    expect(counted).toBeLessThanOrEqual(2);
    expect(report.countedCalls).toBe(counted);
  });

  it('prints the checklist in words', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['doctor', '--lang', 'zh-CN']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    // The popup's sentences: the summary line first, then each check by name.
    // (The CLI keeps secrets in memory only, which the doctor warns about: the employee's.)
    expect(lines[0]).toBe(translate('zh-CN', 'doctor.summary.youOne', { you: 1 }));
    expect(lines).toContain(
      `✓ ${translate('zh-CN', 'doctor.check.credentials')} — ${translate('zh-CN', 'doctor.say.credentialsOk')}`,
    );
    expect(lines).toContain(
      `✓ ${translate('zh-CN', 'doctor.check.ipWhitelist')} — ${translate('zh-CN', 'doctor.say.ipOk')}`,
    );
    expect(lines).toContain(
      `✓ ${translate('zh-CN', 'doctor.permissionName.records')} (qyapi_get_attendance_data) — ${translate('zh-CN', 'doctor.say.permissionOk')}`,
    );
    // Never a pass unseen: the upload permission waits for the first punch.
    expect(lines).toContain(
      `- ${translate('zh-CN', 'doctor.permissionName.upload')} (Pro.AttendanceRecord.Write) — ${translate('zh-CN', 'doctor.uploadFirstPunch')}`,
    );
  });

  it('fails with exit 1 when the IP is not whitelisted, and names the IP', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    fx.sim.setIpWhitelist(DEMO_APP_KEY, ['198.51.100.10']);
    fx.sim.setClientIp('203.0.113.7');
    fx.sim.clearLog();
    const { code, report } = await doctor(fx);
    expect(code).toBe(1);
    const ip = report.checks.find((c) => c.id === 'ipWhitelist');
    expect(ip).toMatchObject({
      status: 'fail',
      facts: { ip: '203.0.113.7' },
      error: { code: 'ipNotWhitelisted', detail: { ip: '203.0.113.7' } },
    });
    expect(countedRequests(fx)).toBeLessThanOrEqual(2);

    const words = await fx.run(['doctor']);
    expect(words.code).toBe(1);
    expect(words.stdout.split('\n')[0]).toBe(
      translate('en', 'doctor.summary.both', { you: 1, it: 2 }),
    );
    expect(words.stdout).toContain(
      `✗ ${translate('en', 'doctor.check.ipWhitelist')} — ${translate('en', 'error.ipNotWhitelisted.message', { ip: '203.0.113.7' })}`,
    );
    expect(words.stdout).toContain(
      `    → ${translate('en', 'error.ipNotWhitelisted.fix', { ip: '203.0.113.7' })}`,
    );
  });
});
