/**
 * Issue #10 item 19: an unknown option is one line on stderr (and a JSON error
 * with --json), exit 1, before anything touches DingTalk or the data folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliFixture, expectOneLine, FRIDAY, startCli } from './harness';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('daka with an unknown option', () => {
  it('prints one line naming the option on stderr and exits 1', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const home = join(fx.outside, 'never-created');
    const r = await fx.run(['punch', '--force'], { ...fx.env, DAKA_HOME: home });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const line = expectOneLine(r.stderr);
    expect(line).toMatch(/^daka: .*--force/);
    expect(line).not.toContain('Usage:');
    expect(existsSync(home)).toBe(false);
    expect(fx.paths()).toEqual([]);
  });

  it('with --json: the error as JSON on stdout, still one line on stderr, exit 1', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status', '--json', '--verbose']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { error: { code: string; detail?: { field?: string } } };
    expect(body.error.code).toBe('invalidInput');
    expect(body.error.detail?.field).toBe('--verbose');
    expect(expectOneLine(r.stderr)).toMatch(/^daka: .*--verbose/);
  });

  it('in Chinese under LANG=zh_CN.UTF-8, still one line', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['status', '--bogus'], { ...fx.env, LANG: 'zh_CN.UTF-8' });
    expect(r.code).toBe(1);
    const line = expectOneLine(r.stderr);
    expect(line).toMatch(/^daka: .*--bogus/);
    expect(line).toMatch(/[\u4e00-\u9fff]/);
  });
});
