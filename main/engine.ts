/**
 * The engine: everything the tray app and the CLI do, Electron-free. It owns
 * the configuration, the identity, the DingTalk client, today's status, the
 * punch outbox, reminders, the quota meter and the doctor, and produces the
 * Snapshot the UI and the tray show. The shell and the CLI are thin callers.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { ConnectionInfo, Policies, SecretStorageInfo, Snapshot } from '../shared/contract';
import { AppError, type AppErrorPayload, toErrorPayload } from '../shared/errors';
import type {
  CheckType,
  DayStatus,
  DoctorReport,
  Identity,
  PunchOutcome,
  Reminder,
} from '../shared/model';
import type { Settings, SettingsPatch } from '../shared/settings';
import { DEFAULT_TIME_ZONE, dateKey, toZonedIso } from '../shared/time';
import { type AttendanceConnection, directConnection } from './attendance/connection';
import { DayService } from './attendance/day-service';
import { runDoctor } from './attendance/doctor';
import { Outbox, type SendResult } from './attendance/outbox';
import { PunchService } from './attendance/punch';
import { CallMeter } from './attendance/quota';
import type { ReminderTrigger } from './attendance/reminders';
import { RemindersRoom } from './engine/reminders-room';
import { trayStateOf } from './attendance/tray-state';
import { checkServerUrl } from './company/server-url';
import { createDingTalkClient, type DingTalkClient } from './dingtalk/client';
import { apiName, ENDPOINTS } from './dingtalk/endpoints';
import type { CallEvent } from './dingtalk/types';
import { type DemoBackend, type LoginFlow, loginWithBrowser } from './identity/identity';
import type { Cipher, Clock, Fetch, Logger, Store } from './ports';
import {
  DEFAULT_ENDPOINTS,
  DEFAULT_POLICIES,
  type EnvConfig,
  parseProvisioningFile,
  type Provisioning,
  ProvisioningStore,
} from './settings/provisioning';
import { SettingsStore } from './settings/settings-store';
import { Vault, vaultTokenStore } from './settings/vault';
import { type SecretKeeper, ServerRoom } from './engine/server-room';
import { resultOf } from './company/attendance';
import type { PunchView } from '../shared/server-api';

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

export interface EngineEvents {
  changed: [];
  reminder: [Reminder];
  /** Something the reminder plan depends on changed (punch, snooze, network back): plan again. */
  replan: [];
  /** A punch finished in the background (the outbox sent or held it): worth a notification. */
  background: [PunchOutcome];
}

const TRANSIENT_CODES = new Set(['networkDown', 'timeout', 'dingtalkBusy', 'ipBanned']);
/** A measured clock skew is trusted across a restart this long. */
const SKEW_MEMORY_MS = 60 * 60_000;
/** How long a click waits for a first status before punching without one. */
const STATUS_WAIT_MS = 3000;
/** A refusal of the upload permission is trusted this long: the administrator may fix it. */
const PERMISSION_MEMORY_MS = 60 * 60_000;

export class Engine extends EventEmitter<EngineEvents> {
  readonly settingsStore: SettingsStore;
  readonly vault: Vault;
  readonly provisioning: ProvisioningStore;
  readonly meter: CallMeter;
  readonly outbox: Outbox;
  readonly server: ServerRoom;
  private readonly reminders: RemindersRoom;
  private client: DingTalkClient | null = null;
  private demoBackend: DemoBackend | null = null;
  private day: DayService | null = null;
  private punches: PunchService | null = null;
  private online = true;
  private lastError: AppErrorPayload | null = null;
  private refreshing = false;
  private login: LoginFlow | null = null;
  private loginAttempt = 0;
  private readonly deviceId: string;

