import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { createConsoleLogger, FileStore, NullCipher, TestCipher } from '../../main/node-ports';
import type { Cipher } from '../../main/ports';
import {
  DEFAULT_POLICIES,
  fromEnv,
  parseProvisioning,
  ProvisioningStore,
  validateProvisioning,
} from '../../main/settings/provisioning';
import { Vault } from '../../main/settings/vault';

const APP_KEY = 'dingq8rfbxvu2x1kfhzw';
const APP_SECRET = 'Xr8JpF2m_Lq0vZ-7bTnC4wYh9KsD1aEo3gUiR6cV5yN0tMz2QxWlPe8HjBfA7dS';

const valid = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ appKey: APP_KEY, appSecret: APP_SECRET, ...extra });

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('provisioningInvalid');
    expect((error as AppError).message).toMatch(/\S/);
    return (error as AppError).detail.field;
  }
  throw new Error('expected a provisioningInvalid error');
}

describe('parseProvisioning', () => {
  it('fills the defaults around the two required fields', () => {
    expect(parseProvisioning(valid())).toEqual({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      corpId: null,
      agentId: null,
      operatorUserId: null,
      policies: DEFAULT_POLICIES,
      timeZone: 'Asia/Shanghai',
      oapiBase: 'https://oapi.dingtalk.com',
      apiBase: 'https://api.dingtalk.com',
      loginBase: 'https://login.dingtalk.com',
      updateUrl: null,
    });
  });

  it('reads a complete file, with a BOM, a numeric agentId and loopback endpoints', () => {
    const text =
      '\uFEFF' +
      valid({
        version: 1,
        corpId: 'ding8c1a7f2e',
        agentId: 3120045678,
        operatorUserId: 'manager01',
        policies: { punchingEnabled: false, mobileLookupAllowed: true, maxOfflineMinutes: 60 },
        timeZone: 'Asia/Urumqi',
        oapiBase: 'http://127.0.0.1:8089/',
        apiBase: 'http://localhost:8089/api',
        loginBase: 'https://login.example.cn/',
      });
    expect(parseProvisioning(text)).toMatchObject({
      corpId: 'ding8c1a7f2e',
      agentId: '3120045678',
      operatorUserId: 'manager01',
      policies: {
        punchingEnabled: false,
        mobileLookupAllowed: true,
        manualUserIdAllowed: false,
        maxOfflineMinutes: 60,
      },
      timeZone: 'Asia/Urumqi',
      oapiBase: 'http://127.0.0.1:8089',
      apiBase: 'http://localhost:8089/api',
      loginBase: 'https://login.example.cn',
      // A signed update feed: test/security/update-feed.test.ts.
      updateUrl: null,
    });
  });

  it.each([
    ['not JSON', '{appKey: x', '(file)'],
    ['an array', '[1]', '(file)'],
    ['a string', '"x"', '(file)'],
    ['a typo in a top-level key', valid({ appSecert: 'x' }), 'appSecert'],
    ['missing appKey', JSON.stringify({ appSecret: APP_SECRET }), 'appKey'],
    ['missing appSecret', JSON.stringify({ appKey: APP_KEY }), 'appSecret'],
    ['a numeric appKey', JSON.stringify({ appKey: 5, appSecret: APP_SECRET }), 'appKey'],
    ['an empty appSecret', valid({ appSecret: '  ' }), 'appSecret'],
    ['a secret with spaces', valid({ appSecret: 'abc def ghi' }), 'appSecret'],
    ['version 2', valid({ version: 2 }), 'version'],
    ['policies not an object', valid({ policies: true }), 'policies'],
    ['an unknown policy', valid({ policies: { punchEnabled: true } }), 'policies.punchEnabled'],
    ['a string flag', valid({ policies: { punchingEnabled: 'yes' } }), 'policies.punchingEnabled'],
    [
      '0 offline minutes',
      valid({ policies: { maxOfflineMinutes: 0 } }),
      'policies.maxOfflineMinutes',
    ],
    [
      'too many offline minutes',
      valid({ policies: { maxOfflineMinutes: 1441 } }),
      'policies.maxOfflineMinutes',
    ],
    [
      'fractional offline minutes',
      valid({ policies: { maxOfflineMinutes: 1.5 } }),
      'policies.maxOfflineMinutes',
    ],
    ['an unknown time zone', valid({ timeZone: 'China/Beijing' }), 'timeZone'],
    ['an empty time zone', valid({ timeZone: '' }), 'timeZone'],
    ['plain http to a real host', valid({ oapiBase: 'http://oapi.dingtalk.com' }), 'oapiBase'],
    ['not a URL', valid({ apiBase: 'api.dingtalk.com' }), 'apiBase'],
    ['a query on a base', valid({ oapiBase: 'https://oapi.dingtalk.com/?a=1' }), 'oapiBase'],
    ['credentials in a URL', valid({ loginBase: 'https://u:p@login.dingtalk.com' }), 'loginBase'],
    ['an http update URL', valid({ updateUrl: 'http://127.0.0.1/latest.yml' }), 'updateUrl'],
    ['a numeric corpId of zero', valid({ corpId: 0 }), 'corpId'],
    ['an operator id with spaces', valid({ operatorUserId: 'a b' }), 'operatorUserId'],
  ])('rejects %s', (_label, text, field) => {
    expect(fieldOf(() => parseProvisioning(text))).toBe(field);
  });

  it.each([
    '<your app secret>',
    '<AppSecret>',
    'YOUR_APP_SECRET',
    'your-app-secret-here',
    '${DAKA_APP_SECRET}',
    '$APP_SECRET',
    '{{appSecret}}',
    '%APP_SECRET%',
    'xxxxxxxxxxxxxxxx',
    '****',
    '...',
    'changeme',
    'REPLACE_ME',
    'placeholder',
    'example-secret-123',
    'AppSecret',
    'secret',
    'TODO',
  ])('rejects the placeholder secret %j', (secret) => {
    expect(fieldOf(() => parseProvisioning(valid({ appSecret: secret })))).toBe('appSecret');
  });

  it('accepts random real-looking secrets (no false placeholders)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 3000; i++) {
      const secret = Array.from({ length: 64 }, () => alphabet[next() % alphabet.length]).join('');
      expect(
        () => validateProvisioning({ appKey: APP_KEY, appSecret: secret }),
        secret,
      ).not.toThrow();
    }
  });
});

