/**
 * The engine's connection room: how this install reaches DingTalk (direct with
 * a DingTalk app, a company server, or the demo simulator), the provisioning
 * that says so, the effective configuration, policies and time zone, the
 * DingTalk client session and the clock skew it measured (remembered across a
 * restart). Other rooms ask it for the AttendanceConnection.
 */
import type { ConnectionInfo, Policies, Snapshot } from '../../shared/contract';
import { AppError, toErrorPayload } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import { DEFAULT_TIME_ZONE } from '../../shared/time';
import { type AttendanceConnection, directConnection } from '../attendance/connection';
import type { CallMeter } from '../attendance/quota';
import { checkServerUrl } from '../company/server-url';
import { createDingTalkClient, type DingTalkClient } from '../dingtalk/client';
import type { CallEvent, PersistedToken } from '../dingtalk/types';
import type { DemoBackend } from '../identity/identity';
import type { Clock, Fetch, Logger, Store } from '../ports';
import {
  DEFAULT_ENDPOINTS,
  DEFAULT_POLICIES,
  type EnvConfig,
  hostsOf,
  parseProvisioningFile,
  type Provisioning,
  type ProvisioningStore,
} from '../settings/provisioning';
import { type Vault, vaultTokenStore } from '../settings/vault';
import type { ServerRoom } from './server-room';

export interface ConnectionRoomDeps {
  state: Store;
  vault: Vault;
  provisioning: ProvisioningStore;
  server: ServerRoom;
  /** The call meter (built after this room: it asks for the time zone at once). */
  meter: () => CallMeter;
  settings: () => Settings;
  clock: Clock;
  fetch?: Fetch;
  logger: Logger;
  overrides?: EnvConfig;
  demo?: () => Promise<DemoBackend>;
  clientTuning?: { timeoutMs?: number; backoffMs?: number; maxAttempts?: number };
  sleep?: (ms: number) => Promise<void>;
  /** A DingTalk call ended (the engine's online state follows it). */
  onCall: (ok: boolean, errorCode: string | null) => void;
  /** The client was replaced: whatever was built on the old one is stale. */
  onReset: () => void;
  /** Demo mode just started with this simulator. */
  onDemo: (backend: DemoBackend) => void;
  onChanged: () => void;
}

/** A measured clock skew is trusted across a restart this long. */
const SKEW_MEMORY_MS = 60 * 60_000;

export class ConnectionRoom {
  private client: DingTalkClient | null = null;
  private demoBackend: DemoBackend | null = null;

  constructor(private readonly deps: ConnectionRoomDeps) {}

  /** The running demo simulator, if demo mode is on. */
  demo(): DemoBackend | null {
    return this.demoBackend;
  }

  kind(): ConnectionInfo['kind'] {
    if (this.demoBackend) return 'demo';
    if (this.deps.provisioning.loadServer()) return 'server';
    return this.config() ? 'direct' : 'none';
  }

  configured(): boolean {
    return this.kind() !== 'none';
  }

  mode(): Snapshot['mode'] {
    if (this.demoBackend) return 'demo';
    return this.configured() ? 'configured' : 'unconfigured';
  }

  connection(): AttendanceConnection {
    return this.kind() === 'server'
      ? this.deps.server.connection()
      : directConnection(() => this.api());
  }

  info(): ConnectionInfo {
    const kind = this.kind();
    if (kind === 'server') return this.deps.server.info();
    return { kind, server: null, serverInfo: null, events: 'off', signedOutReason: null };
  }

  /** Restores demo mode when it was on. */
  async start(): Promise<void> {
    if (this.deps.state.get('mode') === 'demo' && this.deps.demo) await this.enterDemo();
    if (this.kind() === 'server') this.deps.server.start();
  }

  async stop(): Promise<void> {
    this.deps.server.stop();
    await this.demoBackend?.close();
    this.demoBackend = null;
  }

  // ---- provisioning ----------------------------------------------------------

  setServer(url: string): void {
    const checked = checkServerUrl(url);
    if ('problem' in checked) {
      throw new AppError('invalidInput', checked.problem, { field: 'server' });
    }
    this.useServer(checked.url, null);
  }

  /** Settles when the secret is stored (rejects with secretStorageUnavailable if it is not). */
  async importProvisioning(text: string): Promise<void> {
    const file = parseProvisioningFile(text);
    if (file.version === 2) this.useServer(file.server.server, file.server.timeZone);
    else await this.saveProvisioning(file.provisioning);
  }

  /**
   * Typed credentials as they are (the popup's save checks them first: checkCredentials).
   * `token`: the app token that check got, kept for the calls that follow.
   */
  async setCredentials(appKey: string, appSecret: string, token?: PersistedToken): Promise<void> {
    const previous = this.deps.provisioning.loadPublic();
    await this.saveProvisioning({
      corpId: null,
      agentId: null,
      operatorUserId: null,
      policies: { ...DEFAULT_POLICIES },
      timeZone: DEFAULT_TIME_ZONE,
      updateUrl: null,
      ...previous,
      // Typed credentials go to DingTalk itself, never to a previous file's hosts.
      ...DEFAULT_ENDPOINTS,
      appKey,
      appSecret,
    });
    const config = this.config();
    if (token && config) vaultTokenStore(this.deps.vault, hostsOf(config)).save(token);
  }

