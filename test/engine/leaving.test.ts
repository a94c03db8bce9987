/**
 * Issue #12 item 11: sign-out wipes the token cache and the device session;
 * forgetting the credentials leaves no credential or token behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../main/engine';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger } from '../../main/ports';
import { SECRET_NAMES } from '../../main/settings/vault';
import { at, type Fixture, startFixture } from '../helpers/engine-fixture';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const held = (engine: Engine) => SECRET_NAMES.filter((name) => engine.vault.hasSecret(name));

describe('leaving', () => {
  it('sign-out wipes the user token and the cached app token, keeps the app and the robot', async () => {
    fx = await startFixture({ start: '2026-11-27 08:55:00' });
    await fx.engine.open();
    expect(held(fx.engine)).toContain('appToken');
    fx.engine.vault.setSecret('userRefreshToken', 'userRefresh-0123456789');
    fx.engine.setRobotToken('robotToken0123');
    fx.engine.setRobotSecret('SECrobot0123456');

    fx.engine.signOut();
    expect(held(fx.engine)).toEqual(['appSecret', 'robotSecret', 'robotToken']);
    // The client's copy went too: the next call fetches a new app token.
    fx.engine.setUserId(fx.userId);
    fx.sim.clearLog();
    await fx.engine.refresh();
    expect(fx.paths()).toContain('/gettoken');
  });

  it('forgetting the credentials leaves no secret or token at all', async () => {
    fx = await startFixture({ start: '2026-11-27 08:55:00' });
    await fx.engine.open();
    fx.engine.vault.setSecret('userRefreshToken', 'userRefresh-0123456789');
    fx.engine.vault.setSecret('serverRefreshToken', 'serverRefresh-0123456789');
    // This install's company-server key (from an earlier server mode) goes too.
    fx.engine.vault.setSecret('deviceKey', '{"kty":"EC","d":"device-private-0123"}');
    fx.engine.setRobotToken('robotToken0123');
    fx.engine.setRobotSecret('SECrobot0123456');
    fx.engine.forgetCredentials();
    expect(held(fx.engine)).toEqual([]);
    expect(fx.engine.identity()).toBeNull();
  });

  it('server mode: sign-out before any call this run still deletes the stored device session and key', async () => {
    const stores = {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    };
    const engine = () =>
      new Engine({
        stores,
        cipher: new TestCipher(),
        clock: { now: () => at('2026-11-27 08:55:00') },
        logger: silentLogger,
        host: { hostname: 'h', platform: 'linux', version: 'test', startAtLogin: () => false },
        fetch: () => Promise.reject(new TypeError('fetch failed')),
        openUrl: async () => undefined,
      });
    const first = engine();
    first.setServer('http://127.0.0.1:9');
    await first.vault.setSecret('serverRefreshToken', 'serverRefresh-0123456789');
    await first.vault.setSecret('deviceKey', '{"kty":"EC","d":"device-private-0123"}');
    // A new run: nothing has wired the server yet.
    const second = engine();
    await second.ready();
    expect(second.vault.hasSecret('serverRefreshToken')).toBe(true);
    second.signOut();
    expect(held(second)).toEqual([]);
    await second.vault.flush();
    const third = engine();
    await third.ready();
    expect(held(third)).toEqual([]);
  });
});
