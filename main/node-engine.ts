/**
 * The engine wired with Node-backed ports, for the CLI (and tests): JSON files
 * in a data folder, no OS secret storage (so secrets stay in memory: the CLI
 * reads the AppSecret from the environment or the provisioning file each run).
 *
 * Company server mode is the exception: its session (this install's device key
 * and a refresh token) must outlive the process, and holds no company secret,
 * so without an OS keychain it is kept in `server-session.json`, readable by
 * this user only (like an SSH key). IT can end it per device on the server.
 */
import { hostname } from 'node:os';
import { Engine, type EngineDeps } from './engine';
import { FileStore, NullCipher } from './node-ports';
import type { Cipher, Clock, Fetch, Logger } from './ports';
import type { EnvConfig } from './settings/provisioning';

export interface NodeEngineOptions {
  home: string;
  logger: Logger;
  clock: Clock;
  overrides?: EnvConfig;
  cipher?: Cipher;
  fetch?: Fetch;
  openUrl: (url: string) => Promise<void>;
  version: string;
  demo?: EngineDeps['demo'];
  clientTuning?: EngineDeps['clientTuning'];
  loginTimeoutMs?: number;
  eventBackoff?: EngineDeps['eventBackoff'];
}

export function createNodeEngine(o: NodeEngineOptions): Engine {
  const store = (name: string) => new FileStore({ dir: o.home, name, logger: o.logger });
  const sessionFile = o.cipher ? null : store('server-session');
  return new Engine({
    ...(sessionFile
      ? {
          serverSecrets: {
            get: (name) => sessionFile.get<string>(name),
            set: (name, value) => sessionFile.set(name, value),
            delete: (name) => sessionFile.delete(name),
          },
        }
      : {}),
    stores: {
      settings: store('settings'),
      state: store('state'),
      outbox: store('outbox'),
      secrets: store('secrets'),
    },
    cipher: o.cipher ?? new NullCipher(),
    clock: o.clock,
    logger: o.logger,
    host: {
      hostname: hostname(),
      platform:
        process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux',
      version: o.version,
      startAtLogin: () => false,
    },
    ...(o.fetch ? { fetch: o.fetch } : {}),
    openUrl: o.openUrl,
    ...(o.overrides ? { overrides: o.overrides } : {}),
    ...(o.demo ? { demo: o.demo } : {}),
    ...(o.clientTuning ? { clientTuning: o.clientTuning } : {}),
    ...(o.loginTimeoutMs ? { loginTimeoutMs: o.loginTimeoutMs } : {}),
    ...(o.eventBackoff ? { eventBackoff: o.eventBackoff } : {}),
  });
}