  constructor(private readonly deps: EngineDeps) {
    super();
    const { stores, logger } = deps;
    this.settingsStore = new SettingsStore({ store: stores.settings, logger });
    this.vault = new Vault({ store: stores.secrets, cipher: deps.cipher, logger });
    this.provisioning = new ProvisioningStore({ store: stores.state, vault: this.vault, logger });
    // Before anything that may ask for the time zone (server mode's comes from the server).
    this.server = new ServerRoom({
      server: () => (this.demoBackend ? null : (this.provisioning.loadServer()?.server ?? null)),
      secrets: deps.serverSecrets ?? {
        get: (name) => this.vault.getSecret(name),
        set: (name, value) => this.vault.setSecret(name, value),
        delete: (name) => this.vault.deleteSecret(name),
      },
      state: stores.state,
      clock: deps.clock,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      logger,
      device: () => ({
        id: this.deviceId,
        name: this.device().name,
        platform: deps.host.platform,
        appVersion: deps.host.version.slice(0, 40) || 'dev',
      }),
      openUrl: (url) => deps.openUrl(url),
      loginTimeoutMs: deps.loginTimeoutMs ?? 5 * 60_000,
      ...(deps.clientTuning?.timeoutMs ? { timeoutMs: deps.clientTuning.timeoutMs } : {}),
      ...(deps.eventBackoff ? { eventBackoff: deps.eventBackoff } : {}),
      onPunch: (view) => this.onServerPunch(view),
      onDay: (date) => this.onServerDay(date),
      onPolicies: () => {
        this.changed();
        this.emit('replan');
      },
      onConnected: () => this.backOnline(),
      onSignedOut: () => {
        this.deps.stores.state.delete('identity');
        this.changed();
      },
      onOnline: (online) => this.setOnline(online),
      onChanged: () => this.changed(),
    });
    this.meter = new CallMeter(
      stores.state,
      deps.clock,
      () => this.timeZone(),
      () => this.settings().quota.monthlyCap,
    );
    this.reminders = new RemindersRoom({
      state: stores.state,
      clock: deps.clock,
      settings: () => this.settings(),
      workDate: (now) => this.workDate(now),
      today: async () => {
        const day = this.todayCached();
        if (day || !this.identity() || !this.configured()) return day;
        return this.open().catch(() => null);
      },
      verify: (day) =>
        this.days()
          .get(day.userId, 'verify', day.date)
          .catch(() => null),
      budgetMode: () => this.meter.budgetMode(),
      onReminder: (reminder) => this.emit('reminder', reminder),
      onChanged: () => this.changed(),
    });
    let deviceId = stores.state.get<string>('deviceId');
    if (typeof deviceId !== 'string' || deviceId.length === 0) {
      deviceId = randomUUID();
      stores.state.set('deviceId', deviceId);
    }
    this.deviceId = deviceId;
    this.outbox = new Outbox({
      store: stores.outbox,
      api: () => this.connection(),
      clock: deps.clock,
      device: this.device(),
      // The company server applies the administrator's max age itself.
      maxOfflineMinutes: () =>
        this.kind() === 'server' ? null : this.policies().maxOfflineMinutes,
      logger,
    });
  }

  /** How this install reaches DingTalk. */
  kind(): ConnectionInfo['kind'] {
    if (this.demoBackend) return 'demo';
    if (this.provisioning.loadServer()) return 'server';
    return this.config() ? 'direct' : 'none';
  }

  /** Configured for either connection (a DingTalk app, or a company server). */
  configured(): boolean {
    return this.kind() !== 'none';
  }

  /** The port the attendance rooms use: the DingTalk client, or the company server. */
  connection(): AttendanceConnection {
    return this.kind() === 'server' ? this.server.connection() : directConnection(() => this.api());
  }

  /** Restores demo mode when it was on; call once after construction. */
  async start(): Promise<void> {
    if (this.deps.stores.state.get('mode') === 'demo' && this.deps.demo) {
      await this.enterDemo();
    }
    if (this.kind() === 'server') this.server.start();
  }

