/**
 * Secrets at rest: the AppSecret, the robot's signing secret, the cached app
 * token and the user's refresh token. Only cipher output (base64) reaches the
 * Store. When the cipher is unavailable, or is Linux's weak basic_text backend
 * and the employee has not accepted it, secrets live in memory for this run
 * only, so a weak or missing keychain never silently writes a secret to disk.
 */
import type { SecretStorageInfo } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { PersistedToken, TokenStore } from '../dingtalk/types';
import type { Cipher, Logger, Store } from '../ports';
import { silentLogger } from '../ports';
import { registerSecret } from '../redact';

export const SECRET_NAMES = [
  'appSecret',
  'robotSecret',
  /** The receipts robot's webhook access_token (anyone holding it can post to the group). */
  'robotToken',
  'appToken',
  'userRefreshToken',
  /** Company server mode: this install's private DPoP key (a JWK). */
  'deviceKey',
  /** Company server mode: the device session's refresh token (rotated on each use). */
  'serverRefreshToken',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export type Persistence = 'disk' | 'memory';

/** What one secret looks like in the Store. `kind` says which backend could read it. */
interface StoredSecret {
  kind: Cipher['kind'];
  data: string;
}

const WEAK_ACCEPTED_KEY = 'weakStorageAccepted';
const MAX_SECRET_LENGTH = 8192;

const storeKey = (name: SecretName) => `secret.${name}`;

function isSecretName(value: unknown): value is SecretName {
  return typeof value === 'string' && (SECRET_NAMES as readonly string[]).includes(value);
}

function isStoredSecret(value: unknown): value is StoredSecret {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && typeof v.data === 'string';
}

export interface VaultOptions {
  /** A store of its own: nothing else should share the file holding secrets. */
  store: Store;
  cipher: Cipher;
  logger?: Logger;
}

export class Vault {
  private readonly store: Store;
  private readonly cipher: Cipher;
  private readonly logger: Logger;
  /** Decrypted values (a cache in disk mode, the only copy in memory mode). */
  private readonly values = new Map<SecretName, string>();
  /** Entries that failed to decrypt this run: not retried (a keychain may prompt each time). */
  private readonly unreadable = new Set<SecretName>();

  constructor(options: VaultOptions) {
    this.store = options.store;
    this.cipher = options.cipher;
    this.logger = options.logger ?? silentLogger;
  }

  get weakStorageAccepted(): boolean {
    return this.store.get<boolean>(WEAK_ACCEPTED_KEY) === true;
  }

  private get cipherUsable(): boolean {
    return this.cipher.kind !== 'unavailable' && this.cipher.isAvailable();
  }

  get persistence(): Persistence {
    if (!this.cipherUsable) return 'memory';
    if (this.cipher.kind === 'basicText' && !this.weakStorageAccepted) return 'memory';
    return 'disk';
  }

  /** For the snapshot; the test cipher stands in for an OS keychain. */
  storageInfo(): SecretStorageInfo {
    const kind = this.cipher.kind === 'test' ? 'os' : this.cipher.kind;
    return {
      kind: this.cipherUsable ? kind : 'unavailable',
      weakAccepted: this.weakStorageAccepted,
      memoryOnly: this.persistence === 'memory',
    };
  }

  setSecret(name: SecretName, value: string): void {
    if (!isSecretName(name)) {
      throw new AppError('invalidInput', 'Unknown secret name', { field: String(name) });
    }
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SECRET_LENGTH) {
      throw new AppError('invalidInput', 'A secret must be a non-empty string', { field: name });
    }
    if (this.persistence === 'disk') {
      this.writeToDisk(name, value);
    } else {
      // An older disk copy must not come back on the next run.
      this.store.delete(storeKey(name));
    }
    registerSecret(value);
    this.values.set(name, value);
    this.unreadable.delete(name);
    this.logger.info('vault: secret stored', { name, persistence: this.persistence });
  }

  getSecret(name: SecretName): string | undefined {
    const cached = this.values.get(name);
    if (cached !== undefined) return cached;
    if (!this.cipherUsable || this.unreadable.has(name)) return undefined;
    const stored = this.store.get(storeKey(name));
    if (!isStoredSecret(stored)) return undefined;
    try {
      const plain = this.cipher.decrypt(Buffer.from(stored.data, 'base64').toString('utf8'));
      // Masked in every log line from now on, whatever it hides behind.
      registerSecret(plain);
      this.values.set(name, plain);
      return plain;
    } catch {
      // Kept on disk: a denied keychain prompt must not destroy the secret.
      this.unreadable.add(name);
      this.logger.warn('vault: could not decrypt a secret', {
        name,
        storedWith: stored.kind,
        cipher: this.cipher.kind,
      });
      return undefined;
    }
  }

  hasSecret(name: SecretName): boolean {
    return this.getSecret(name) !== undefined;
  }

  deleteSecret(name: SecretName): void {
    this.values.delete(name);
    this.unreadable.delete(name);
    this.store.delete(storeKey(name));
  }

  /**
   * The employee's answer to "store secrets with the weak basic_text backend?".
   * Remembered; moves the secrets to disk (accepted) or back into memory (refused).
   */
  acceptWeakStorage(accept: boolean): void {
    const before = this.persistence;
    if (!accept) {
      // Read what is on disk before refusing, so nothing is lost this run.
      for (const name of SECRET_NAMES) this.getSecret(name);
    }
    this.store.set(WEAK_ACCEPTED_KEY, accept);
    const after = this.persistence;
    if (before === after) return;
    for (const [name, value] of this.values) {
      if (after === 'disk') this.writeToDisk(name, value);
      else this.store.delete(storeKey(name));
    }
    this.logger.info('vault: persistence changed', { persistence: after });
  }

  private writeToDisk(name: SecretName, value: string): void {
    let cipherText: string;
    try {
      cipherText = this.cipher.encrypt(value);
    } catch {
      throw new AppError('secretStorageUnavailable', 'Could not encrypt the secret', {
        field: name,
      });
    }
    const entry: StoredSecret = {
      kind: this.cipher.kind,
      data: Buffer.from(cipherText, 'utf8').toString('base64'),
    };
    this.store.set(storeKey(name), entry);
  }
}

function isPersistedToken(value: unknown): value is PersistedToken {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.token === 'string' &&
    v.token.length > 0 &&
    typeof v.expiresAt === 'number' &&
    Number.isFinite(v.expiresAt)
  );
}

/** The DingTalk client's token cache, kept encrypted in the vault as 'appToken'. */
export function vaultTokenStore(vault: Vault): TokenStore {
  return {
    load() {
      const raw = vault.getSecret('appToken');
      if (raw === undefined) return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = undefined;
      }
      if (isPersistedToken(parsed)) return { token: parsed.token, expiresAt: parsed.expiresAt };
      vault.deleteSecret('appToken');
      return undefined;
    },
    save(token) {
      vault.setSecret(
        'appToken',
        JSON.stringify({ token: token.token, expiresAt: token.expiresAt }),
      );
    },
    clear() {
      vault.deleteSecret('appToken');
    },
  };
}
