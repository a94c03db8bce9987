/**
 * Node-backed implementations of the ports in main/ports.ts, for the CLI, the
 * tests and anything else that runs without Electron. Also `redact`, the one
 * place that decides what looks like a secret in a log line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../shared/errors';
import type { Cipher, Decrypted, Logger, Store } from './ports';
import { maskRegistered } from './redact';
import { silentLogger } from './ports';

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Round-trips through JSON so what the caller reads back is exactly what a file would hold. */
function toJsonValue(key: string, value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) {
    throw new AppError('invalidInput', `Store value for "${key}" is not JSON`, { field: key });
  }
  return JSON.parse(text);
}

/** A Store kept in memory only (tests, and secrets that must not touch the disk). */
export class MemoryStore implements Store {
  private readonly data = new Map<string, unknown>();

  get<T = unknown>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) {
      this.delete(key);
      return;
    }
    this.data.set(key, toJsonValue(key, value));
  }

  delete(key: string): void {
    this.data.delete(key);
  }
}

export interface FileStoreOptions {
  /** The folder holding the store (created 0700 when missing). */
  dir: string;
  /** The file is `<dir>/<name>.json`. */
  name: string;
  logger?: Logger;
  /** Stamps the name a corrupt file is set aside under. */
  now?: () => number;
}

const STORE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A JSON key-value Store in one file. Every write replaces the whole file
 * through write-to-temp + fsync + rename, so a crash at any point leaves either
 * the old or the new file, never a torn one. One process owns a store at a time
 * (the app holds a single-instance lock); reads are served from memory.
 */
export class FileStore implements Store {
  readonly path: string;
  private readonly dir: string;
  private readonly name: string;
  private readonly logger: Logger;
  private readonly now: () => number;
  private data: Map<string, unknown>;
  private tempCounter = 0;

  constructor(options: FileStoreOptions) {
    if (!STORE_NAME.test(options.name)) {
      throw new AppError('invalidInput', `Bad store name "${options.name}"`, { field: 'name' });
    }
    this.dir = options.dir;
    this.name = options.name;
    this.path = path.join(options.dir, `${options.name}.json`);
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.removeStaleTemps();
    this.data = this.read();
  }

