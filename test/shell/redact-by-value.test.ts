import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerHttp } from '../../main/company/http';
import { ServerSession } from '../../main/company/session';
import { createConsoleLogger, MemoryStore, REDACTED, TestCipher } from '../../main/node-ports';
import { clearRegisteredSecrets, registerSecret } from '../../main/redact';
import { Vault } from '../../main/settings/vault';
import { LOG_FILE, createLogger } from '../../main/shell/logging';

// Values no pattern recognises: only redaction by value can catch them.
const ROBOT = 'plainLookingRobotValue771';
const STORED = 'alreadyOnDiskSecret9182';
const ACCESS = 'srvAccess-5f1c0e7a9b';
const REFRESH = 'srvRefresh-0d94c2b11e';

const isPosix = process.platform !== 'win32';

describe('redaction by value', () => {
  let folder: string;

  beforeEach(async () => {
    clearRegisteredSecrets();
    folder = await mkdtemp(join(tmpdir(), 'daka-redact-'));
  });

  afterEach(async () => {
    clearRegisteredSecrets();
    await rm(folder, { recursive: true, force: true });
  });

  const fileLogger = () =>
    createLogger({ base: nodeLog.create({ logId: `test-${randomUUID()}` }), folder });

  it('masks what the vault holds, stored this run or read back from disk, in main.log', async () => {
    const store = new MemoryStore();
    const cipher = new TestCipher();
    await new Vault({ store, cipher }).setSecret('appSecret', STORED);
    clearRegisteredSecrets(); // a new run: the value is only on disk
    const vault = new Vault({ store, cipher });
    await vault.load();
    expect(vault.getSecret('appSecret')).toBe(STORED);
    await vault.setSecret('robotSecret', ROBOT);

    const logger = fileLogger();
    logger.warn(`DingTalk said: bad field ${ROBOT}`, { note: `echo ${STORED}`, list: [ROBOT] });
    logger.error('encoded', { url: `https://x.example/?q=${encodeURIComponent(`a ${ROBOT}`)}` });
    const text = await readFile(join(folder, LOG_FILE), 'utf8');
    expect(text).not.toContain(ROBOT);
    expect(text).not.toContain(STORED);
    expect(text).toContain(REDACTED);
    expect(text).toContain('DingTalk said: bad field');
  });

  it('masks the company server’s tokens from the moment they are issued, in the CLI log too', async () => {
    const http = {
      clockSkewMs: () => 0,
      json: () =>
        Promise.resolve({ access_token: ACCESS, refresh_token: REFRESH, expires_in: 300 }),
    } as unknown as ServerHttp;
    const session = new ServerSession({
      http,
      refreshToken: { get: () => undefined, set: () => undefined, delete: () => undefined },
      clock: { now: () => 0 },
      onSignedOut: () => undefined,
    });
    await session.requestTokens({ grant_type: 'refresh_token', refresh_token: 'old-refresh-x' });
    const lines: string[] = [];
    const logger = createConsoleLogger({ write: (l) => lines.push(l) });
    logger.error(`server said ${ACCESS}`, { body: `{"x":"${REFRESH}"}` });
    expect(lines.join('\n')).not.toContain(ACCESS);
    expect(lines.join('\n')).not.toContain(REFRESH);
  });

  it('masks a refresh token read back from storage (the CLI’s session file) once it is used', async () => {
    const stored = 'storedRefresh-7a1e90c2d4';
    const http = {
      clockSkewMs: () => 0,
      json: () => Promise.reject(new Error('offline')),
    } as unknown as ServerHttp;
    const session = new ServerSession({
      http,
      refreshToken: { get: () => stored, set: () => undefined, delete: () => undefined },
      clock: { now: () => 0 },
      onSignedOut: () => undefined,
    });
    await session.refresh().catch(() => undefined);
    const lines: string[] = [];
    createConsoleLogger({ write: (l) => lines.push(l) }).warn(`refresh ${stored} failed`);
    expect(lines[0]).not.toContain(stored);
  });

  it('a JSON secret (a cached token, a private key) masks its fields; short values are left alone', () => {
    registerSecret(JSON.stringify({ token: 'cachedAppToken-12345', expiresAt: 1 }));
    registerSecret('1234');
    const lines: string[] = [];
    createConsoleLogger({ write: (l) => lines.push(l) }).error('x cachedAppToken-12345 1234');
    expect(lines[0]).toContain(`x ${REDACTED} 1234`);
  });

  it.runIf(isPosix)('main.log is created 0600, and an older 0644 one is narrowed', async () => {
    fileLogger().info('first');
    expect((await stat(join(folder, LOG_FILE))).mode & 0o777).toBe(0o600);

    const other = await mkdtemp(join(tmpdir(), 'daka-redact-'));
    try {
      await writeFile(join(other, LOG_FILE), 'old\n');
      await chmod(join(other, LOG_FILE), 0o644);
      createLogger({ base: nodeLog.create({ logId: `test-${randomUUID()}` }), folder: other });
      expect((await stat(join(other, LOG_FILE))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
