import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import {
  createConsoleLogger,
  FileStore,
  MemoryStore,
  NullCipher,
  REDACTED,
  redact,
  TestCipher,
} from '../main/node-ports';
import type { Logger } from '../main/ports';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function recordingLogger() {
  const entries: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      entries.push({ level, message, data });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, entries };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daka-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('FileStore', () => {
  it('keeps values across instances, one file per store', () => {
    const store = new FileStore({ dir, name: 'settings' });
    store.set('a', { x: 1, list: [1, 2] });
    store.set('b', 'text');
    store.delete('b');
    const again = new FileStore({ dir, name: 'settings' });
    expect(again.get('a')).toEqual({ x: 1, list: [1, 2] });
    expect(again.get('b')).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
    expect(new FileStore({ dir, name: 'other' }).get('a')).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')('writes files readable by the owner only', () => {
    const store = new FileStore({ dir, name: 'vault' });
    store.set('k', 1);
    expect(fs.statSync(store.path).mode & 0o777).toBe(0o600);
    store.set('k', 2);
    expect(fs.statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('hands out copies, so callers cannot change the stored value by mutation', () => {
    const store = new FileStore({ dir, name: 's' });
    const value = { n: 1 };
    store.set('k', value);
    value.n = 2;
    const copy = store.get<{ n: number }>('k');
    expect(copy).toEqual({ n: 1 });
    if (copy) copy.n = 3;
    expect(store.get('k')).toEqual({ n: 1 });
  });

  it('stores what JSON can hold: undefined deletes, functions are refused', () => {
    const store = new FileStore({ dir, name: 's' });
    store.set('k', { when: new Date(0), skip: undefined });
    expect(store.get('k')).toEqual({ when: '1970-01-01T00:00:00.000Z' });
    store.set('k', undefined);
    expect(store.get('k')).toBeUndefined();
    expect(() => store.set('f', () => 1)).toThrow(AppError);
  });

  it('refuses store names that could escape the folder', () => {
    expect(() => new FileStore({ dir, name: '../x' })).toThrow(AppError);
    expect(() => new FileStore({ dir, name: '' })).toThrow(AppError);
  });

  it('sets a corrupt file aside, logs it and starts empty', () => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{"a": 1, "b": tru');
    const { logger, entries } = recordingLogger();
    const store = new FileStore({ dir, name: 'settings', logger, now: () => 1234 });
    expect(store.get('a')).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, 'settings.json.corrupt-1234'), 'utf8')).toBe(
      '{"a": 1, "b": tru',
    );
    expect(entries).toEqual([
      {
        level: 'warn',
        message: expect.stringContaining('corrupt'),
        data: { store: 'settings', movedTo: 'settings.json.corrupt-1234' },
      },
    ]);
    store.set('a', 2);
    expect(new FileStore({ dir, name: 'settings' }).get('a')).toBe(2);
  });

  it.each([['[1,2]'], ['null'], ['"text"'], ['']])('treats %j as corrupt', (text) => {
    fs.writeFileSync(path.join(dir, 's.json'), text);
    expect(new FileStore({ dir, name: 's', now: () => 7 }).get('0')).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 's.json.corrupt-7'))).toBe(true);
  });

  it('keeps the old value when a write fails, and leaves no temp file behind', () => {
    const store = new FileStore({ dir, name: 's' });
    store.set('k', 'old');
    // A folder in place of the file makes the rename fail after the temp file was written.
    fs.rmSync(store.path);
    fs.mkdirSync(store.path);
    fs.writeFileSync(path.join(store.path, 'x'), '');
    expect(() => store.set('k', 'new')).toThrow();
    expect(store.get('k')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['s.json']);
  });

  it('removes temp files of dead writers but not of live ones', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid ?? -1;
    await new Promise((resolve) => dead.on('exit', resolve));
    fs.writeFileSync(path.join(dir, `s.json.tmp-${deadPid}-0`), '{"half":');
    fs.writeFileSync(path.join(dir, `s.json.tmp-${process.ppid}-0`), '{}');
    fs.writeFileSync(path.join(dir, `other.json.tmp-${deadPid}-0`), '{}');
    new FileStore({ dir, name: 's' });
    expect(fs.readdirSync(dir).sort()).toEqual(
      [`other.json.tmp-${deadPid}-0`, `s.json.tmp-${process.ppid}-0`].sort(),
    );
  });

  it('always reads a complete value after the writer is killed at random points', async () => {
    const child = path.join(dir, 'writer.mts');
    const storeDir = path.join(dir, 'data');
    const modulePath = pathToFileURL(path.join(repoRoot, 'main/node-ports.ts')).href;
    fs.writeFileSync(
      child,
      `import fs from 'node:fs';
import { FileStore } from ${JSON.stringify(modulePath)};
const store = new FileStore({ dir: process.argv[2], name: 'crash' });
let n = store.get('counter')?.n ?? 0;
for (;;) {
  n++;
  const size = (n * 7919) % 150000;
  store.set('counter', { n, size, payload: 'x'.repeat(size), tail: n });
  store.set('n' + (n % 5), n);
  fs.writeSync(1, n + '\\n');
}
`,
    );
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let lastAcked = 0;
    for (let round = 0; round < 30; round++) {
      const target = 1 + Math.floor(random() * 8);
      const extraMs = Math.floor(random() * 6);
      const proc = spawn(process.execPath, ['--import', 'tsx', child, storeDir], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let acks = 0;
      let buffered = '';
      const exited = new Promise<NodeJS.Signals | null>((resolve) => {
        proc.on('exit', (_code, signal) => resolve(signal));
      });
      proc.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          lastAcked = Math.max(lastAcked, Number(line));
          acks++;
        }
        if (acks >= target && !proc.killed) {
          setTimeout(() => proc.kill('SIGKILL'), extraMs);
        }
      });
      const signal = await exited;
      expect(signal, stderr).toBe('SIGKILL');

      const store = new FileStore({ dir: storeDir, name: 'crash' });
      const value = store.get<{ n: number; size: number; payload: string; tail: number }>(
        'counter',
      );
      if (value === undefined) throw new Error(`round ${round}: nothing readable`);
      expect(value.payload.length).toBe(value.size);
      expect(value.tail).toBe(value.n);
      // Every acknowledged write survived.
      expect(value.n).toBeGreaterThanOrEqual(lastAcked);
    }
    const left = fs.readdirSync(storeDir);
    expect(left).toEqual(['crash.json']);
  }, 180_000);
});

