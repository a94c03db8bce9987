/**
 * How `daka` fails: usage errors (unknown command, no command) print
 * the usage and exit 1 (a bad flag: one line) without touching the data folder; every other error is
 * exit 1 with exactly one translated line on stderr (and the payload as JSON on
 * stdout with --json).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { translate } from '../../shared/i18n';
import { type CliFixture, expectOneLine, FRIDAY, startCli } from './harness';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const USAGE_HEAD = 'Usage: daka <command> [options]';

describe('daka usage errors', () => {
  it.each([
    ['an unknown command', ['frobnicate'], 'frobnicate'],
    ['an unknown outbox command', ['outbox', 'flush'], 'outbox flush'],
    ['config without a sub-command', ['config'], 'config'],
    ['an extra word', ['status', 'today'], 'status today'],
  ])('%s: the usage, exit 1, no data folder created', async (_, argv, command) => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const home = join(fx.outside, 'never-created');
    const r = await fx.run(argv, { ...fx.env, DAKA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const [first, blank, usage] = r.stderr.split('\n');
    expect(first).toBe(`daka: ${translate('en', 'cli.unknownCommand', { command })}`);
    expect(blank).toBe('');
    expect(usage).toBe(USAGE_HEAD);
    expect(existsSync(home)).toBe(false);
    expect(fx.paths()).toEqual([]);
  });

  it('says it in Chinese under LANG=zh_CN.UTF-8', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['frobnicate'], { ...fx.env, LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `daka: ${translate('zh-CN', 'cli.unknownCommand', { command: 'frobnicate' })}`,
    );
  });

  it('a bad flag: one line naming it, exit 1 (unknown options: test/cli/unknown-option.test.ts)', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(expectOneLine(r.stderr)).toMatch(/^daka: .*--bogus/);
  });

  it('a flag missing its value: one line naming it, exit 1', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status', '--date']);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toMatch(/^daka: .*--date/);
  });

  it('no command: the usage on stderr, exit 1; --help: the usage on stdout, exit 0', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const none = await fx.run([]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.startsWith(USAGE_HEAD)).toBe(true);
    const help = await fx.run(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout.startsWith(USAGE_HEAD)).toBe(true);
  });
});

describe('daka errors', () => {
  it('not configured: one line with the translated message and fix', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const env = { DAKA_HOME: fx.home, LANG: 'C' };
    for (const argv of [['status'], ['punch'], ['doctor']]) {
      const r = await fx.run(argv, env);
      expect(r.code, argv[0]).toBe(1);
      if (argv[0] === 'doctor') {
        // The doctor's report is its output: the credentials check says it.
        expect(r.stdout).toContain(translate('en', 'error.notConfigured.message'));
        continue;
      }
      expect(r.stdout).toBe('');
      const line = expectOneLine(r.stderr);
      expect(line).toContain(translate('en', 'error.notConfigured.message'));
      expect(line).toContain(translate('en', 'error.notConfigured.fix'));
    }
    const zh = await fx.run(['status'], { ...env, LANG: 'zh_CN.UTF-8' });
    expect(expectOneLine(zh.stderr)).toBe(
      `daka: ${translate('zh-CN', 'error.notConfigured.message')} — ${translate('zh-CN', 'error.notConfigured.fix')}`,
    );
    expect(fx.paths()).toEqual([]);
  });

  it('not configured with --json: the error payload on stdout', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status', '--json'], { DAKA_HOME: fx.home });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: { code: 'notConfigured', message: expect.any(String) },
    });
    expectOneLine(r.stderr);
  });

  it('a bad environment variable: one line naming it', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status'], { ...fx.env, DAKA_OAPI_BASE: 'http://oapi.example.com' });
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toContain(
      `(${translate('en', 'cli.field', { field: 'DAKA_OAPI_BASE' })})`,
    );
    expect(fx.paths()).toEqual([]);
  });

  it('DingTalk unreachable: one line, not a stack of log lines', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status'], await fx.offlineEnv());
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toBe(
      `daka: ${translate('en', 'error.networkDown.message')} — ${translate('en', 'error.networkDown.fix')}`,
    );
  });

  it('wrong credentials: one line', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status'], { ...fx.env, DAKA_APP_SECRET: 'not-the-secret-0001' });
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toBe(
      `daka: ${translate('en', 'error.wrongCredentials.message')} — ${translate('en', 'error.wrongCredentials.fix')}`,
    );
  });
});