  /**
   * Checks typed credentials before they replace anything: ONE token call with them (not
   * counted against the quota), on the hosts they will be used with. Refused:
   * wrongCredentials naming the AppSecret field; nothing held so far changes.
   */
  async checkCredentials(appKey: string, appSecret: string): Promise<PersistedToken> {
    const o = this.deps.overrides ?? {};
    const hosts = {
      oapiBase: o.oapiBase ?? DEFAULT_ENDPOINTS.oapiBase,
      apiBase: o.apiBase ?? DEFAULT_ENDPOINTS.apiBase,
      loginBase: DEFAULT_ENDPOINTS.loginBase,
    };
    let got: PersistedToken | undefined;
    const probe = createDingTalkClient({
      config: { appKey, appSecret, ...hosts, timeZone: this.timeZone(), ...this.deps.clientTuning },
      fetch: this.deps.fetch,
      clock: this.deps.clock,
      tokenStore: {
        load: () => undefined,
        save: (t) => {
          got = t;
        },
        clear: () => undefined,
      },
      onCall: (event) => this.onCall(event),
      logger: this.deps.logger,
      // One call: a refusal is the answer, not something to try again.
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
    try {
      await probe.getAccessToken();
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code !== 'wrongCredentials') throw error;
      throw new AppError('wrongCredentials', payload.message, {
        ...payload.detail,
        field: 'appSecret',
      });
    }
    if (!got) throw new AppError('unexpectedReply', 'DingTalk returned no token');
    return got;
  }

  forgetCredentials(): void {
    this.endServerSession();
    this.deps.provisioning.clearServer();
    // Every credential and token: the app's (clear), the robot's, the device session's and
    // key (endServerSession). What stays on disk is said in docs/packaging.md and by the
    // confirmation (settings, outbox, day cache, logs).
    this.deps.provisioning.clear();
    this.deps.vault.deleteSecret('robotSecret');
    this.deps.vault.deleteSecret('robotToken');
    this.deps.vault.deleteSecret('serverRefreshToken');
    this.deps.state.delete('identity');
    this.leaveDemo();
    this.resetClient();
    this.deps.onChanged();
  }

  private useServer(server: string, timeZone: string | null): void {
    const previous = this.deps.provisioning.loadServer();
    this.leaveDemo();
    if (previous?.server !== server || this.kind() !== 'server') {
      this.endServerSession();
      this.deps.state.delete('identity');
    }
    this.deps.provisioning.saveServer({ server, timeZone });
    this.deps.meter().forgetOutcomes();
    this.resetClient();
    this.deps.onChanged();
  }

  private async saveProvisioning(p: Provisioning): Promise<void> {
    const previous = this.deps.provisioning.loadPublic();
    if (this.deps.provisioning.loadServer()) {
      // Leaving server mode: end that session, its identity is not this app's.
      this.endServerSession();
      this.deps.state.delete('identity');
    }
    this.leaveDemo();
    // The secret is readable at once; the wait is for its cipher text on disk.
    const stored = this.deps.provisioning.save(p);
    if (previous && previous.appKey !== p.appKey) this.deps.state.delete('identity');
    // What DingTalk answered the old app (e.g. a missing permission) says nothing about this one.
    this.deps.meter().forgetOutcomes();
    this.resetClient();
    this.deps.onChanged();
    await stored;
  }

  /** Best effort: the server ends this device's session; the wiring is forgotten. */
  private endServerSession(): void {
    void this.deps.server.signOut().catch(() => undefined);
    this.deps.server.reset();
  }

  // ---- configuration ---------------------------------------------------------

  /** The effective configuration: demo, or stored provisioning overlaid with the CLI's overrides. */
  config(): Provisioning | null {
    if (this.demoBackend) {
      const d = this.demoBackend;
      return {
        appKey: d.appKey,
        appSecret: d.appSecret,
        corpId: null,
        agentId: null,
        operatorUserId: null,
        policies: { ...DEFAULT_POLICIES, mobileLookupAllowed: true, manualUserIdAllowed: true },
        timeZone: DEFAULT_TIME_ZONE,
        ...d.urls,
        updateUrl: null,
      };
    }
    const o = this.deps.overrides ?? {};
    const stored = this.deps.provisioning.loadPublic();
    const appKey = o.appKey ?? stored?.appKey;
    // The secret only with the hosts it was provisioned for (issue #12 item 2).
    const { hosts, appSecret } = this.deps.provisioning.chooseSecret(o);
    if (!appKey || !appSecret) return null;
    return {
      corpId: null,
      agentId: null,
      operatorUserId: null,
      policies: { ...DEFAULT_POLICIES },
      updateUrl: null,
      ...DEFAULT_ENDPOINTS,
      ...stored,
      timeZone: o.timeZone ?? stored?.timeZone ?? DEFAULT_TIME_ZONE,
      ...hosts,
      appKey,
      appSecret,
    };
  }

  /** A DingTalk app's secret is held but for other hosts than configured now: needed again. */
  secretProblem(): 'hostsChanged' | null {
    if (this.demoBackend || this.kind() === 'server') return null;
    return this.deps.provisioning.chooseSecret(this.deps.overrides ?? {}).problem;
  }

  policies(): Policies {
    if (this.kind() === 'server') {
      return this.deps.server.policies() ?? { ...DEFAULT_POLICIES, punchingEnabled: true };
    }
    return (
      this.config()?.policies ?? this.deps.provisioning.loadPublic()?.policies ?? DEFAULT_POLICIES
    );
  }

  timeZone(): string {
    const fromServer =
      this.kind() === 'server'
        ? (this.deps.server.me()?.timeZone ?? this.deps.provisioning.loadServer()?.timeZone ?? null)
        : null;
    return (
      this.deps.settings().timeZone ?? fromServer ?? this.config()?.timeZone ?? DEFAULT_TIME_ZONE
    );
  }

  /** The public app key, for the snapshot's masked form. */
  appKey(): string | null {
    return this.config()?.appKey ?? this.deps.provisioning.loadPublic()?.appKey ?? null;
  }

  // ---- demo ------------------------------------------------------------------

  async startDemo(): Promise<void> {
    if (!this.deps.demo) throw new AppError('notConfigured', 'Demo mode is not available here');
    await this.enterDemo();
    this.deps.state.set('mode', 'demo');
    this.deps.onChanged();
  }

  private async enterDemo(): Promise<void> {
    if (this.demoBackend || !this.deps.demo) return;
    this.demoBackend = await this.deps.demo();
    this.resetClient();
    this.deps.onDemo(this.demoBackend);
  }

  /** Leaves demo mode (the "Leave demo" button): setup starts again at step 1. */
  exitDemo(): void {
    if (!this.demoBackend) return;
    this.leaveDemo();
    this.deps.onChanged();
  }

  private leaveDemo(): void {
    if (!this.demoBackend) return;
    void this.demoBackend.close();
    this.demoBackend = null;
    this.deps.state.delete('mode');
    this.resetClient();
  }

  // ---- the DingTalk client -----------------------------------------------------

  /** The DingTalk client for the current configuration (throws notConfigured). */
  api(): DingTalkClient {
    if (this.client) return this.client;
    const config = this.config();
    if (!config) throw new AppError('notConfigured', 'No DingTalk app is configured');
    this.client = createDingTalkClient({
      config: {
        appKey: config.appKey,
        appSecret: config.appSecret,
        oapiBase: config.oapiBase,
        apiBase: config.apiBase,
        loginBase: config.loginBase,
        timeZone: this.timeZone(),
        ...this.deps.clientTuning,
      },
      fetch: this.deps.fetch,
      clock: this.deps.clock,
      tokenStore: vaultTokenStore(this.deps.vault, hostsOf(config)),
      onCall: (event) => this.onCall(event),
      logger: this.deps.logger,
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
    return this.client;
  }

  /** The clock difference to stamp a punch with: the connection's, or the remembered one. */
  clockSkewMs(): number | null {
    // After a restart the first call may be the upload itself: use the last measured skew.
    return this.kind() === 'server'
      ? this.deps.server.connection().clockSkewMs()
      : (this.client?.clockSkewMs() ?? this.rememberedSkew());
  }

  /** The next call builds a new client (new configuration or time zone). */
  resetClient(): void {
    this.client = null;
    this.deps.onReset();
  }

  private onCall(event: CallEvent): void {
    this.deps.meter().record(event);
    this.rememberSkew(event.at);
    this.deps.onCall(event.ok, event.errorCode ?? null);
  }

  /**
   * Keeps the measured skew for the next start. Written only when it moved by a second or
   * the stored one is 10 minutes old, not on every call (each write rewrites the state file).
   */
  private rememberSkew(at: number): void {
    const skew = this.client?.clockSkewMs() ?? null;
    if (skew === null) return;
    const stored = this.deps.state.get<{ ms: number; at: number }>('clockSkew');
    const fresh = stored && Math.abs(stored.ms - skew) < 1000 && at - stored.at < 10 * 60_000;
    if (!fresh) this.deps.state.set('clockSkew', { ms: skew, at });
  }

  /** The last measured skew, if recent: a clock fixed overnight must not shift today's punch. */
  private rememberedSkew(): number | null {
    const stored = this.deps.state.get<{ ms: number; at: number }>('clockSkew');
    if (!stored || typeof stored.ms !== 'number' || typeof stored.at !== 'number') return null;
    return this.deps.clock.now() - stored.at < SKEW_MEMORY_MS ? stored.ms : null;
  }
}