describe('MemoryStore', () => {
  it('behaves like a file store without the file', () => {
    const store = new MemoryStore();
    const value = { a: [1], when: new Date(0) };
    store.set('k', value);
    value.a.push(2);
    expect(store.get('k')).toEqual({ a: [1], when: '1970-01-01T00:00:00.000Z' });
    store.set('k', undefined);
    expect(store.get('k')).toBeUndefined();
    store.set('j', 1);
    store.delete('j');
    expect(store.get('j')).toBeUndefined();
  });
});

describe('ciphers', () => {
  it('TestCipher round-trips without showing the plain text', async () => {
    const cipher = new TestCipher();
    const secret = 'AppSecret-机密-123';
    const sealed = await cipher.encrypt(secret);
    expect(sealed).not.toContain('AppSecret');
    expect(await cipher.decrypt(sealed)).toEqual({ plain: secret, shouldReEncrypt: false });
    expect(cipher.kind).toBe('test');
    expect(await cipher.probe()).toBe('test');
  });

  it('TestCipher with another key cannot read it, like a changed keychain', async () => {
    const sealed = await new TestCipher({ key: 1 }).encrypt('s');
    await expect(new TestCipher({ key: 3 }).decrypt(sealed)).rejects.toBeInstanceOf(AppError);
    // After a rotation the old output still reads, and asks to be encrypted again.
    expect(await new TestCipher({ key: 3, rotatedFrom: [1] }).decrypt(sealed)).toEqual({
      plain: 's',
      shouldReEncrypt: true,
    });
    expect(new TestCipher({ kind: 'basicText' }).kind).toBe('basicText');
  });

  it('NullCipher is unavailable and refuses to encrypt', async () => {
    const cipher = new NullCipher();
    expect(cipher.kind).toBe('unavailable');
    expect(await cipher.probe()).toBe('unavailable');
    await expect(cipher.encrypt()).rejects.toEqual(
      expect.objectContaining({ code: 'secretStorageUnavailable' }),
    );
  });
});

