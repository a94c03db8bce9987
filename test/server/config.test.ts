import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { checkPublicUrl, DEFAULT_POLICIES, loadConfig } from '../../server/config';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'daka-server-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const live = {
  DAKA_SERVER_APP_KEY: 'dingkey',
  DAKA_SERVER_APP_SECRET: 'secret',
  DAKA_SERVER_PUBLIC_URL: 'https://daka.example.com/',
};

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('loadConfig', () => {
  it('is demo with nothing configured, with the defaults', () => {
    const loaded = loadConfig({ env: {}, home: dir });
    expect(loaded.kind).toBe('demo');
    expect(loaded.config).toMatchObject({
      listen: { host: '127.0.0.1', port: 8780 },
      publicUrl: 'http://127.0.0.1:8780',
      dataDir: join(dir, '.daka-server'),
      policies: DEFAULT_POLICIES,
      timeZone: 'Asia/Shanghai',
      admins: [],
      dingtalk: { oapiBase: 'https://oapi.dingtalk.com', apiBase: 'https://api.dingtalk.com' },
      monthlyCap: 5000,
    });
  });

  it('reads the environment, trims the public URL, splits admins', () => {
    const loaded = loadConfig({
      env: {
        ...live,
        DAKA_SERVER_CORP_ID: 'dingcorp',
        DAKA_SERVER_HOST: '0.0.0.0',
        DAKA_SERVER_PORT: '9000',
        DAKA_SERVER_DATA: join(dir, 'data'),
        DAKA_SERVER_ADMINS: 'lina, zhangwei ,',
        DAKA_SERVER_MAX_OFFLINE_MINUTES: '30',
        DAKA_SERVER_PUNCHING_ENABLED: 'false',
        DAKA_SERVER_TRUST_PROXY: '1',
      },
      home: dir,
    });
    expect(loaded.kind).toBe('live');
    expect(loaded.config).toMatchObject({
      appKey: 'dingkey',
      corpId: 'dingcorp',
      publicUrl: 'https://daka.example.com',
      listen: { host: '0.0.0.0', port: 9000 },
      dataDir: join(dir, 'data'),
      admins: ['lina', 'zhangwei'],
      policies: { ...DEFAULT_POLICIES, maxOfflineMinutes: 30, punchingEnabled: false },
      trustProxy: 1,
    });
  });

  it('reads a 0600 file, and the environment wins over it', () => {
    const file = join(dir, 'server.json');
    writeFileSync(
      file,
      JSON.stringify({
        appKey: 'fromfile',
        appSecret: 's3cret',
        publicUrl: 'https://a.example.com',
        admins: ['lina'],
        policies: { repeatGuardMinutes: 5 },
      }),
      { mode: 0o600 },
    );
    const loaded = loadConfig({ env: { DAKA_SERVER_APP_KEY: 'fromenv' }, file, home: dir });
    expect(loaded).toMatchObject({ kind: 'live', file });
    expect(loaded.config).toMatchObject({
      appKey: 'fromenv',
      appSecret: 's3cret',
      admins: ['lina'],
      policies: { ...DEFAULT_POLICIES, repeatGuardMinutes: 5 },
    });
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a secret-bearing file readable by others, naming the chmod',
    () => {
      const file = join(dir, 'server.json');
      writeFileSync(file, JSON.stringify({ appKey: 'k', appSecret: 's' }));
      chmodSync(file, 0o644);
      const error = refusal(() => loadConfig({ env: {}, file, home: dir }));
      expect(error.message).toContain(`chmod 600 ${file}`);
      expect(error.message).toContain('AppSecret');
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      chmodSync(file, 0o600);
      expect(loadConfig({ env: {}, file, home: dir }).kind).toBe('live');
    },
  );

  it('refuses unknown keys, bad JSON, out-of-range policies, bad ports', () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ appKye: 'typo' }), { mode: 0o600 });
    expect(refusal(() => loadConfig({ env: {}, file, home: dir })).detail.field).toBe('appKye');
    writeFileSync(file, '{ nope', { mode: 0o600 });
    expect(refusal(() => loadConfig({ env: {}, file, home: dir })).message).toContain('JSON');
    expect(
      refusal(() => loadConfig({ env: { DAKA_SERVER_MAX_OFFLINE_MINUTES: '99999' }, home: dir }))
        .detail.field,
    ).toBe('maxOfflineMinutes');
    expect(
      refusal(() => loadConfig({ env: { DAKA_SERVER_PORT: 'x' }, home: dir })).detail.field,
    ).toBe('DAKA_SERVER_PORT');
    expect(() => loadConfig({ env: {}, file: join(dir, 'missing.json'), home: dir })).toThrow(
      /Cannot read/,
    );
  });

  it('finds <dataDir>/config.json by itself', () => {
    const data = join(dir, 'data');
    const loaded0 = loadConfig({ env: { DAKA_SERVER_DATA: data }, home: dir });
    expect(loaded0.file).toBeNull();
    mkdirSync(data);
    writeFileSync(join(data, 'config.json'), JSON.stringify({ admins: ['lina'] }));
    const loaded = loadConfig({ env: { DAKA_SERVER_DATA: data }, home: dir });
    expect(loaded.file).toBe(join(data, 'config.json'));
    expect(loaded.config.admins).toEqual(['lina']);
  });
});

describe('checkPublicUrl', () => {
  it('takes https anywhere and http on loopback only', () => {
    expect(checkPublicUrl('https://daka.example.com/')).toBe('https://daka.example.com');
    expect(checkPublicUrl('https://example.com/daka/')).toBe('https://example.com/daka');
    expect(checkPublicUrl('http://127.0.0.1:8780')).toBe('http://127.0.0.1:8780');
    expect(checkPublicUrl('http://localhost:8780')).toBe('http://localhost:8780');
    for (const bad of ['http://daka.example.com', 'ftp://x', 'https://x/?a=1', 'nope']) {
      expect(() => checkPublicUrl(bad), bad).toThrow(AppError);
    }
  });
});
