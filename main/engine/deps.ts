/**
 * What the engine is built from (stores, ports, the host, the CLI's overrides,
 * test tuning) and the events it emits.
 */
import type { NotificationDelivery, Snapshot, UpdateInfo } from '../../shared/contract';
import type { PunchOutcome, Reminder } from '../../shared/model';
import type { DemoBackend } from '../identity/identity';
import type { Cipher, Clock, Fetch, Logger, Store } from '../ports';
import type { EnvConfig } from '../settings/provisioning';
import type { SecretKeeper } from './server-room';

export interface EngineStores {
  settings: Store;
  /** Identity, day cache, reminder memory, quota, device id. */
  state: Store;
  outbox: Store;
  /** Ciphertext only. */
  secrets: Store;
}

export interface HostInfo {
  hostname: string;
  platform: Snapshot['platform'];
  version: string;
  startAtLogin: () => boolean;
  /** The updater's state for About (main/shell/updater.ts); absent outside the app. */
  updates?: () => UpdateInfo;
}

export interface EngineDeps {
  stores: EngineStores;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
  host: HostInfo;
  fetch?: Fetch;
  /** Opens a URL in the system browser (browser login). */
  openUrl: (url: string) => Promise<void>;
  /** Configuration from the CLI's flags and environment; wins over stored configuration. */
  overrides?: EnvConfig;
  /** Starts the in-process DingTalk simulator for demo mode. */
  demo?: () => Promise<DemoBackend>;
  loginTimeoutMs?: number;
  /** Client tuning (tests use short timeouts). */
  clientTuning?: { timeoutMs?: number; backoffMs?: number; maxAttempts?: number };
  sleep?: (ms: number) => Promise<void>;
  /**
   * Where server mode keeps its device key and refresh token; default the vault. The CLI
   * (no OS keychain) passes a file readable by this user only.
   */
  serverSecrets?: SecretKeeper;
  /** The event stream's reconnect pauses (tests use short ones). */
  eventBackoff?: { baseMs: number; maxMs: number };
}

/**
 * What the 'reminder' event carries: a planned reminder, or Settings' test reminder, which
 * goes the same way to the notifier and reports back what the system did with it.
 */
export type ShownReminder = Reminder & {
  test?: { settle(delivery: Exclude<NotificationDelivery, 'unconfirmed'>): void };
};

export interface EngineEvents {
  changed: [];
  reminder: [ShownReminder];
  /** Something the reminder plan depends on changed (punch, snooze, network back): plan again. */
  replan: [];
  /** A punch finished in the background (the outbox sent or held it): worth a notification. */
  background: [PunchOutcome];
}