describe('fromEnv', () => {
  it('reads the variables it knows, ignoring empty ones', () => {
    expect(
      fromEnv({
        DAKA_APP_KEY: APP_KEY,
        DAKA_APP_SECRET: APP_SECRET,
        DAKA_OAPI_BASE: 'http://127.0.0.1:9000/',
        DAKA_API_BASE: '',
        DAKA_TZ: 'Asia/Hong_Kong',
        DAKA_USER_ID: ' 0123456 ',
        PATH: '/usr/bin',
      }),
    ).toEqual({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      oapiBase: 'http://127.0.0.1:9000',
      timeZone: 'Asia/Hong_Kong',
      userId: '0123456',
    });
    expect(fromEnv({})).toEqual({});
  });

  it.each([
    ['DAKA_APP_SECRET', '<secret>'],
    ['DAKA_APP_KEY', 'has space'],
    ['DAKA_OAPI_BASE', 'http://example.com'],
    ['DAKA_API_BASE', 'nope'],
    ['DAKA_TZ', 'Mars/Base'],
    ['DAKA_USER_ID', 'a b'],
  ])('names %s when its value is invalid', (name, value) => {
    expect(fieldOf(() => fromEnv({ [name]: value }))).toBe(name);
  });
});

describe('ProvisioningStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daka-prov-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A run of the app: the vault has decrypted what is on disk. */
  const open = async (cipher: Cipher = new TestCipher(), lines: string[] = []) => {
    const vault = new Vault({ store: new FileStore({ dir, name: 'vault' }), cipher });
    await vault.load();
    const store = new ProvisioningStore({
      store: new FileStore({ dir, name: 'config' }),
      vault,
      logger: createConsoleLogger({ write: (l) => lines.push(l) }),
    });
    return { store, vault };
  };
  const read = (name: string) => fs.readFileSync(path.join(dir, `${name}.json`), 'utf8');

  it('keeps the secret in the vault and the rest in the store', async () => {
    const p = parseProvisioning(valid({ corpId: 'ding1' }));
    await (await open()).store.save(p);
    expect(read('config')).not.toContain(APP_SECRET);
    expect(read('config')).toContain(APP_KEY);
    expect(read('vault')).not.toContain(APP_SECRET);
    expect((await open()).store.load()).toEqual(p);
  });

  it('shows the public part when the secret did not survive the restart', async () => {
    const first = await open(new NullCipher());
    await first.store.save(parseProvisioning(valid()));
    expect(first.store.load()?.appSecret).toBe(APP_SECRET);
    const next = await open(new NullCipher());
    expect(next.store.load()).toBeNull();
    expect(next.store.loadPublic()?.appKey).toBe(APP_KEY);
  });

  it('forgets the tokens of the previous app when the AppKey or a host changes', async () => {
    const { store, vault } = await open();
    await store.save(parseProvisioning(valid()));
    await vault.setSecret('appToken', 'token-1');
    await store.save(parseProvisioning(valid({ timeZone: 'UTC' })));
    expect(vault.getSecret('appToken')).toBe('token-1');
    await store.save(parseProvisioning(valid({ appKey: 'dingotherkey77' })));
    expect(vault.hasSecret('appToken')).toBe(false);
    await vault.setSecret('appToken', 'token-2');
    await store.save(
      parseProvisioning(valid({ appKey: 'dingotherkey77', oapiBase: 'https://oapi.example.com' })),
    );
    expect(vault.hasSecret('appToken')).toBe(false);
  });

  it('validates what it saves', async () => {
    const { store } = await open();
    const bad = { ...parseProvisioning(valid()), oapiBase: 'http://evil.example' };
    expect(fieldOf(() => void store.save(bad))).toBe('oapiBase');
    expect(store.loadPublic()).toBeNull();
  });

  it('clears the configuration and every secret issued under it', async () => {
    const { store, vault } = await open();
    await store.save(parseProvisioning(valid()));
    await vault.setSecret('appToken', 't');
    await vault.setSecret('userRefreshToken', 'r');
    await vault.setSecret('robotSecret', 'robot');
    store.clear();
    expect((await open()).store.load()).toBeNull();
    expect((await open()).store.loadPublic()).toBeNull();
    expect(
      ['appSecret', 'appToken', 'userRefreshToken'].map((n) => read('vault').includes(n)),
    ).toEqual([false, false, false]);
    expect(vault.getSecret('robotSecret')).toBe('robot');
  });

  it('ignores a tampered stored configuration, naming the field in the log', async () => {
    await (await open()).store.save(parseProvisioning(valid()));
    const config = new FileStore({ dir, name: 'config' });
    config.set('provisioning', {
      ...config.get<Record<string, unknown>>('provisioning'),
      apiBase: 'http://x.example',
    });
    const lines: string[] = [];
    expect((await open(new TestCipher(), lines)).store.load()).toBeNull();
    expect(lines.join('\n')).toContain('apiBase');
  });

  it('reports errors as AppError payloads the UI can translate', () => {
    try {
      parseProvisioning('nope');
    } catch (error) {
      expect((error as AppError).toPayload()).toEqual({
        code: 'provisioningInvalid',
        message: 'The provisioning file is not valid JSON',
        detail: { field: '(file)' },
      });
    }
    expect.assertions(1);
  });
});
