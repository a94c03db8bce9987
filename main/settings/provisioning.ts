/**
 * The administrator's provisioning file: the app's credentials, a few policies
 * and optional endpoints, handed to employees as one JSON file. Parsing is
 * strict (unknown keys are typos, placeholders are mistakes) and every failure
 * is AppError('provisioningInvalid') with `detail.field` = the JSON path, so
 * the UI can translate it. The AppSecret is kept in the vault, the rest in a Store.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Policies } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from '../../shared/time';
import type { Logger, Store } from '../ports';
import { silentLogger } from '../ports';
import { checkServerUrl } from '../company/server-url';
import { TRUSTED_FEED_KEYS } from './update-feed-keys';
import { isSignatureText, verifyFeedSignature } from './update-feed';
import type { SecretBinding, Vault } from './vault';

export interface Provisioning {
  appKey: string;
  appSecret: string;
  corpId: string | null;
  agentId: string | null;
  /** Admin user id for schedule reads when the employee's own id is not accepted as operator. */
  operatorUserId: string | null;
  policies: Policies;
  /** IANA zone of the organisation. */
  timeZone: string;
  oapiBase: string;
  apiBase: string;
  loginBase: string;
  /** The update feed, only with a signature this build verifies (./update-feed.ts). */
  updateUrl: string | null;
  /** base64 Ed25519 signature of `updateUrl`; kept so the updater checks it again. */
  updateUrlSignature?: string | null;
}

export type PublicProvisioning = Omit<Provisioning, 'appSecret'>;

/**
 * The DingTalk hosts a configuration talks to. The AppSecret (and the app token issued with
 * it) is bound to the hosts it was provisioned for and is sent nowhere else (issue #12 item 2).
 */
export type DingTalkHosts = Pick<Provisioning, 'oapiBase' | 'apiBase' | 'loginBase'>;

export function hostsOf(p: DingTalkHosts): DingTalkHosts {
  return { oapiBase: p.oapiBase, apiBase: p.apiBase, loginBase: p.loginBase };
}

export function sameHosts(a: DingTalkHosts, b: DingTalkHosts): boolean {
  return a.oapiBase === b.oapiBase && a.apiBase === b.apiBase && a.loginBase === b.loginBase;
}

const hostsBinding = (hosts: DingTalkHosts): SecretBinding => hostsOf(hosts);

export const DEFAULT_POLICIES: Readonly<Policies> = {
  punchingEnabled: true,
  mobileLookupAllowed: false,
  manualUserIdAllowed: false,
  maxOfflineMinutes: 15,
};

export const DEFAULT_ENDPOINTS = {
  oapiBase: 'https://oapi.dingtalk.com',
  apiBase: 'https://api.dingtalk.com',
  loginBase: 'https://login.dingtalk.com',
} as const;

const TOP_LEVEL_KEYS = [
  'version',
  'appKey',
  'appSecret',
  'corpId',
  'agentId',
  'operatorUserId',
  'policies',
  'timeZone',
  'oapiBase',
  'apiBase',
  'loginBase',
  'updateUrl',
  'updateUrlSignature',
] as const;

const PUBLIC_KEYS = TOP_LEVEL_KEYS.filter((key) => key !== 'appSecret');

const POLICY_KEYS = Object.keys(DEFAULT_POLICIES) as (keyof Policies)[];

type JsonObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, message: string): never {
  throw new AppError('provisioningInvalid', message, { field });
}

/** A provisioning file is a few hundred bytes; anything past this is not one (and is not read). */
export const MAX_PROVISIONING_BYTES = 64 * 1024;

/** A key named in an error, cut short: a hostile file's 5 MB key must not come back in the message. */
function keyName(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

/**
 * Reads a provisioning file for the picker and the CLI: at most MAX_PROVISIONING_BYTES
 * (one more byte is read to tell a file that is too big, whatever its size says meanwhile).
 */
export function readProvisioningFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    fail('(file)', 'Cannot read the provisioning file');
  }
  try {
    const buffer = Buffer.alloc(MAX_PROVISIONING_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_PROVISIONING_BYTES) tooBig();
    }
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof AppError) throw error;
    fail('(file)', 'Cannot read the provisioning file');
  } finally {
    closeSync(fd);
  }
}

