/**
 * The engine wired with Node-backed ports, for the CLI (and tests): JSON files
 * in a data folder, no OS secret storage (so secrets stay in memory: the CLI
 * reads the AppSecret from the environment or the provisioning file each run).
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
}

export function createNodeEngine(o: NodeEngineOptions): Engine {
  const store = (name: string) => new FileStore({ dir: o.home, name, logger: o.logger });
  return new Engine({
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
  });
}
