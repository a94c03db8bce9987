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

/** Encrypts secrets at rest (Electron safeStorage in the app). */
export interface Cipher {
  /** 'os' when backed by the OS keychain; 'basicText' for Linux's weak fallback. */
  readonly kind: 'os' | 'basicText' | 'unavailable' | 'test';
  isAvailable(): boolean;
  encrypt(plain: string): string;
  decrypt(cipherText: string): string;
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
