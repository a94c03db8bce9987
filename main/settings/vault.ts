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

/**
 * Where a secret may go: the hosts it was provisioned for (the AppSecret, the app token). Kept
 * inside the cipher text with the value, so editing a plain settings or state file cannot move
 * a secret to another host: a bound secret comes out only for exactly the same binding.
 */
export type SecretBinding = Readonly<Record<string, string>>;

/** A value and what it is bound to (null: goes anywhere it is asked for, the older format). */
interface Entry {
  value: string;
  boundTo: SecretBinding | null;
}

/**
 * An entry's plain text inside the cipher text names its secret, so a cipher text copied
 * under another name in the (plain) store file is refused there: the AppSecret must not come
 * out as, say, the company server's refresh token and go to a server an edited state file
 * names. Written before this: bound entries without a name (only ever handed out for their
 * binding) and bare values (unbound; rewritten in this form when read).
 */
const NAMED_PREFIX = 'daka-secret:2:';
const BOUND_PREFIX = 'daka-bound:1:';

function sameBinding(a: SecretBinding | null, b: SecretBinding | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function encodeEntry(name: SecretName, entry: Entry): string {
  return `${NAMED_PREFIX}${JSON.stringify({ name, value: entry.value, boundTo: entry.boundTo })}`;
}

function isBinding(value: unknown): value is SecretBinding {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function parsedEntry(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The entry stored as `name`; undefined when it is damaged or names another secret (it then
 * counts as unreadable, never as unbound). `older`: in a format from before, to rewrite.
 */
function decodeEntry(
  name: SecretName,
  plain: string,
): { entry: Entry; older: boolean } | undefined {
  if (plain.startsWith(NAMED_PREFIX)) {
    const parsed = parsedEntry(plain.slice(NAMED_PREFIX.length));
    if (parsed === undefined || parsed.name !== name) return undefined;
    const { value, boundTo } = parsed;
    if (typeof value !== 'string' || value.length === 0) return undefined;
    if (boundTo !== null && !isBinding(boundTo)) return undefined;
    return { entry: { value, boundTo: boundTo === null ? null : { ...boundTo } }, older: false };
  }
  if (!plain.startsWith(BOUND_PREFIX))
    return { entry: { value: plain, boundTo: null }, older: true };
  const parsed = parsedEntry(plain.slice(BOUND_PREFIX.length));
  if (parsed === undefined) return undefined;
  const { value, boundTo } = parsed;
  if (typeof value !== 'string' || value.length === 0 || !isBinding(boundTo)) return undefined;
  return { entry: { value, boundTo: { ...boundTo } }, older: true };
}

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
    };
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
    if (!this.cipherUsable) return;
    await Promise.all(SECRET_NAMES.map((name) => this.loadOne(name)));
  }

  private async probe(): Promise<void> {
    try {
      await this.cipher.probe();
    } catch (error) {
      this.logger.warn('vault: secret storage probe failed', { error });
    }
  }

  private async loadOne(name: SecretName): Promise<void> {
    const stored = this.store.get(storeKey(name));
    if (!isStoredSecret(stored) || this.generation.has(name)) return;
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
    if (this.generation.has(name)) return;
    if (entry === undefined) {
      // Kept on disk, not retried this run: a denied keychain prompt must not destroy it.
      this.logger.warn('vault: could not decrypt a secret', {
        name,
        storedWith: stored.kind,
        cipher: this.cipher.kind,
      });
      return;
    }
    // Masked in every log line from now on, whatever it hides behind.
    registerSecret(entry.value);
    this.values.set(name, entry);
    if (shouldReEncrypt && this.persistence === 'disk') {
      this.logger.info('vault: secret encrypted again (a rotated key or an older format)', {
        name,
      });
      this.track(this.write(name, entry, this.bump(name)));
    }
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
    this.logger.info('vault: secret stored', {
      name,
      persistence: this.persistence,
      bound: entry.boundTo !== null,
    });
    if (this.persistence !== 'disk') {
      // An older disk copy must not come back on the next run.
      this.store.delete(storeKey(name));
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
      else this.store.delete(storeKey(name));
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

/**
 * The DingTalk client's token cache, kept encrypted in the vault as 'appToken', bound to
 * the hosts it was issued by (`boundTo`): a token from other hosts is not loaded, so it is
 * never sent anywhere but where it came from.
 */
export function vaultTokenStore(vault: Vault, boundTo?: SecretBinding): TokenStore {
  return {
    load() {
      const raw = vault.getSecret('appToken', boundTo);
      if (raw === undefined) {
        // Issued by other hosts (or damaged): useless here, and not to be sent.
        if (vault.hasSecret('appToken')) vault.deleteSecret('appToken');
        return undefined;
      }
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
      // Best effort (a lost cache costs one fetch); the vault logs a failed write.
      void vault.setSecret(
        'appToken',
        JSON.stringify({ token: token.token, expiresAt: token.expiresAt }),
        boundTo,
      );
    },
    clear() {
      vault.deleteSecret('appToken');
    },
  };
}