  async stop(): Promise<void> {
    this.login?.cancel();
    this.server.stop();
    await this.demoBackend?.close();
    this.demoBackend = null;
  }

  // ---- configuration -------------------------------------------------------

  settings(): Settings {
    return this.settingsStore.get();
  }

  device(): { id: string; name: string } {
    return { id: this.deviceId, name: `Daka · ${this.deps.host.hostname}` };
  }

  mode(): Snapshot['mode'] {
    if (this.demoBackend) return 'demo';
    return this.configured() ? 'configured' : 'unconfigured';
  }

  connectionInfo(): ConnectionInfo {
    const kind = this.kind();
    if (kind === 'server') return this.server.info();
    return { kind, server: null, serverInfo: null, events: 'off', signedOutReason: null };
  }

  /** Company server mode: the typed address (validated; the sign-in follows). */
  setServer(url: string): void {
    const checked = checkServerUrl(url);
    if ('problem' in checked) {
      throw new AppError('invalidInput', checked.problem, { field: 'server' });
    }
    this.useServer(checked.url, null);
  }

  private useServer(server: string, timeZone: string | null): void {
    const previous = this.provisioning.loadServer();
    this.leaveDemo();
    if (previous?.server !== server || this.kind() !== 'server') {
      void this.server.signOut().catch(() => undefined);
      this.server.reset();
      this.deps.stores.state.delete('identity');
    }
    this.provisioning.saveServer({ server, timeZone });
    this.meter.forgetOutcomes();
    this.resetClient();
    this.changed();
  }

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
    const stored = this.provisioning.loadPublic();
    const appKey = o.appKey ?? stored?.appKey;
    const appSecret = o.appSecret ?? (stored ? this.vault.getSecret('appSecret') : undefined);
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
      ...(o.oapiBase ? { oapiBase: o.oapiBase } : {}),
      ...(o.apiBase ? { apiBase: o.apiBase } : {}),
      appKey,
      appSecret,
    };
  }

  policies(): Policies {
    if (this.kind() === 'server') {
      return this.server.policies() ?? { ...DEFAULT_POLICIES, punchingEnabled: true };
    }
    return this.config()?.policies ?? this.provisioning.loadPublic()?.policies ?? DEFAULT_POLICIES;
  }

  /** An instant as the organisation's wall-clock ISO time. */
  zoned(ms: number): string {
    return toZonedIso(ms, this.timeZone());
  }

  timeZone(): string {
    const fromServer =
      this.kind() === 'server'
        ? (this.server.me()?.timeZone ?? this.provisioning.loadServer()?.timeZone ?? null)
        : null;
    return this.settings().timeZone ?? fromServer ?? this.config()?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  identity(): Identity | null {
    if (this.deps.overrides?.userId)
      return { userId: this.deps.overrides.userId, name: null, via: 'env' };
    const stored = this.deps.stores.state.get<Identity>(this.identityKey());
    return stored && typeof stored.userId === 'string' ? stored : null;
  }

  private identityKey(): string {
    return this.demoBackend ? 'identity:demo' : 'identity';
  }

  private setIdentity(identity: Identity | null): void {
    if (identity) this.deps.stores.state.set(this.identityKey(), identity);
    else this.deps.stores.state.delete(this.identityKey());
    this.changed();
  }

  importProvisioning(text: string): void {
    const file = parseProvisioningFile(text);
    if (file.version === 2) this.useServer(file.server.server, file.server.timeZone);
    else this.saveProvisioning(file.provisioning);
  }

  setCredentials(appKey: string, appSecret: string): void {
    const previous = this.provisioning.loadPublic();
    const p: Provisioning = {
      corpId: null,
      agentId: null,
      operatorUserId: null,
      policies: { ...DEFAULT_POLICIES },
      timeZone: DEFAULT_TIME_ZONE,
      ...DEFAULT_ENDPOINTS,
      updateUrl: null,
      ...previous,
      appKey,
      appSecret,
    };
    this.saveProvisioning(p);
  }

  private saveProvisioning(p: Provisioning): void {
    const previous = this.provisioning.loadPublic();
    if (this.provisioning.loadServer()) {
      // Leaving server mode: end that session, its identity is not this app's.
      void this.server.signOut().catch(() => undefined);
      this.server.reset();
      this.deps.stores.state.delete('identity');
    }
    this.leaveDemo();
    this.provisioning.save(p);
    if (previous && previous.appKey !== p.appKey) this.deps.stores.state.delete('identity');
    // What DingTalk answered the old app (e.g. a missing permission) says nothing about this one.
    this.meter.forgetOutcomes();
    this.resetClient();
    this.changed();
  }

  forgetCredentials(): void {
    void this.server.signOut().catch(() => undefined);
    this.server.reset();
    this.provisioning.clearServer();
    this.provisioning.clear();
    this.vault.deleteSecret('robotSecret');
    this.deps.stores.state.delete('identity');
    this.leaveDemo();
    this.resetClient();
    this.changed();
  }

  updateSettings(patch: SettingsPatch): Settings {
    const zone = this.timeZone();
    const next = this.settingsStore.update(patch);
    // The client formats every DingTalk date in the organisation's zone.
    if (this.timeZone() !== zone) this.resetClient();
    this.changed();
    this.emit('replan');
    return next;
  }

  setRobotSecret(secret: string | null): void {
    if (secret === null) this.vault.deleteSecret('robotSecret');
    else this.vault.setSecret('robotSecret', secret);
    this.changed();
  }

  acceptWeakStorage(accept: boolean): void {
    this.vault.acceptWeakStorage(accept);
    this.changed();
  }

  secretStorage(): SecretStorageInfo {
    return this.vault.storageInfo();
  }

  // ---- demo ----------------------------------------------------------------

  async startDemo(): Promise<void> {
    if (!this.deps.demo) throw new AppError('notConfigured', 'Demo mode is not available here');
    await this.enterDemo();
    this.deps.stores.state.set('mode', 'demo');
    this.changed();
  }

  private async enterDemo(): Promise<void> {
    if (this.demoBackend || !this.deps.demo) return;
    this.demoBackend = await this.deps.demo();
    this.resetClient();
    if (!this.identity()) {
      this.setIdentity({
        userId: this.demoBackend.userId,
        name: this.demoBackend.userName,
        via: 'demo',
      });
    }
  }

  private leaveDemo(): void {
    if (!this.demoBackend) return;
    void this.demoBackend.close();
    this.demoBackend = null;
    this.deps.stores.state.delete('mode');
    this.resetClient();
  }

  // ---- DingTalk ------------------------------------------------------------

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
      tokenStore: vaultTokenStore(this.vault),
      onCall: (event) => this.onCall(event),
      logger: this.deps.logger,
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    });
    return this.client;
  }

  private onCall(event: CallEvent): void {
    this.meter.record(event);
    this.rememberSkew(event.at);
    const wasOnline = this.online;
    if (event.ok) this.online = true;
    else if (event.errorCode === 'networkDown' || event.errorCode === 'timeout')
      this.online = false;
    if (wasOnline !== this.online) {
      this.changed();
      if (this.online) this.backOnline();
    }
  }

  /**
   * Keeps the measured skew for the next start. Written only when it moved by a second or
   * the stored one is 10 minutes old, not on every call (each write rewrites the state file).
   */
  private rememberSkew(at: number): void {
    const skew = this.client?.clockSkewMs() ?? null;
    if (skew === null) return;
    const stored = this.deps.stores.state.get<{ ms: number; at: number }>('clockSkew');
    const fresh = stored && Math.abs(stored.ms - skew) < 1000 && at - stored.at < 10 * 60_000;
    if (!fresh) this.deps.stores.state.set('clockSkew', { ms: skew, at });
  }

  /** The last measured skew, if recent: a clock fixed overnight must not shift today's punch. */
  private rememberedSkew(): number | null {
    const stored = this.deps.stores.state.get<{ ms: number; at: number }>('clockSkew');
    if (!stored || typeof stored.ms !== 'number' || typeof stored.at !== 'number') return null;
    return this.deps.clock.now() - stored.at < SKEW_MEMORY_MS ? stored.ms : null;
  }

  private resetClient(): void {
    this.client = null;
    this.day = null;
    this.punches = null;
  }

  private days(): DayService {
    this.day ??= new DayService({
      api: {
        scheduleByDay: (u, d, o) => this.connection().scheduleByDay(u, d, o),
        listRecords: (u, f, t) => this.connection().listRecords(u, f, t),
      },
      store: this.deps.stores.state,
      clock: this.deps.clock,
      meter: this.meter,
      outbox: this.outbox,
      settings: () => this.settings(),
      timeZone: () => this.timeZone(),
      deviceId: this.deviceId,
      operatorUserId: () => this.config()?.operatorUserId ?? null,
      logger: this.deps.logger,
    });
    return this.day;
  }

  private punchService(): PunchService {
    this.punches ??= new PunchService({
      // After a restart the first call may be the upload itself: use the last measured skew.
      api: {
        clockSkewMs: () =>
          this.kind() === 'server'
            ? this.server.connection().clockSkewMs()
            : (this.client?.clockSkewMs() ?? this.rememberedSkew()),
      },
      outbox: this.outbox,
      clock: this.deps.clock,
      settings: () => this.settings(),
      timeZone: () => this.timeZone(),
      unavailableReason: () => this.punchUnavailableReason(),
      receipt: (type, at) => this.sendReceipt(type, at),
      logger: this.deps.logger,
    });
    return this.punches;
  }

  /** Why the punch action is unavailable (reminder-only mode), or null. */
  punchUnavailableReason(): AppErrorPayload | null {
    if (!this.configured())
      return new AppError('notConfigured', 'No DingTalk app is configured').toPayload();
    if (this.kind() === 'server' && !this.server.signedIn()) {
      return (
        this.server.signedOutReason() ?? new AppError('notSignedIn', 'Sign in first').toPayload()
      );
    }
    if (!this.identity()) return new AppError('notSignedIn', 'Sign in first').toPayload();
    if (!this.policies().punchingEnabled) {
      return new AppError(
        'punchingDisabled',
        'Your administrator turned desktop punching off',
      ).toPayload();
    }
    const upload = this.meter.lastOutcome(apiName(ENDPOINTS.upload));
    const recent = upload && this.deps.clock.now() - upload.at < PERMISSION_MEMORY_MS;
    if (upload && recent && !upload.ok && upload.errorCode === 'missingPermission') {
      return new AppError('missingPermission', 'The app may not upload punches', {
        permission: ENDPOINTS.upload.permission,
      }).toPayload();
    }
    return null;
  }

  private requireIdentity(): Identity {
    if (!this.configured()) throw new AppError('notConfigured', 'No DingTalk app is configured');
    const identity = this.identity();
    if (!identity) throw new AppError('notSignedIn', 'Sign in first');
    return identity;
  }

  // ---- today ---------------------------------------------------------------

  /** Today's status without a call (null before the first load). */
  todayCached(): DayStatus | null {
    const identity = this.identity();
    if (!identity || !this.configured()) return null;
    return this.days().cached(identity.userId);
  }

  /** The popup opened or the app started: reads only when the cache is from another day. */
  async open(): Promise<DayStatus | null> {
    if (!this.configured() || !this.identity()) return null;
    return this.track(() => this.days().get(this.requireIdentity().userId, 'open'));
  }

  /** Explicit refresh (rate-limited, skipped in budget mode). */
  async refresh(): Promise<DayStatus | null> {
    if (!this.configured() || !this.identity()) return null;
    return this.track(() => this.days().get(this.requireIdentity().userId, 'refresh'));
  }

  /** A given date (CLI `status --date`). */
  async status(date?: string): Promise<DayStatus> {
    const userId = this.requireIdentity().userId;
    const today = this.days().today(userId);
    const other = date !== undefined && date !== today;
    // Today without a date: the day service may then find a night shift still open from yesterday.
    return this.track(() =>
      this.days().get(userId, other ? 'date' : 'open', other ? date : undefined),
    );
  }

  private async track<T>(fn: () => Promise<T>): Promise<T> {
    this.refreshing = true;
    this.changed();
    try {
      const value = await fn();
      this.lastError = null;
      return value;
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code !== 'refreshTooSoon' && payload.code !== 'budgetExceeded') {
        this.lastError = payload;
      }
      throw error;
    } finally {
      this.refreshing = false;
      this.changed();
    }
  }

  // ---- punching ------------------------------------------------------------

  async punch(confirm = false): Promise<PunchOutcome> {
    // The click time is taken now, whatever the wait below.
    const clickedAt = this.deps.clock.now();
    const identity = this.identity();
    let day = this.todayCached();
    if (identity && this.configured()) {
      // The cache when there is one (and, early on a rest day, a look at yesterday's night
      // shift); without one (first start offline?) look briefly, punch anyway if DingTalk is slow.
      day = await Promise.race([
        this.days()
          .get(identity.userId, 'open')
          .catch(() => day),
        new Promise<DayStatus | null>((resolve) =>
          setTimeout(() => resolve(day), STATUS_WAIT_MS).unref(),
        ),
      ]);
    }
    const outcome = await this.punchService().punch({
      userId: identity?.userId ?? '',
      day,
      confirm,
      clickedAt,
    });
    this.afterPunch(outcome);
    return outcome;
  }

  async sendHeld(id: string): Promise<PunchOutcome> {
    const outcome = await this.punchService().sendNow(id);
    this.afterPunch(outcome);
    return outcome;
  }

  discardHeld(id: string): void {
    this.outbox.discard(id);
    this.changed();
  }

  async flushOutbox(): Promise<void> {
    if (!this.configured() || !this.outbox.hasWork()) return;
    const results = await this.outbox.flush();
    if (results.some((r) => r.state === 'sent')) this.lastError = null;
    for (const r of results) this.reportBackground(r);
    this.changed();
    if (results.length > 0) this.emit('replan');
  }

  /** A punch finished in the background: worth a notification (punched, or just held). */
  private reportBackground(r: SendResult): void {
    const at = toZonedIso(r.intent.at, this.timeZone());
    if (r.state === 'sent') {
      this.emit('background', {
        outcome: 'punched',
        type: r.intent.type,
        at,
        intentId: r.intent.id,
      });
    } else if (r.state === 'held') {
      // flush() only takes punches that were not held: this one just became held.
      this.emit('background', {
        outcome: 'held',
        type: r.intent.type,
        at,
        intentId: r.intent.id,
        reason: r.error,
      });
    }
  }

  private afterPunch(outcome: PunchOutcome): void {
    if (outcome.outcome === 'queued' || outcome.outcome === 'held') {
      if (TRANSIENT_CODES.has(outcome.reason.code)) this.online = false;
    }
    if (outcome.outcome === 'punched') this.online = true;
    this.changed();
    this.emit('replan');
  }

  private async sendReceipt(type: CheckType, at: number): Promise<void> {
    // Receipts go through the DingTalk client's robot sender: direct mode only, for now.
    if (this.kind() === 'server') return;
    const { receipts } = this.settings();
    const secret = this.vault.getSecret('robotSecret');
    if (!receipts.enabled || !receipts.robotToken || !secret) return;
    const who = this.identity()?.name ?? this.identity()?.userId ?? '';
    const label = type === 'OnDuty' ? '上班打卡 Clock in' : '下班打卡 Clock out';
    await this.api().robot.send(
      { accessToken: receipts.robotToken, secret },
      {
        msgtype: 'text',
        text: {
          content: `Daka · ${who} ${label} ${toZonedIso(at, this.timeZone()).slice(11, 16)}`,
        },
      },
    );
  }

  // ---- reminders (main/engine/reminders-room.ts) -----------------------------

  planReminder(
    trigger: ReminderTrigger,
  ): Promise<{ show: Reminder | null; nextWakeAt: number | null }> {
    return this.reminders.plan(trigger);
  }

  snooze(): void {
    this.reminders.snooze();
    this.changed();
    this.emit('replan');
  }

  notToday(): void {
    this.reminders.notToday();
    this.changed();
    this.emit('replan');
  }

  /** The work date reminders belong to (yesterday's while a night shift is still open). */
  private workDate(now: number): string {
    const identity = this.identity();
    return identity && this.configured()
      ? this.days().today(identity.userId)
      : dateKey(now, this.timeZone());
  }

  // ---- identity ------------------------------------------------------------

  async loginWithBrowser(): Promise<Identity> {
    if (this.kind() === 'server') {
      const identity = await this.server.loginWithBrowser();
      this.setIdentity(identity);
      this.backOnline();
      return identity;
    }
    this.login?.cancel();
    const attempt = ++this.loginAttempt;
    const flow = await loginWithBrowser({
      api: this.api(),
      openUrl: (url) =>
        this.demoBackend ? this.demoBackend.approveLogin(url) : this.deps.openUrl(url),
      timeoutMs: this.deps.loginTimeoutMs ?? 5 * 60_000,
    });
    if (attempt !== this.loginAttempt) {
      // Cancelled (or superseded) while the receiver started.
      flow.cancel();
      throw new AppError('loginDenied', 'Login cancelled');
    }
    this.login = flow;
    try {
      const identity = await flow.identity;
      // Cancelled (or superseded) after the code arrived: do not sign in after all.
      if (attempt !== this.loginAttempt) throw new AppError('loginDenied', 'Login cancelled');
      this.setIdentity(identity);
      return identity;
    } finally {
      if (this.login === flow) this.login = null;
    }
  }

  cancelLogin(): void {
    this.server.cancelLogin();
    this.loginAttempt += 1;
    this.login?.cancel();
    this.login = null;
  }

  async lookupByMobile(mobile: string): Promise<Identity> {
    if (!this.policies().mobileLookupAllowed || this.kind() === 'server') {
      throw new AppError('invalidInput', 'Mobile lookup is not allowed by your administrator', {
        field: 'mobile',
      });
    }
    const userId = await this.api().userIdByMobile(mobile.replace(/[\s-]/g, ''));
    const identity: Identity = { userId, name: null, via: 'mobile' };
    this.setIdentity(identity);
    return identity;
  }

  setUserId(userId: string): Identity {
    if ((!this.policies().manualUserIdAllowed && !this.demoBackend) || this.kind() === 'server') {
      throw new AppError(
        'invalidInput',
        'Entering a user id is not allowed by your administrator',
        {
          field: 'userId',
        },
      );
    }
    const identity: Identity = { userId, name: null, via: 'manual' };
    this.setIdentity(identity);
    return identity;
  }

  signOut(): void {
    const identity = this.identity();
    if (identity && this.configured()) this.days().forget(identity.userId);
    this.vault.deleteSecret('userRefreshToken');
    // Server mode: the server ends this device's session too (best effort).
    if (this.kind() === 'server') void this.server.signOut().catch(() => undefined);
    this.setIdentity(null);
  }

  /** Server mode: the server's word on one of our punches (its event stream). */
  private onServerPunch(view: PunchView): void {
    const result = this.outbox.applyServerResult(view.intentId, resultOf(view));
    if (!result) return;
    this.reportBackground(result);
    this.changed();
    this.emit('replan');
  }

  /** Server mode: a day of ours changed in DingTalk (a phone punch, an evaluation). */
  private onServerDay(date: string): void {
    const identity = this.identity();
    if (!identity) return;
    void this.days()
      .get(identity.userId, 'pushed', date)
      .then(() => {
        this.changed();
        this.emit('replan');
      })
      .catch(() => undefined);
  }

  // ---- doctor --------------------------------------------------------------

  async doctor(): Promise<DoctorReport> {
    if (this.kind() === 'server') {
      const now = this.deps.clock.now();
      const checks = await this.server.doctor();
      const storage = this.secretStorage();
      checks.push({
        id: 'secretStorage',
        subject: null,
        status: storage.kind === 'os' || this.deps.cipher.kind === 'test' ? 'pass' : 'warn',
        error: null,
        facts: { kind: storage.kind, memoryOnly: storage.memoryOnly ? 'yes' : 'no' },
      });
      return { at: toZonedIso(now, this.timeZone()), checks, countedCalls: 0 };
    }
    const report = await runDoctor({
      api: this.config() ? this.api() : null,
      meter: this.meter,
      clock: this.deps.clock,
      timeZone: this.timeZone(),
      identity: this.identity(),
      secretStorage: this.secretStorage(),
      cipherKind: this.deps.cipher.kind,
    });
    if (this.kind() === 'direct') {
      // Said plainly, every time: the secret on this machine uploads punches for any userid.
      report.checks.push({
        id: 'directTrust',
        subject: null,
        status: 'warn',
        error: null,
        facts: {},
      });
    }
    return report;
  }

  // ---- snapshot ------------------------------------------------------------

  snapshot(): Snapshot {
    const config = this.config();
    const today = this.todayCached();
    const outbox = this.outbox.waiting(this.timeZone());
    const mode = this.mode();
    const memory = this.reminders.memory();
    const snoozedUntil =
      memory.snoozedUntil !== null && memory.snoozedUntil > this.deps.clock.now()
        ? toZonedIso(memory.snoozedUntil, this.timeZone())
        : null;
    const appKey = config?.appKey ?? this.provisioning.loadPublic()?.appKey ?? null;
    return {
      mode,
      connection: this.connectionInfo(),
      appKeyMasked: appKey ? maskKey(appKey) : null,
      identity: this.identity(),
      policies: this.policies(),
      today,
      trayState: trayStateOf({
        mode,
        signedIn: this.identity() !== null,
        online: this.online,
        today,
        outbox,
        lastError: this.lastError,
      }),
      outbox,
      punch: {
        available: this.punchUnavailableReason() === null,
        reason: this.punchUnavailableReason(),
      },
      quota: this.meter.figures(),
      online: this.online,
      lastError: this.lastError,
      reminder: this.reminders.current(),
      snoozedUntil,
      notToday: memory.notToday,
      refreshing: this.refreshing,
      settings: this.settings(),
      secretStorage: this.secretStorage(),
      startAtLogin: this.deps.host.startAtLogin(),
      platform: this.deps.host.platform,
      version: this.deps.host.version,
    };
  }

  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.changed();
    if (online) this.backOnline();
  }

  /** The network is back: send what waits, load what failed, plan reminders again. */
  private backOnline(): void {
    void this.flushOutbox()
      .catch(() => undefined)
      .then(() => (this.todayCached() ? null : this.open()))
      .catch(() => undefined)
      .finally(() => this.emit('replan'));
  }

  changed(): void {
    this.emit('changed');
  }
}

/** "ding1234abcd" → "ding…abcd": enough for IT to recognise, not to copy. */
export function maskKey(key: string): string {
  return key.length <= 8 ? `${key.slice(0, 2)}…` : `${key.slice(0, 4)}…${key.slice(-4)}`;
}
