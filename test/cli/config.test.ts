/**
 * `daka config import` / `config show`: a provisioning file makes the CLI work
 * without DAKA_APP_SECRET (the secret is read from the file on every run and
 * never written under DAKA_HOME); broken files fail with one translated line
 * naming the field; `config show` masks the AppKey and the secret.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { maskKey } from '../../main/engine';
import { DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_USERS } from '../../main/dingtalk/simulator';
import { translate, type UiLanguage } from '../../shared/i18n';
import type { DayStatus } from '../../shared/model';
import { type CliFixture, type Env, expectOneLine, FRIDAY, filesUnder, startCli } from './harness';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** An employee's environment after import: only the data folder and who they are. */
function employeeEnv(f: CliFixture): Env {
  return { DAKA_HOME: f.home, DAKA_USER_ID: DEMO_USERS.fixed, LANG: 'C' };
}

function provisioningError(lang: UiLanguage, field: string | null): string {
  const named = field === null ? '' : ` (${translate(lang, 'cli.field', { field })})`;
  return `daka: ${translate(lang, 'error.provisioningInvalid.message')}${named} — ${translate(lang, 'error.provisioningInvalid.fix')}`;
}

describe('daka config import', () => {
  it('works without DAKA_APP_SECRET afterwards, and never writes the secret under DAKA_HOME', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const file = fx.writeFile('daka-provisioning.json', JSON.stringify(fx.provisioning()));
    const env = employeeEnv(fx);

    const before = await fx.run(['status'], env);
    expect(before.code).toBe(1);
    expect(expectOneLine(before.stderr)).toContain(translate('en', 'error.notConfigured.message'));

    const imported = await fx.run(['config', 'import', file], env);
    expect(imported).toEqual({
      code: 0,
      stdout: `${translate('en', 'cli.imported')} ${DEMO_APP_KEY}\n`,
      stderr: '',
    });

    fx.sim.clearLog();
    const status = await fx.run(['status', '--json'], env);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    const day = JSON.parse(status.stdout) as DayStatus;
    expect(day).toMatchObject({ userId: DEMO_USERS.fixed, date: FRIDAY, next: 'OnDuty' });
    // The simulator saw our app, authenticated with the secret read from the file.
    expect(fx.sim.requests.map((r) => r.app)).toContain(DEMO_APP_KEY);

    const punched = await fx.run(['punch', '--json'], env);
    expect(punched.code).toBe(0);

    const files = filesUnder(fx.home);
    expect(files.length).toBeGreaterThan(0);
    for (const path of files) {
      const bytes = readFileSync(path);
      expect(bytes.includes(DEMO_APP_SECRET), path).toBe(false);
      expect(bytes.includes(Buffer.from(DEMO_APP_SECRET, 'utf8').toString('base64')), path).toBe(
        false,
      );
    }
    // What it remembers is where the file is.
    expect(files.map((p) => readFileSync(p, 'utf8')).join('\n')).toContain(file);
  });

  it('keeps working when the remembered file is gone once a new one is imported', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const env = employeeEnv(fx);
    const first = fx.writeFile('old.json', JSON.stringify(fx.provisioning()));
    expect((await fx.run(['config', 'import', first], env)).code).toBe(0);
    rmSync(first);

    const lost = await fx.run(['status'], env);
    expect(lost.code).toBe(1);
    expect(expectOneLine(lost.stderr)).toBe(provisioningError('en', null));

    const second = fx.writeFile('new.json', JSON.stringify(fx.provisioning()));
    expect((await fx.run(['config', 'import', second], env)).code).toBe(0);
    expect((await fx.run(['status'], env)).code).toBe(0);
  });

  const broken: [string, string, string | null][] = [
    ['not JSON', '{"appKey": "dingdemo000",', null],
    ['a JSON array', '[]', null],
    ['no appSecret', JSON.stringify({ appKey: DEMO_APP_KEY }), 'appSecret'],
    [
      'a typo in a key',
      JSON.stringify({ appKey: DEMO_APP_KEY, appSecert: DEMO_APP_SECRET }),
      'appSecert',
    ],
    [
      'a placeholder secret',
      JSON.stringify({ appKey: DEMO_APP_KEY, appSecret: '<your AppSecret>' }),
      'appSecret',
    ],
    [
      'an http base that is not loopback',
      JSON.stringify({
        appKey: DEMO_APP_KEY,
        appSecret: DEMO_APP_SECRET,
        oapiBase: 'http://oapi.example.com',
      }),
      'oapiBase',
    ],
    [
      'a bad policy',
      JSON.stringify({
        appKey: DEMO_APP_KEY,
        appSecret: DEMO_APP_SECRET,
        policies: { maxOfflineMinutes: 0 },
      }),
      'policies.maxOfflineMinutes',
    ],
    [
      'an unknown time zone',
      JSON.stringify({ appKey: DEMO_APP_KEY, appSecret: DEMO_APP_SECRET, timeZone: 'Mars/Base' }),
      'timeZone',
    ],
  ];

  it.each(broken)(
    'refuses %s: exit 1, one translated line naming the field',
    async (_, text, field) => {
      fx = await startCli({ start: `${FRIDAY} 08:50:00` });
      const env = employeeEnv(fx);
      const file = fx.writeFile('broken.json', text);
      for (const lang of ['en', 'zh-CN'] as const) {
        const r = await fx.run(['config', 'import', file, '--lang', lang], env);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(expectOneLine(r.stderr)).toBe(provisioningError(lang, field));
      }
      const json = await fx.run(['config', 'import', file, '--json'], env);
      expect(JSON.parse(json.stdout)).toEqual({
        error: {
          code: 'provisioningInvalid',
          message: expect.any(String),
          detail: { field: field ?? '(file)' },
        },
      });
      // Nothing was taken from it.
      const show = await fx.run(['config', 'show', '--json'], env);
      expect(JSON.parse(show.stdout)).toMatchObject({ mode: 'unconfigured', appKey: null });
    },
  );

  it('refuses a file over 64 KB without reading it all or echoing it', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const file = fx.writeFile(
      'huge.json',
      JSON.stringify({ ...fx.provisioning(), appKey: 'k'.repeat(100_000) }),
    );
    const r = await fx.run(['config', 'import', file], employeeEnv(fx));
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toBe(provisioningError('en', null));
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('refuses a file that does not exist', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['config', 'import', `${fx.outside}/missing.json`], employeeEnv(fx));
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toBe(provisioningError('en', null));
  });
});

