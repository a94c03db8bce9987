/**
 * Secrets at rest: the AppSecret, the robot's signing secret, the cached app
 * token and the user's refresh token. Only cipher output (base64) reaches the
 * Store. When the cipher is unavailable, or is Linux's weak basic_text backend
 * and the employee has not accepted it, secrets live in memory for this run
 * only, so a weak or missing keychain never silently writes a secret to disk.
 *
 * The cipher is asynchronous (Electron's safeStorage *Async API): everything on
 * disk is decrypted once at start (`load`) and kept in memory, so reads stay
 * synchronous; writes are encrypted in the background (`setSecret` returns
 * when the cipher text is stored).
 */
import type { SecretStorageInfo, UnreadableSecrets } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Cipher, Logger, Store } from '../ports';
import { silentLogger } from '../ports';
import { registerSecret } from '../redact';
import {
  decodeEntry,
  encodeEntry,
  type Entry,
  type SecretBinding,
  sameBinding,
} from './vault-entry';

export type { SecretBinding } from './vault-entry';
export { vaultTokenStore } from './vault-token-store';

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
  /**
   * Every secret this run, decrypted once at start (load) or set since: reads never touch
   * the keychain, so they stay synchronous while the cipher is asynchronous.
   */
  private readonly values = new Map<SecretName, Entry>();
  /**
   * Bumped by every set and delete: an encryption that finishes after the secret changed
   * again must not write the older value over the newer one (or bring back a deleted one).
   */
  private readonly generation = new Map<SecretName, number>();
  private readonly writes = new Set<Promise<void>>();
  private loading: Promise<void> | null = null;
  /**
   * Stored secrets not read this run, kept on disk untouched: 'locked' (the keychain was
   * unavailable at start, read when it is: retry), 'failed' (it refused, another key, or
   * damaged). Until the employee replaces one, nothing here overwrites or deletes it.
   */
  private readonly unreadable = new Map<SecretName, 'locked' | 'failed'>();
  /** Whose value in memory has its cipher text on disk (read from it, or written since). */
  private readonly durable = new Set<SecretName>();
  /** Set while nothing could be written: written once the storage can be (retry). */
  private readonly unsaved = new Set<SecretName>();
  private retrying: Promise<boolean> | null = null;

  constructor(options: VaultOptions) {
    this.store = options.store;
    this.cipher = options.cipher;
    this.logger = options.logger ?? silentLogger;
  }

  get weakStorageAccepted(): boolean {
    return this.store.get<boolean>(WEAK_ACCEPTED_KEY) === true;
  }

  /** As last probed (at load, and before each write). */
  private get cipherUsable(): boolean {
    return this.cipher.kind !== 'unavailable';
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
      ...(this.unreadable.size > 0 ? { unreadable: this.unreadableInfo() } : {}),
    };
  }

  private unreadableInfo(): UnreadableSecrets {
    const names = SECRET_NAMES.filter((name) => this.unreadable.has(name));
    const locked = names.some((name) => this.unreadable.get(name) === 'locked');
    return { names, reason: locked ? 'locked' : 'failed' };
  }

  /**
   * Whether `name`'s value is durable: its cipher text is on disk (false while the write is
   * under way, in memory mode, and after a failed write).
   */
  isDurable(name: SecretName): boolean {
    return this.durable.has(name);
  }

  /**
   * Decrypts every stored secret once, into memory (call at start; later calls share the
   * first). A secret set or deleted meanwhile is newer than its disk copy and is kept. An
   * entry the cipher says was made with a rotated key is encrypted again at once.
   */
  load(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  private async loadAll(): Promise<void> {
    await this.probe();
    if (!this.cipherUsable) {
      // Read once the keychain answers (retry); meanwhile the disk copies stay as they are.
      for (const name of SECRET_NAMES) {
        if (isStoredSecret(this.store.get(storeKey(name)))) this.unreadable.set(name, 'locked');
      }
      if (this.unreadable.size > 0) {
        this.logger.warn('vault: secret storage unavailable, stored secrets not read yet', {
          names: [...this.unreadable.keys()],
        });
      }
      return;
    }
    await Promise.all(SECRET_NAMES.map((name) => this.loadOne(name)));
  }

  /**
   * Reads again what could not be read at start: 'locked' secrets once a probe finds the
   * keychain available (a Linux keyring unlocked late), and with `failed` the ones it
   * refused too (the employee's "try again": a refused keychain prompt is not asked again
   * unasked). A value set this run while nothing could be written is written then. True when
   * a stored secret was read: the caller starts again as at launch. Cheap when nothing waits.
   */
  async retry(options: { failed?: boolean } = {}): Promise<boolean> {
    await this.load();
    const wanted = (name: SecretName) => {
      const why = this.unreadable.get(name);
      return why === 'locked' || (why === 'failed' && options.failed === true);
    };
    const waiting = () =>
      SECRET_NAMES.some(wanted) || (this.unsaved.size > 0 && !this.cipherUsable);
    // One at a time: a second caller waits, then sees what the first left.
    while (this.retrying) await this.retrying.catch(() => false);
    if (!waiting()) return false;
    this.retrying = this.retryNow(SECRET_NAMES.filter(wanted)).finally(() => {
      this.retrying = null;
    });
    return this.retrying;
  }

  private async retryNow(names: SecretName[]): Promise<boolean> {
    await this.probe();
    if (!this.cipherUsable) return false;
    const read = await Promise.all(names.map((name) => this.loadOne(name)));
    const writes: Promise<void>[] = [];
    if (this.persistence === 'disk') {
      for (const name of [...this.unsaved]) {
        const entry = this.values.get(name);
        if (entry) writes.push(this.track(this.write(name, entry, this.bump(name))));
      }
    }
    // Durable before the caller looks (a plain robot token leaves the settings only then).
    await Promise.allSettled(writes);
    const count = read.filter(Boolean).length;
    this.logger.info('vault: stored secrets read again', { read: count, of: names.length });
    return count > 0;
  }

  private async probe(): Promise<void> {
    try {
      await this.cipher.probe();
    } catch (error) {
      this.logger.warn('vault: secret storage probe failed', { error });
    }
  }

  /** True when the stored secret was read into memory. */
  private async loadOne(name: SecretName): Promise<boolean> {
    const stored = this.store.get(storeKey(name));
    if (!isStoredSecret(stored) || this.generation.has(name)) return false;
    let entry: Entry | undefined;
    let shouldReEncrypt = false;
    try {
      const opened = await this.cipher.decrypt(Buffer.from(stored.data, 'base64').toString('utf8'));
      const decoded = decodeEntry(name, opened.plain);
      entry = decoded?.entry;
      // An older format is written again with its name, so a copy of it goes nowhere else.
      shouldReEncrypt = opened.shouldReEncrypt || decoded?.older === true;
    } catch {
      entry = undefined;
    }
    // Set or deleted while the keychain answered: that value is the newer one.
    if (this.generation.has(name)) return false;
    if (entry === undefined) {
      // Kept on disk and said in the snapshot (storageInfo): a denied keychain prompt, or a
      // key that changed, must not destroy it, nor pass silently for "nothing stored".
      this.unreadable.set(name, 'failed');
      this.logger.warn('vault: could not decrypt a secret', {
        name,
        storedWith: stored.kind,
        cipher: this.cipher.kind,
      });
      return false;
    }
    // Masked in every log line from now on, whatever it hides behind.
    registerSecret(entry.value);
    this.values.set(name, entry);
    this.unreadable.delete(name);
    this.durable.add(name);
    if (shouldReEncrypt && this.persistence === 'disk') {
      this.logger.info('vault: secret encrypted again (a rotated key or an older format)', {
        name,
      });
      this.track(this.write(name, entry, this.bump(name)));
    }
    return true;
  }

  /**
   * Stores `value`; with `boundTo`, getSecret hands it out only for that same binding
   * (see SecretBinding). Readable at once; the promise settles when the cipher text is on
   * disk (or at once in memory mode). If encryption fails it rejects with
   * secretStorageUnavailable and the value stays in memory for this run only.
   */
  setSecret(name: SecretName, value: string, boundTo?: SecretBinding): Promise<void> {
    if (!isSecretName(name)) {
      throw new AppError('invalidInput', 'Unknown secret name', { field: String(name) });
    }
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SECRET_LENGTH) {
      throw new AppError('invalidInput', 'A secret must be a non-empty string', { field: name });
    }
    const entry: Entry = { value, boundTo: boundTo ? { ...boundTo } : null };
    const generation = this.bump(name);
    registerSecret(value);
    this.values.set(name, entry);
    this.durable.delete(name);
    // Entered again (the notice said it replaces the stored copy nobody could read).
    const replacedUnreadable = this.unreadable.delete(name);
    this.logger.info('vault: secret stored', {
      name,
      persistence: this.persistence,
      bound: entry.boundTo !== null,
      ...(replacedUnreadable ? { replacedUnreadable } : {}),
    });
    if (this.persistence !== 'disk') {
      // An older disk copy must not come back on the next run.
      this.store.delete(storeKey(name));
      this.unsaved.add(name);
      return Promise.resolve();
    }
    return this.track(this.write(name, entry, generation));
  }

  /**
   * The secret, if it is bound to exactly `boundTo` (or is unbound and asked for without a
   * binding): a secret bound to some hosts never comes out for others, nor for a caller
   * that does not say where it is going.
   */
  getSecret(name: SecretName, boundTo?: SecretBinding): string | undefined {
    const entry = this.values.get(name);
    if (entry === undefined || !sameBinding(entry.boundTo, boundTo ?? null)) return undefined;
    return entry.value;
  }

  /** What the stored secret is bound to: undefined when there is none, null when unbound. */
  bindingOf(name: SecretName): SecretBinding | null | undefined {
    return this.values.get(name)?.boundTo;
  }

  /** Whether a value is held, whatever it is bound to. */
  hasSecret(name: SecretName): boolean {
    return this.values.has(name);
  }

  deleteSecret(name: SecretName): void {
    this.bump(name);
    this.values.delete(name);
    this.unreadable.delete(name);
    this.durable.delete(name);
    this.unsaved.delete(name);
    this.store.delete(storeKey(name));
  }

  /** Settles when every write started so far has (the CLI and tests wait before leaving). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.writes]);
  }

  /**
   * The employee's answer to "store secrets with the weak basic_text backend?".
   * Remembered; moves the secrets to disk (accepted) or back into memory (refused).
   */
  async acceptWeakStorage(accept: boolean): Promise<void> {
    // What is on disk is read before refusing, so nothing is lost this run.
    await this.load();
    const before = this.persistence;
    this.store.set(WEAK_ACCEPTED_KEY, accept);
    const after = this.persistence;
    if (before === after) return;
    const moves: Promise<void>[] = [];
    for (const [name, entry] of this.values) {
      if (after === 'disk') moves.push(this.track(this.write(name, entry, this.bump(name))));
      else {
        this.store.delete(storeKey(name));
        this.durable.delete(name);
        this.unsaved.add(name);
      }
    }
    this.logger.info('vault: persistence changed', { persistence: after });
    await Promise.all(moves);
  }

  private bump(name: SecretName): number {
    const next = (this.generation.get(name) ?? 0) + 1;
    this.generation.set(name, next);
    return next;
  }

  /** Tracked for flush; marked handled, so a caller that does not wait leaves no rejection. */
  private track(write: Promise<void>): Promise<void> {
    this.writes.add(write);
    write.then(
      () => this.writes.delete(write),
      () => this.writes.delete(write),
    );
    return write;
  }

  private async write(name: SecretName, entry: Entry, generation: number): Promise<void> {
    let cipherText: string;
    try {
      // Probed again: the keychain may have gone (or come) since the start.
      await this.probe();
      cipherText = await this.cipher.encrypt(encodeEntry(name, entry));
    } catch {
      this.logger.warn('vault: could not encrypt a secret, kept in memory for this run', {
        name,
      });
      throw new AppError('secretStorageUnavailable', 'Could not encrypt the secret', {
        field: name,
      });
    }
    // Changed (or deleted) while encrypting, or weak storage refused meanwhile: not written.
    if (this.generation.get(name) !== generation || this.persistence !== 'disk') return;
    const stored: StoredSecret = {
      kind: this.cipher.kind,
      data: Buffer.from(cipherText, 'utf8').toString('base64'),
    };
    this.store.set(storeKey(name), stored);
    this.durable.add(name);
    this.unsaved.delete(name);
  }
}
