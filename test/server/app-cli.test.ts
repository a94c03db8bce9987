import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { freePort } from '../../server/demo';
import { requiredPermissions, runServerCli } from '../../server/cli';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'daka-server-cli-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function io(env: Record<string, string> = {}, stopSignal?: Promise<unknown>) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      env: { HOME: home, DAKA_SERVER_DATA: join(home, 'data'), LANG: 'en_GB.UTF-8', ...env },
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      stopSignal,
    },
  };
}

describe('daka-server init', () => {
  it('writes a 0600 configuration and prints the redirect URL and permissions to register', async () => {
    const c = io();
    const code = await runServerCli(['init', '--public-url', 'https://daka.example.com/'], c.io);
    expect(code).toBe(0);
    const file = join(home, 'data', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = c.out.join('');
    expect(text).toContain('https://daka.example.com/v1/auth/callback');
    for (const p of [
      'Pro.AttendanceRecord.Write',
      'qyapi_get_attendance_data',
      'qyapi_attendance_group_read',
      'qyapi_get_member',
      'Contact.User.Read',
    ]) {
      expect(text).toContain(p);
    }
    expect(requiredPermissions()).not.toContain('qyapi_get_member_by_mobile');
    // The template loads as it is (placeholders to replace), found in the data folder by itself.
    const loaded = loadConfig({ env: { DAKA_SERVER_DATA: join(home, 'data') }, home });
    expect(loaded.file).toBe(file);
    expect(loaded.config.publicUrl).toBe('https://daka.example.com');
    expect(JSON.parse(readFileSync(file, 'utf8')).policies.maxOfflineMinutes).toBe(15);

    const again = io();
    expect(await runServerCli(['init'], again.io)).toBe(1);
    expect(again.err.join('')).toContain('--force');
    expect(await runServerCli(['init', '--public-url', 'http://daka.example.com'], io().io)).toBe(
      1,
    );
  });
});

describe('daka-server doctor', () => {
  it('passes against the demo simulator when nothing is configured (--json)', async () => {
    const c = io();
    const code = await runServerCli(['doctor', '--json'], c.io);
    const report = JSON.parse(c.out.join(''));
    expect(report.mode).toBe('demo');
    const byId = report.checks.map(
      (x: { id: string; subject: string | null; status: string }) =>
        `${x.id}:${x.subject ?? ''}:${x.status}`,
    );
    expect(byId).toEqual(
      expect.arrayContaining([
        'credentials::pass',
        'ipWhitelist::pass',
        'permission:qyapi_attendance_group_read:pass',
        'permission:qyapi_get_attendance_data:pass',
      ]),
    );
    expect(code).toBe(0);
  });

  it('reports DingTalk unreachable as a failed credentials check and exits 1', async () => {
    const c = io({
      DAKA_SERVER_APP_KEY: 'dingwrong',
      DAKA_SERVER_APP_SECRET: 'wrong',
      DAKA_SERVER_PUBLIC_URL: 'https://daka.example.com',
      // A port nothing listens on: the doctor must say so, not hang.
      DAKA_SERVER_OAPI_BASE: `http://127.0.0.1:${await freePort()}`,
    });
    const code = await runServerCli(['doctor'], c.io);
    expect(code).toBe(1);
    expect(c.out.join('')).toMatch(/✗ credentials/);
  });
});

describe('daka-server (run)', () => {
  it('starts the demo with nothing configured, serves, and stops on the signal', async () => {
    let stop: () => void = () => undefined;
    const stopSignal = new Promise<void>((resolve) => (stop = resolve));
    const port = await freePort();
    const c = io({ DAKA_SERVER_PORT: String(port) }, stopSignal);
    const running = runServerCli([], c.io);
    const url = `http://127.0.0.1:${port}`;
    await new Promise<void>((done) => {
      const poll = () =>
        c.err.join('').includes('Connect a desktop') ? done() : setTimeout(poll, 10);
      poll();
    });
    expect(c.err.join('')).toContain(`DEMO · 演示) on ${url}`);
    const me = await fetch(`${url}/v1/me`);
    expect(me.status).toBe(401);
    stop();
    expect(await running).toBe(0);
    expect(c.out.join('')).toContain('"msg":"daka-server: stopped"');
  });
});