describe('daka config show', () => {
  it('masks the AppKey and the secret, from the environment or an imported file', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const fromEnv = await fx.run(['config', 'show', '--json']);
    expect(fromEnv).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({
      home: fx.home,
      mode: 'configured',
      appKey: maskKey(DEMO_APP_KEY),
      appSecret: '********',
      userId: DEMO_USERS.fixed,
      timeZone: 'Asia/Shanghai',
      oapiBase: fx.sim.urls.oapiBase,
      apiBase: fx.sim.urls.apiBase,
    });
    expect(fromEnv.stdout).not.toContain(DEMO_APP_KEY);
    expect(fromEnv.stdout).not.toContain(DEMO_APP_SECRET);

    const env = employeeEnv(fx);
    const file = fx.writeFile('daka.json', JSON.stringify(fx.provisioning()));
    expect((await fx.run(['config', 'import', file], env)).code).toBe(0);
    const fromFile = await fx.run(['config', 'show'], env);
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({
      appKey: maskKey(DEMO_APP_KEY),
      appSecret: '********',
    });
    expect(fromFile.stdout).not.toContain(DEMO_APP_KEY);
    expect(fromFile.stdout).not.toContain(DEMO_APP_SECRET);
  });
});

describe('daka config show: the robot token', () => {
  it('is a secret: an old settings file’s token is shown masked, and kept where it is (the CLI has no keychain to move it into)', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const token = 'f00ba4robotWebhookToken0123456789';
    mkdirSync(fx.home, { recursive: true });
    writeFileSync(
      join(fx.home, 'settings.json'),
      JSON.stringify({ settings: { receipts: { enabled: true, robotToken: token } } }),
    );
    const shown = await fx.run(['config', 'show', '--json']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain(token);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      robotToken: '********',
      settings: { receipts: { enabled: true } },
    });
    // Moving it would lose it: the CLI's vault is memory only. The app moves it into the
    // OS keychain at its next start (robot-token.ts: only once the write is durable).
    expect(readFileSync(join(fx.home, 'settings.json'), 'utf8')).toContain(token);
  });
});
