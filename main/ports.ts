/**
 * The small interfaces the Electron-free core takes in its constructors.
 * The shell passes Electron-backed implementations, tests and the CLI pass
 * Node-backed ones (see main/node-ports.ts).
 */

/** A durable key-value store of JSON values. `set` must be atomic per key. */
export interface Store {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** What decrypting gave: the plain text, and whether to encrypt it again (a rotated key). */
export interface Decrypted {
  plain: string;
  shouldReEncrypt: boolean;
}

/**
 * Encrypts secrets at rest (Electron's asynchronous safeStorage in the app). Asynchronous
 * because the OS keychain may prompt or be slow; the vault decrypts once at start.
 */
export interface Cipher {
  /**
   * 'os' when backed by the OS keychain; 'basicText' for Linux's weak fallback; as found by
   * the last `probe` ('unavailable' before the first).
   */
  readonly kind: 'os' | 'basicText' | 'unavailable' | 'test';
  /** Asks the backend whether it can encrypt now, updating `kind`. */
  probe(): Promise<Cipher['kind']>;
  encrypt(plain: string): Promise<string>;
  decrypt(cipherText: string): Promise<Decrypted>;
}

/** Wall-clock time; tests and the simulator's demo day control it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type Fetch = typeof fetch;

/** Where the core writes diagnostics. Implementations must never receive secrets. */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