function tooBig(): never {
  fail('(file)', `The provisioning file is larger than ${MAX_PROVISIONING_BYTES / 1024} KB`);
}

/** What administrators paste from templates instead of the real value. */
const PLACEHOLDERS: RegExp[] = [
  /^<.*>$/,
  /^\[.*\]$/,
  /^\{\{.*\}\}$/,
  /^\$\{.*\}$/,
  /^\$[A-Z_][A-Z0-9_]*$/,
  /^%.+%$/,
  /^([x*.#?_0-]|\s)+$/i,
  /^(your|my|enter|insert|paste|put)[\s_-]?(own[\s_-]?)?(app[\s_-]?)?(secret|key)/i,
  /(your|real)[\s_-]?(app[\s_-]?)?(secret|key)/i,
  /(changeme|change[\s_-]me|replace[\s_-]?me|placeholder|example|redacted|dummy)/i,
  /^(app[\s_-]?)?(secret|key|password)$/i,
  /^(todo|tbd|fixme|test|demo|none|null|undefined|empty|secret|xxx+)$/i,
];

function looksLikePlaceholder(value: string): boolean {
  return PLACEHOLDERS.some((re) => re.test(value));
}

/** A credential: one token without spaces, not a template placeholder. */
function credential(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') fail(field, `"${field}" must be a string`);
  const text = value.trim();
  if (text.length === 0) fail(field, `"${field}" is empty`);
  if (text.length > max) fail(field, `"${field}" is longer than ${max} characters`);
  if (/\s/.test(text)) fail(field, `"${field}" must not contain spaces`);
  if (looksLikePlaceholder(text)) {
    fail(field, `"${field}" looks like a placeholder, not the real value`);
  }
  return text;
}

function optionalId(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value !== 'string') fail(field, `"${field}" must be a string`);
  const text = value.trim();
  if (text.length === 0 || text.length > 64 || /\s/.test(text)) {
    fail(field, `"${field}" must be 1 to 64 characters without spaces`);
  }
  return text;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An endpoint: https, or http on the loopback only (the simulator, tests). */
function endpoint(value: unknown, field: string, allowLoopbackHttp: boolean): URL {
  if (typeof value !== 'string') fail(field, `"${field}" must be a URL string`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    fail(field, `"${field}" is not a URL`);
  }
  const loopbackHttp =
    allowLoopbackHttp && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    fail(
      field,
      allowLoopbackHttp
        ? `"${field}" must use https (http only for 127.0.0.1 or localhost)`
        : `"${field}" must use https`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    fail(field, `"${field}" must not contain a user name or password`);
  }
  return url;
}

/** Without a trailing slash, so callers can append "/gettoken". */
function baseUrl(value: unknown, field: string): string {
  const url = endpoint(value, field, true);
  if (url.search !== '' || url.hash !== '') {
    fail(field, `"${field}" must not have a query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

function timeZone(value: unknown, field: string): string {
  if (typeof value !== 'string' || !isValidTimeZone(value.trim()) || value.trim() === '') {
    fail(field, `"${field}" must be an IANA time zone such as Asia/Shanghai`);
  }
  return value.trim();
}

function flag(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(field, `"${field}" must be true or false`);
  return value;
}

function policies(value: unknown): Policies {
  if (value === undefined || value === null) return { ...DEFAULT_POLICIES };
  if (!isPlainObject(value)) fail('policies', '"policies" must be an object');
  for (const key of Object.keys(value)) {
    if (!(POLICY_KEYS as string[]).includes(key)) {
      fail(`policies.${keyName(key)}`, `Unknown key "policies.${keyName(key)}"`);
    }
  }
  const minutes = value.maxOfflineMinutes ?? DEFAULT_POLICIES.maxOfflineMinutes;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
    fail(
      'policies.maxOfflineMinutes',
      '"policies.maxOfflineMinutes" must be a whole number 1-1440',
    );
  }
  return {
    punchingEnabled: flag(
      value.punchingEnabled,
      'policies.punchingEnabled',
      DEFAULT_POLICIES.punchingEnabled,
    ),
    mobileLookupAllowed: flag(
      value.mobileLookupAllowed,
      'policies.mobileLookupAllowed',
      DEFAULT_POLICIES.mobileLookupAllowed,
    ),
    manualUserIdAllowed: flag(
      value.manualUserIdAllowed,
      'policies.manualUserIdAllowed',
      DEFAULT_POLICIES.manualUserIdAllowed,
    ),
    maxOfflineMinutes: minutes,
  };
}

const present = (value: unknown) => value !== undefined && value !== null;

function checkKeys(value: unknown, allowed: readonly string[]): JsonObject {
  if (!isPlainObject(value)) fail('(file)', 'The provisioning file must hold a JSON object');
  // Unknown keys first: "appSecert" should be reported as a typo, not as a missing appSecret.
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(keyName(key), `Unknown key "${keyName(key)}"`);
  }
  if (present(value.version) && value.version !== 1) {
    fail('version', 'Only "version": 1 or 2 is supported');
  }
  return value;
}

/**
 * The update feed a file names: https, and signed with a key this build trusts; anything
 * else is refused, since an update is code the app will run. (Before this check any https
 * URL became the feed.) Returns the URL as it was signed.
 */
function updateFeed(value: JsonObject): { updateUrl: string | null; updateUrlSignature?: string } {
  if (!present(value.updateUrl)) {
    if (present(value.updateUrlSignature)) {
      fail('updateUrlSignature', '"updateUrlSignature" without "updateUrl"');
    }
    return { updateUrl: null };
  }
  const url = endpoint(value.updateUrl, 'updateUrl', false).href;
  const signature = value.updateUrlSignature;
  if (!present(signature)) {
    fail(
      'updateUrlSignature',
      '"updateUrl" must be signed ("updateUrlSignature"); without it the build\'s own feed is used',
    );
  }
  if (typeof signature !== 'string' || !isSignatureText(signature)) {
    fail('updateUrlSignature', '"updateUrlSignature" must be a base64 Ed25519 signature');
  }
  if (!verifyFeedSignature(url, signature, TRUSTED_FEED_KEYS)) {
    fail('updateUrlSignature', '"updateUrlSignature" does not verify with a key this build trusts');
  }
  return { updateUrl: url, updateUrlSignature: signature };
}

/** Everything but the AppSecret (the part kept outside the vault). */
function validatePublic(value: JsonObject): PublicProvisioning {
  if (!present(value.appKey)) fail('appKey', '"appKey" is missing');
  return {
    appKey: credential(value.appKey, 'appKey', 128),
    corpId: optionalId(value.corpId, 'corpId'),
    agentId: optionalId(value.agentId, 'agentId'),
    operatorUserId: optionalId(value.operatorUserId, 'operatorUserId'),
    policies: policies(value.policies),
    timeZone: present(value.timeZone) ? timeZone(value.timeZone, 'timeZone') : DEFAULT_TIME_ZONE,
    oapiBase: present(value.oapiBase)
      ? baseUrl(value.oapiBase, 'oapiBase')
      : DEFAULT_ENDPOINTS.oapiBase,
    apiBase: present(value.apiBase) ? baseUrl(value.apiBase, 'apiBase') : DEFAULT_ENDPOINTS.apiBase,
    loginBase: present(value.loginBase)
      ? baseUrl(value.loginBase, 'loginBase')
      : DEFAULT_ENDPOINTS.loginBase,
    ...updateFeed(value),
  };
}

/** Validates an already-parsed provisioning object (the file, or what the UI typed). */
export function validateProvisioning(value: unknown): Provisioning {
  const object = checkKeys(value, TOP_LEVEL_KEYS);
  if (!present(object.appKey)) fail('appKey', '"appKey" is missing');
  if (!present(object.appSecret)) fail('appSecret', '"appSecret" is missing');
  const appSecret = credential(object.appSecret, 'appSecret', 256);
  return { ...validatePublic(object), appSecret };
}

function parseJson(text: string): unknown {
  // Dropped or pasted text too: a byte count without encoding it all.
  if (
    text.length > MAX_PROVISIONING_BYTES ||
    Buffer.byteLength(text, 'utf8') > MAX_PROVISIONING_BYTES
  ) {
    tooBig();
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    fail('(file)', 'The provisioning file is not valid JSON');
  }
}

/** Parses the text of a version 1 (direct mode) provisioning file. */
export function parseProvisioning(text: string): Provisioning {
  return validateProvisioning(parseJson(text));
}

/**
 * Version 2: company server mode. The file names the server and holds no secret
 * (the server keeps the DingTalk app's secret; the desktop signs in through it).
 */
export interface ServerProvisioning {
  server: string;
  /** The organisation's zone before the server says it (/v1/me wins once signed in). */
  timeZone: string | null;
}

const SERVER_KEYS = ['version', 'server', 'timeZone'] as const;

export function validateServerProvisioning(value: unknown): ServerProvisioning {
  if (!isPlainObject(value)) fail('(file)', 'The provisioning file must hold a JSON object');
  for (const key of Object.keys(value)) {
    if (!(SERVER_KEYS as readonly string[]).includes(key)) {
      // A secret in a v2 file is a mistake worth naming: it must not be handed out at all.
      fail(
        keyName(key),
        key === 'appSecret'
          ? 'A "version": 2 file must not contain the appSecret (the server keeps it)'
          : `Unknown key "${keyName(key)}"`,
      );
    }
  }
  if (value.version !== 2) fail('version', '"version" must be 2');
  if (typeof value.server !== 'string') fail('server', '"server" must be the server\'s URL');
  const checked = checkServerUrl(value.server);
  if ('problem' in checked) fail('server', checked.problem);
  return {
    server: checked.url,
    timeZone: present(value.timeZone) ? timeZone(value.timeZone, 'timeZone') : null,
  };
}

export type ProvisioningFile =
  { version: 1; provisioning: Provisioning } | { version: 2; server: ServerProvisioning };

/** Parses either version of the file (by its "version"; missing means 1). */
export function parseProvisioningFile(text: string): ProvisioningFile {
  const value = parseJson(text);
  if (isPlainObject(value) && value.version === 2) {
    return { version: 2, server: validateServerProvisioning(value) };
  }
  return { version: 1, provisioning: validateProvisioning(value) };
}

/** What the CLI reads from the environment (each value validated like the file's). */
export interface EnvConfig {
  appKey?: string;
  appSecret?: string;
  /**
   * The hosts `appSecret` came with (the CLI's remembered provisioning file). Without it an
   * overriding secret goes only to the hosts the overrides name, else to DingTalk's own.
   */
  appSecretHosts?: DingTalkHosts;
  oapiBase?: string;
  apiBase?: string;
  timeZone?: string;
  userId?: string;
}

/**
 * DAKA_APP_KEY, DAKA_APP_SECRET, DAKA_OAPI_BASE, DAKA_API_BASE, DAKA_TZ,
 * DAKA_USER_ID → a partial config. Errors name the variable in `detail.field`.
 */
export function fromEnv(env: Record<string, string | undefined>): EnvConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const out: EnvConfig = {};
  const appKey = read('DAKA_APP_KEY');
  if (appKey !== undefined) out.appKey = credential(appKey, 'DAKA_APP_KEY', 128);
  const appSecret = read('DAKA_APP_SECRET');
  if (appSecret !== undefined) out.appSecret = credential(appSecret, 'DAKA_APP_SECRET', 256);
  const oapiBase = read('DAKA_OAPI_BASE');
  if (oapiBase !== undefined) out.oapiBase = baseUrl(oapiBase, 'DAKA_OAPI_BASE');
  const apiBase = read('DAKA_API_BASE');
  if (apiBase !== undefined) out.apiBase = baseUrl(apiBase, 'DAKA_API_BASE');
  const tz = read('DAKA_TZ');
  if (tz !== undefined) out.timeZone = timeZone(tz, 'DAKA_TZ');
  const userId = read('DAKA_USER_ID');
  if (userId !== undefined) out.userId = optionalId(userId, 'DAKA_USER_ID') ?? undefined;
  return out;
}

/**
 * A stored feed that no longer verifies (saved before feeds were signed, or edited into
 * state.json) is dropped with a warning, not the whole configuration: the build's own feed
 * applies and the employee keeps working.
 */
function unsignedFeedDropped(stored: unknown, logger: Logger): unknown {
  if (!isPlainObject(stored) || !present(stored.updateUrl)) return stored;
  try {
    updateFeed(stored);
    return stored;
  } catch {
    logger.warn('provisioning: the stored update feed is not signed for this build, ignoring it');
    const rest = { ...stored };
    delete rest.updateUrl;
    delete rest.updateUrlSignature;
    return rest;
  }
}

/** The AppSecret for a configuration, or why there is none to send. */
export interface SecretChoice {
  /** Where the configuration talks to: the overrides', else the stored, else DingTalk's. */
  hosts: DingTalkHosts;
  appSecret: string | undefined;
  /** A secret is held but for other hosts: it is required again (and not sent). */
  problem: 'hostsChanged' | null;
}

/**
 * Which secret may be sent to the effective hosts. An overriding secret (the CLI's
 * environment or remembered file) goes to the hosts it came with; the vault's only to the
 * hosts it was stored for. Anything else (a state file edited to point elsewhere, a host
 * override with the stored secret) is `hostsChanged`.
 */
export function chooseSecret(
  overrides: EnvConfig,
  stored: PublicProvisioning | null,
  secretFor: (hosts: DingTalkHosts) => { secret: string | undefined; held: boolean },
): SecretChoice {
  const hosts: DingTalkHosts = {
    oapiBase: overrides.oapiBase ?? stored?.oapiBase ?? DEFAULT_ENDPOINTS.oapiBase,
    apiBase: overrides.apiBase ?? stored?.apiBase ?? DEFAULT_ENDPOINTS.apiBase,
    loginBase: stored?.loginBase ?? DEFAULT_ENDPOINTS.loginBase,
  };
  if (overrides.appSecret !== undefined) {
    const bound = overrides.appSecretHosts ?? {
      oapiBase: overrides.oapiBase ?? DEFAULT_ENDPOINTS.oapiBase,
      apiBase: overrides.apiBase ?? DEFAULT_ENDPOINTS.apiBase,
      loginBase: hosts.loginBase,
    };
    return sameHosts(hosts, bound)
      ? { hosts, appSecret: overrides.appSecret, problem: null }
      : { hosts, appSecret: undefined, problem: 'hostsChanged' };
  }
  if (stored === null) return { hosts, appSecret: undefined, problem: null };
  const { secret, held } = secretFor(hosts);
  return {
    hosts,
    appSecret: secret,
    problem: secret === undefined && held ? 'hostsChanged' : null,
  };
}

const PROVISIONING_KEY = 'provisioning';
const SERVER_KEY = 'serverProvisioning';

export interface ProvisioningStoreOptions {
  store: Store;
  vault: Vault;
  logger?: Logger;
}

/** Keeps the non-secret part in a Store and the AppSecret in the vault. */
export class ProvisioningStore {
  private readonly store: Store;
  private readonly vault: Vault;
  private readonly logger: Logger;

  constructor(options: ProvisioningStoreOptions) {
    this.store = options.store;
    this.vault = options.vault;
    this.logger = options.logger ?? silentLogger;
  }

  /** The non-secret part, even when the secret is gone (memory-only vault after a restart). */
  loadPublic(): PublicProvisioning | null {
    const stored = this.store.get(PROVISIONING_KEY);
    if (stored === undefined) return null;
    try {
      return validatePublic(checkKeys(unsignedFeedDropped(stored, this.logger), PUBLIC_KEYS));
    } catch (error) {
      this.logger.warn('provisioning: stored configuration is invalid, ignoring it', {
        field: error instanceof AppError ? error.detail.field : undefined,
      });
      return null;
    }
  }

  /** The full configuration, or null when either part is missing (or the hosts changed). */
  load(): Provisioning | null {
    const rest = this.loadPublic();
    const appSecret = rest === null ? undefined : this.secretFor(rest);
    if (rest === null || appSecret === undefined) return null;
    return { ...rest, appSecret };
  }

  /** The AppSecret if it was provisioned for exactly these hosts, else undefined. */
  secretFor(hosts: DingTalkHosts): string | undefined {
    const binding = this.vault.bindingOf('appSecret');
    if (binding === null) {
      // Stored before secrets were bound to hosts: only DingTalk's own hosts are safe to assume.
      return sameHosts(hosts, DEFAULT_ENDPOINTS) ? this.vault.getSecret('appSecret') : undefined;
    }
    return this.vault.getSecret('appSecret', hostsBinding(hosts));
  }

  /** chooseSecret over this store and its vault. */
  chooseSecret(overrides: EnvConfig = {}): SecretChoice {
    return chooseSecret(overrides, this.loadPublic(), (hosts) => ({
      secret: this.secretFor(hosts),
      held: this.vault.hasSecret('appSecret'),
    }));
  }

  /** Company server mode's configuration (no secret in it), or null in direct mode. */
  loadServer(): ServerProvisioning | null {
    const stored = this.store.get(SERVER_KEY);
    if (stored === undefined) return null;
    try {
      return validateServerProvisioning({ ...(stored as JsonObject), version: 2 });
    } catch {
      this.logger.warn('provisioning: stored server configuration is invalid, ignoring it');
      return null;
    }
  }

  /** Switches to company server mode: the direct app's secret and tokens are forgotten. */
  saveServer(server: ServerProvisioning): void {
    const checked = validateServerProvisioning({ ...server, version: 2 });
    this.clear();
    this.store.set(SERVER_KEY, {
      server: checked.server,
      ...(checked.timeZone ? { timeZone: checked.timeZone } : {}),
    });
    this.logger.info('provisioning: server saved');
  }

  clearServer(): void {
    this.store.delete(SERVER_KEY);
  }

  /**
   * Saves at once (the secret is readable immediately); the promise settles when the
   * secret's cipher text is on disk, and rejects with secretStorageUnavailable if it is not.
   */
  save(provisioning: Provisioning): Promise<void> {
    const { appSecret, ...rest } = validateProvisioning(provisioning);
    // One mode at a time: a direct app replaces a company server.
    this.clearServer();
    const previous = this.loadPublic();
    if (previous !== null && (previous.appKey !== rest.appKey || !sameHosts(previous, rest))) {
      // Tokens were issued to the previous app, or by the previous hosts: not for these.
      this.vault.deleteSecret('appToken');
      this.vault.deleteSecret('userRefreshToken');
    }
    // The receipts robot posts through the oapi host in use (DingTalk's own in server mode or
    // before any file): a webhook token set for that host is not handed to another file's.
    if ((previous?.oapiBase ?? DEFAULT_ENDPOINTS.oapiBase) !== rest.oapiBase) {
      this.vault.deleteSecret('robotToken');
    }
    const stored = this.vault.setSecret('appSecret', appSecret, hostsBinding(rest));
    this.store.set(PROVISIONING_KEY, rest);
    this.logger.info('provisioning: saved', { persistence: this.vault.persistence });
    return stored;
  }

  /** Forgets the credentials and every token issued under them. */
  clear(): void {
    this.store.delete(PROVISIONING_KEY);
    this.vault.deleteSecret('appSecret');
    this.vault.deleteSecret('appToken');
    this.vault.deleteSecret('userRefreshToken');
  }
}