describe('redact', () => {
  it('masks values of secret-looking keys at any depth, keeps counts and error codes', () => {
    const out = redact({
      appKey: 'dingkey',
      appSecret: 'S3cr3t',
      nested: [{ access_token: 'tok', password: 'pw', sign: 'abc', robotToken: 'rt' }],
      token: { token: 't', expiresAt: 5 },
      appToken: { value: 't', list: ['a', 1] },
      tokenFetches: 3,
      code: 'wrongCredentials',
      Authorization: 'Bearer xyz',
    });
    expect(out).toEqual({
      appKey: 'dingkey',
      appSecret: REDACTED,
      nested: [
        { access_token: REDACTED, password: REDACTED, sign: REDACTED, robotToken: REDACTED },
      ],
      token: { token: REDACTED, expiresAt: 5 },
      appToken: { value: REDACTED, list: [REDACTED, 1] },
      tokenFetches: 3,
      code: 'wrongCredentials',
      Authorization: REDACTED,
    });
  });

  it.each([
    [
      'GET https://oapi.dingtalk.com/gettoken?appkey=K&appsecret=S3cr3t',
      `GET https://oapi.dingtalk.com/gettoken?appkey=K&appsecret=${REDACTED}`,
    ],
    [
      'POST /attendance/listRecord?access_token=abc123 failed',
      `POST /attendance/listRecord?access_token=${REDACTED} failed`,
    ],
    [
      '/robot/send?access_token=t&timestamp=1700000000000&sign=a%2Bb%3D',
      `/robot/send?access_token=${REDACTED}&timestamp=1700000000000&sign=${REDACTED}`,
    ],
    [
      'http://127.0.0.1:5000/callback?code=X1&authCode=X1&state=s',
      `http://127.0.0.1:5000/callback?code=${REDACTED}&authCode=${REDACTED}&state=s`,
    ],
    ['body {"appSecret":"S3cr3t","appKey":"k"}', `body {"appSecret":"${REDACTED}","appKey":"k"}`],
    ['header Bearer eyJhbGci.x.y', `header Bearer ${REDACTED}`],
    ['errcode=40089 errmsg=bad', 'errcode=40089 errmsg=bad'],
  ])('masks secrets in the string %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('turns errors into name and message, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ a: 1, self: '[circular]' });
    expect(redact({ e: new Error('fetch ?access_token=zzz failed') })).toEqual({
      e: { name: 'Error', message: `fetch ?access_token=${REDACTED} failed` },
    });
  });
});

describe('console logger', () => {
  it('writes one redacted line per entry at or above its level', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger({
      level: 'info',
      write: (l) => lines.push(l),
      now: () => 0,
    });
    logger.debug('hidden');
    logger.info('token refreshed', { api: '/gettoken?appsecret=S3cr3t', appSecret: 'S3cr3t' });
    logger.error('plain');
    expect(lines).toEqual([
      `1970-01-01T00:00:00.000Z INFO token refreshed {"api":"/gettoken?appsecret=${REDACTED}","appSecret":"${REDACTED}"}`,
      '1970-01-01T00:00:00.000Z ERROR plain',
    ]);
    expect(lines.join('\n')).not.toContain('S3cr3t');
  });
});