  get<T = unknown>(key: string): T | undefined {
    const value = this.data.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) {
      this.delete(key);
      return;
    }
    const next = new Map(this.data);
    next.set(key, toJsonValue(key, value));
    this.write(next);
    this.data = next;
  }

  delete(key: string): void {
    if (!this.data.has(key)) return;
    const next = new Map(this.data);
    next.delete(key);
    this.write(next);
    this.data = next;
  }

  private tempPrefix(): string {
    return `${this.name}.json.tmp-`;
  }

  /** Temp files left by a writer that died before its rename. */
  private removeStaleTemps(): void {
    const prefix = this.tempPrefix();
    for (const entry of fs.readdirSync(this.dir)) {
      if (!entry.startsWith(prefix)) continue;
      const pid = Number(entry.slice(prefix.length).split('-')[0]);
      if (!Number.isInteger(pid) || pid === process.pid || processIsAlive(pid)) continue;
      fs.rmSync(path.join(this.dir, entry), { force: true });
    }
  }

  private read(): Map<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isPlainObject(parsed)) return new Map(Object.entries(parsed));
    // Keep the bad file for the IT report instead of overwriting it on the next write.
    const asideName = `${this.path}.corrupt-${this.now()}`;
    fs.renameSync(this.path, asideName);
    this.logger.warn('store: corrupt file set aside, starting empty', {
      store: this.name,
      movedTo: path.basename(asideName),
    });
    return new Map();
  }

  private write(data: Map<string, unknown>): void {
    const text = JSON.stringify(Object.fromEntries(data), null, 2);
    const temp = path.join(this.dir, `${this.tempPrefix()}${process.pid}-${this.tempCounter++}`);
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      try {
        fs.writeFileSync(fd, text, 'utf8');
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, this.path);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    this.syncDir();
  }

  /** Makes the rename itself durable; Windows cannot open a folder for fsync. */
  private syncDir(): void {
    if (process.platform === 'win32') return;
    const fd = fs.openSync(this.dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

const TEST_PREFIX = 'test-cipher:';

export interface TestCipherOptions {
  /** Which backend it pretends to be (default 'test'). */
  kind?: 'os' | 'basicText' | 'test';
  /** Different keys cannot read each other's output, like a changed keychain. */
  key?: number;
  /**
   * Keys this one replaced: their output still decrypts, with `shouldReEncrypt`, like
   * safeStorage after a key rotation.
   */
  rotatedFrom?: number[];
}

const keyByte = (key: number) => (key & 0xff) | 1;

/**
 * A reversible stand-in for safeStorage: XOR with a one-byte key, base64.
 * Its output never contains the plain text, so tests can check the disk.
 * Asynchronous like the real one; counts its calls.
 */
export class TestCipher implements Cipher {
  readonly kind: 'os' | 'basicText' | 'test';
  readonly calls = { probe: 0, encrypt: 0, decrypt: 0 };
  private readonly key: number;
  private readonly rotated: number[];

  constructor(options: TestCipherOptions = {}) {
    this.kind = options.kind ?? 'test';
    this.key = keyByte(options.key ?? 0x5a);
    this.rotated = (options.rotatedFrom ?? []).map(keyByte);
  }

  probe(): Promise<'os' | 'basicText' | 'test'> {
    this.calls.probe += 1;
    return Promise.resolve(this.kind);
  }

  encrypt(plain: string): Promise<string> {
    this.calls.encrypt += 1;
    const bytes = Buffer.from(plain, 'utf8').map((b) => b ^ this.key);
    return Promise.resolve(`${TEST_PREFIX}${this.key}:${Buffer.from(bytes).toString('base64')}`);
  }

  decrypt(cipherText: string): Promise<Decrypted> {
    this.calls.decrypt += 1;
    for (const key of [this.key, ...this.rotated]) {
      const prefix = `${TEST_PREFIX}${key}:`;
      if (!cipherText.startsWith(prefix)) continue;
      const bytes = Buffer.from(cipherText.slice(prefix.length), 'base64').map((b) => b ^ key);
      return Promise.resolve({
        plain: Buffer.from(bytes).toString('utf8'),
        shouldReEncrypt: key !== this.key,
      });
    }
    return Promise.reject(
      new AppError('secretStorageUnavailable', 'Cipher text was made with another key'),
    );
  }
}

/** No encryption available: secrets must stay in memory. */
export class NullCipher implements Cipher {
  readonly kind = 'unavailable' as const;

  probe(): Promise<'unavailable'> {
    return Promise.resolve('unavailable');
  }

  encrypt(): Promise<string> {
    return Promise.reject(
      new AppError('secretStorageUnavailable', 'No secret storage on this machine'),
    );
  }

  decrypt(): Promise<Decrypted> {
    return Promise.reject(
      new AppError('secretStorageUnavailable', 'No secret storage on this machine'),
    );
  }
}

export const REDACTED = '[redacted]';

/** Object keys whose string values are secrets (numbers stay: `tokenFetches: 3` is a count). */
const SECRET_KEY = /secret|token|passw(or)?d|^sign(ature)?$|^authorization$|^cookie$|^auth_?code$/i;

/** `name=value` in URLs and form bodies; the name must start at a boundary (not `errcode=`). */
const SECRET_PARAM =
  /(^|[?&;\s"'{(,])(access_?token|refresh_?token|app_?secret|client_?secret|secret|sign|signature|token|password|auth_?code|code)=([^&\s"'#;,)}]*)/gi;

/** `"appSecret": "..."` inside a logged JSON text. */
const SECRET_JSON =
  /("[A-Za-z_-]*(?:secret|token|passw(?:or)?d)[A-Za-z_-]*"|"sign(?:ature)?"|"authorization")(\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;

function redactString(text: string): string {
  // By value first (every secret the vault holds, every token issued), then by pattern.
  return maskRegistered(text, REDACTED)
    .replace(SECRET_PARAM, (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`)
    .replace(SECRET_JSON, (_m, key: string, sep: string) => `${key}${sep}"${REDACTED}"`)
    .replace(BEARER, (_m, lead: string) => `${lead}${REDACTED}`);
}

const MAX_DEPTH = 8;

/** `masked`: under a secret-looking key, so every string below it is hidden. */
function redactValue(
  value: unknown,
  seen: WeakSet<object>,
  depth: number,
  masked: boolean,
): unknown {
  if (typeof value === 'string') return masked ? REDACTED : redactString(value);
  if (typeof value === 'bigint') return masked ? REDACTED : value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      return { name: value.name, message: masked ? REDACTED : redactString(value.message) };
    }
    if (Array.isArray(value)) {
      return value.map((item) => redactValue(item, seen, depth + 1, masked));
    }
    if (value instanceof Date) return value.toISOString();
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = redactValue(item, seen, depth + 1, masked || SECRET_KEY.test(key));
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * A copy of `value` with everything that looks like a secret masked: strings
 * under keys like appSecret, access_token, password, sign (at any depth below
 * them); `access_token=`, `sign=`... in URLs; bearer tokens. Errors become
 * `{name, message}`. Safe to JSON.stringify.
 */
export function redact(value: string): string;
export function redact(value: unknown): unknown;
export function redact(value: unknown): unknown {
  return redactValue(value, new WeakSet(), 0, false);
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface ConsoleLoggerOptions {
  /** Lines below this level are dropped (default 'info'). */
  level?: LogLevel;
  /** Where lines go (default stderr, so the CLI's --json stdout stays clean). */
  write?: (line: string) => void;
  now?: () => number;
}

/** A Logger writing one redacted line per entry: `<ISO time> <LEVEL> <message> <data JSON>`. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const min = LEVELS.indexOf(options.level ?? 'info');
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const log =
    (level: LogLevel) =>
    (message: string, data?: Record<string, unknown>): void => {
      if (LEVELS.indexOf(level) < min) return;
      const head = `${new Date(now()).toISOString()} ${level.toUpperCase()} ${redact(message)}`;
      write(data === undefined ? head : `${head} ${JSON.stringify(redact(data))}`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** How to hand a URL to the system browser: one program and its argv, run without a shell. */
export interface BrowserCommand {
  file: string;
  args: string[];
}

/**
 * The system browser's launcher for `platform`, or null when `url` is not a
 * plain http(s) address. Never a shell: `cmd /c start` would read `&` in the
 * query as a command separator (cutting the login URL short) and a crafted
 * URL could run a command. The URL is one argv element, normalised by the URL
 * parser (no spaces or quotes left in it), so the launcher sees it whole.
 */
export function browserCommand(url: string, platform: NodeJS.Platform): BrowserCommand | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  const href = parsed.href;
  if (platform === 'win32')
    return { file: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', href] };
  if (platform === 'darwin') return { file: 'open', args: [href] };
  return { file: 'xdg-open', args: [href] };
}
