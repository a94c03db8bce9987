/**
 * `daka whoami` and `daka login`: browser login through the simulator's
 * authorize page and Daka's loopback receiver, the identity stored in the
 * data folder, and DAKA_USER_ID taking precedence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../main/dingtalk/simulator';
import { translate } from '../../shared/i18n';
import { type CliFixture, type Env, expectOneLine, FRIDAY, startCli } from './harness';

let fx: CliFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** Configured by an imported file (which carries the login base), nobody signed in yet. */
async function importedEnv(f: CliFixture): Promise<Env> {
  const env: Env = { DAKA_HOME: f.home, LANG: 'C' };
  const file = f.writeFile('daka.json', JSON.stringify(f.provisioning()));
  expect((await f.run(['config', 'import', file], env)).code).toBe(0);
  return env;
}

describe('daka whoami / login', () => {
  it('says nobody is signed in, then signs in with the browser and remembers who', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const env = await importedEnv(fx);

    const nobody = await fx.run(['whoami'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stdout).toBe('');
    expect(expectOneLine(nobody.stderr)).toBe(
      `daka: ${translate('en', 'error.notSignedIn.message')} — ${translate('en', 'error.notSignedIn.fix')}`,
    );

    const login = await fx.run(['login'], env);
    expect(login).toEqual({ code: 0, stdout: '张伟 (zhangwei)\n', stderr: '' });
    // The browser went through DingTalk's authorize page and the user-token exchange.
    const paths = fx.paths();
    expect(paths.some((p) => p.startsWith('/oauth2/auth'))).toBe(true);
    expect(paths).toContain('/v1.0/oauth2/userAccessToken');

    const state = JSON.parse(readFileSync(join(fx.home, 'state.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(state.identity).toEqual({ userId: DEMO_USERS.fixed, name: '张伟', via: 'browser' });

    const who = await fx.run(['whoami'], env);
    expect(who).toEqual({ code: 0, stdout: '张伟 zhangwei (browser)\n', stderr: '' });
    const json = await fx.run(['whoami', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({
      userId: DEMO_USERS.fixed,
      name: '张伟',
      via: 'browser',
    });

    // Signed in, status works without DAKA_USER_ID.
    const status = await fx.run(['status', '--json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ userId: DEMO_USERS.fixed });
  });

  it('prints the identity as JSON with `login --json`', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    fx.sim.setLoginUser(DEMO_USERS.colleague);
    const env = await importedEnv(fx);
    const r = await fx.run(['login', '--json'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({
      userId: DEMO_USERS.colleague,
      name: '陈静',
      via: 'browser',
    });
  });

  it('fails with one line when DingTalk denies the login', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    fx.sim.setLoginMode('deny');
    const env = await importedEnv(fx);
    const r = await fx.run(['login'], env);
    expect(r.code).toBe(1);
    expect(expectOneLine(r.stderr)).toContain(translate('en', 'error.loginDenied.message'));
    expect((await fx.run(['whoami'], env)).code).toBe(1);
  });

  it('DAKA_USER_ID names the employee without signing in', async () => {
    fx = await startCli({ start: `${FRIDAY} 08:50:00` });
    const r = await fx.run(['whoami', '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ userId: DEMO_USERS.fixed, name: null, via: 'env' });
    expect((await fx.run(['whoami'])).stdout).toBe('zhangwei (env)\n');
  });
});
