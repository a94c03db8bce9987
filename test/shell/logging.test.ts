import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeLog from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILE, createLogger, logFolder } from '../../main/shell/logging';

// electron-log's Node entry shares the core and the file transport with its main-process entry.
function freshBase() {
  return nodeLog.create({ logId: `test-${randomUUID()}` });
}

const APP_SECRET = 'Zq9xAppSecretValue0123456789abcdef';
const ACCESS_TOKEN = 'a1b2c3AccessTokenValue';
const ROBOT_SECRET = 'SECrobotSigningSecret42';

describe('createLogger', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'daka-logs-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const logText = () => readFile(join(folder, LOG_FILE), 'utf8');

  it('writes entries to main.log in the log folder', async () => {
    const logger = createLogger({ base: freshBase(), folder });
    logger.info('punch sent', { type: 'OnDuty', attempts: 1 });
    logger.warn('DingTalk busy');

    const text = await logText();
    expect(text).toMatch(/\[info\]\s+punch sent/);
    expect(text).toContain("type: 'OnDuty'");
    expect(text).toMatch(/\[warn\]\s+DingTalk busy/);
  });

  it('masks secrets in messages, data and errors before they reach the file', async () => {
    const logger = createLogger({ base: freshBase(), folder });
    logger.info(`GET https://oapi.dingtalk.com/gettoken?appkey=dingkey1&appsecret=${APP_SECRET}`);
    logger.error('token refresh failed', {
      appSecret: APP_SECRET,
      nested: { access_token: ACCESS_TOKEN, userId: 'manager4220' },
      header: `Bearer ${ACCESS_TOKEN}`,
      error: new Error(`POST /topapi/attendance/record/upload?access_token=${ACCESS_TOKEN} failed`),
    });
    logger.warn('robot webhook', {
      url: `https://oapi.dingtalk.com/robot/send?sign=${ROBOT_SECRET}`,
    });

    const text = await logText();
    for (const secret of [APP_SECRET, ACCESS_TOKEN, ROBOT_SECRET]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
    // What is not secret stays readable.
    expect(text).toContain('appkey=dingkey1');
    expect(text).toContain('manager4220');
    expect(text).toContain('/topapi/attendance/record/upload');
  });

  it('keeps the stack of a logged error', async () => {
    const logger = createLogger({ base: freshBase(), folder });
    logger.error('crash', { error: new Error(`boom access_token=${ACCESS_TOKEN}`) });

    const text = await logText();
    expect(text).toContain('logging.test.ts');
    expect(text).not.toContain(ACCESS_TOKEN);
  });

  it('drops entries below the level', async () => {
    const logger = createLogger({ base: freshBase(), folder, level: 'warn' });
    logger.debug('debug line');
    logger.info('info line');
    logger.error('error line');

    const text = await logText();
    expect(text).not.toContain('debug line');
    expect(text).not.toContain('info line');
    expect(text).toContain('error line');
  });
});

describe('logFolder', () => {
  it("is Electron's logs path", () => {
    const asked: string[] = [];
    const app = {
      getPath: (name: Parameters<Electron.App['getPath']>[0]) => {
        asked.push(name);
        return `/home/someone/.config/Daka/${name}`;
      },
    };
    expect(logFolder(app)).toBe('/home/someone/.config/Daka/logs');
    expect(asked).toEqual(['logs']);
  });
});
