/**
 * The engine: everything the tray app and the CLI do, Electron-free. The work
 * is done by its rooms under engine/ (connection, identity, today, punching,
 * reminders, the company server, the doctor, the snapshot); this facade only
 * builds and wires them and keeps the public API the shell, the handlers and
 * the CLI call. The shell and the CLI are thin callers.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type {
  ConnectionInfo,
  NotificationDelivery,
  Policies,
  SecretStorageInfo,
  Snapshot,
} from '../shared/contract';
import { AppError, type AppErrorPayload } from '../shared/errors';
import type { HistoryMonth } from '../shared/history';
import type { UiLanguage } from '../shared/i18n';
import type { DayStatus, DoctorReport, Identity, PunchOutcome, Reminder } from '../shared/model';
import type { Settings, SettingsPatch } from '../shared/settings';
import { toZonedIso } from '../shared/time';
import type { AttendanceConnection } from './attendance/connection';
import { OUTBOX_KEY, Outbox } from './attendance/outbox';
import { skewCorrection } from './attendance/punch';
import { CallMeter } from './attendance/quota';
import type { ReminderTrigger } from './attendance/reminders';
import type { DingTalkClient } from './dingtalk/client';
import { ConnectionRoom } from './engine/connection-room';
import { engineDoctor } from './engine/doctor-room';
import { HistoryRoom } from './engine/history-room';
import { IdentityRoom } from './engine/identity-room';
import { PunchRoom } from './engine/punch-room';
import { DEMO_MEMORY_KEY, REAL_MEMORY_KEY, RemindersRoom } from './engine/reminders-room';
import { ServerRoom } from './engine/server-room';
import type { EngineDeps, EngineEvents } from './engine/deps';
import { buildSnapshot, LiveStatus } from './engine/snapshot';
import { TodayRoom } from './engine/today-room';
import { DEFAULT_ENDPOINTS, type Provisioning, ProvisioningStore } from './settings/provisioning';
import { SettingsStore } from './settings/settings-store';
import type { Clock, Store } from './ports';
import { demoInfo, demoReminderTimes } from './demo-info';
import { dropPlainRobotToken, migrateRobotToken } from './settings/robot-token';
import { Vault } from './settings/vault';

export { maskKey } from './engine/snapshot';

/** Demo mode's own keys in a store shared with real mode (see Engine.demoAware). */
const DEMO_STORE_PREFIX = 'demo.';

export type {
  EngineDeps,
  EngineEvents,
  EngineStores,
  HostInfo,
  ShownReminder,
} from './engine/deps';

export class Engine extends EventEmitter<EngineEvents> {
  readonly settingsStore: SettingsStore;
  readonly vault: Vault;
  readonly provisioning: ProvisioningStore;
  readonly meter: CallMeter;
  readonly outbox: Outbox;
  readonly server: ServerRoom;
  private readonly conn: ConnectionRoom;
  private readonly who: IdentityRoom;
  private readonly today: TodayRoom;
  private readonly history_: HistoryRoom;
  private readonly punches: PunchRoom;
  private readonly reminders: RemindersRoom;
  private readonly live = new LiveStatus();
  private readonly deviceId: string;
  private readying: Promise<void> | null = null;
  /** Demo mode's simulated clock while demo mode is on ("play the day" moves it). */
  private demoClock: Clock | null = null;
  /**
   * The engine's time: the host's, or in demo mode the simulator's, so the day, the
   * punch windows and the reminders follow the played clock. Every room reads it.
   */
  private readonly clock: Clock = { now: () => (this.demoClock ?? this.deps.clock).now() };

  constructor(private readonly deps: EngineDeps) {
    super();
    const { stores, logger } = deps;
    const clock = this.clock;
    const state = stores.state;
    this.vault = new Vault({ store: stores.secrets, cipher: deps.cipher, logger });
    this.settingsStore = new SettingsStore({ store: stores.settings, logger });
    this.provisioning = new ProvisioningStore({ store: state, vault: this.vault, logger });
    let deviceId = state.get<string>('deviceId');
    if (typeof deviceId !== 'string' || deviceId.length === 0) {
      deviceId = randomUUID();
      state.set('deviceId', deviceId);
    }
    this.deviceId = deviceId;
    const settings = () => this.settings();
    const changed = () => this.changed();
    const replan = () => this.emit('replan');
    const loginTimeoutMs = deps.loginTimeoutMs ?? 5 * 60_000;
    // Before anything that may ask for the time zone (server mode's comes from the server).
    this.server = new ServerRoom({
      server: () => (this.conn.demo() ? null : (this.provisioning.loadServer()?.server ?? null)),
      secrets: deps.serverSecrets ?? {
        get: (name) => this.vault.getSecret(name),
        set: (name, value) => this.vault.setSecret(name, value),
        delete: (name) => this.vault.deleteSecret(name),
      },
      state,
      clock,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      logger,
      device: () => ({
        id: this.deviceId,
        name: this.device().name,
        platform: deps.host.platform,
        appVersion: deps.host.version.slice(0, 40) || 'dev',
      }),
      openUrl: (url) => deps.openUrl(url),
      loginTimeoutMs,
      ...(deps.clientTuning?.timeoutMs ? { timeoutMs: deps.clientTuning.timeoutMs } : {}),
      ...(deps.eventBackoff ? { eventBackoff: deps.eventBackoff } : {}),
      onPunch: (view) => this.punches.serverPunch(view),
      onDay: (date) => this.today.pushed(date),
      onPolicies: () => {
        changed();
        replan();
      },
      onConnected: () => this.backOnline(),
      onSignedOut: () => {
        state.delete('identity');
        changed();
      },
      onOnline: (online) => this.setOnline(online),
      onChanged: changed,
    });
    this.conn = new ConnectionRoom({
      state,
      vault: this.vault,
      provisioning: this.provisioning,
      server: this.server,
      meter: () => this.meter,
      settings,
      clock,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      logger,
      ...(deps.overrides ? { overrides: deps.overrides } : {}),
      ...(deps.demo ? { demo: deps.demo } : {}),
      ...(deps.clientTuning ? { clientTuning: deps.clientTuning } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      onCall: (ok, errorCode) => {
        if (ok) this.setOnline(true);
        else if (errorCode === 'networkDown' || errorCode === 'timeout') this.setOnline(false);
      },
      onReset: () => {
        this.demoClock = this.conn.demo()?.clock ?? null;
        this.today.reset();
        this.punches.reset();
      },
      onDemo: (backend) => {
        this.demoClock = backend.clock;
        // A demo starts at 08:40 with a fresh simulator: no reminder of it was shown yet,
        // no punch of it waits.
        this.reminders.forgetDemo();
        this.forgetDemoOutbox();
        this.who.enterDemo(backend);
      },
      onChanged: changed,
    });
    this.meter = new CallMeter(
      state,
      clock,
      () => this.timeZone(),
      () => this.settings().quota.monthlyCap,
    );
    this.outbox = new Outbox({
      store: this.demoAware(stores.outbox),
      api: () => this.connection(),
      clock,
      device: this.device(),
      // The company server applies the administrator's max age itself.
      maxOfflineMinutes: () =>
        this.kind() === 'server' ? null : this.policies().maxOfflineMinutes,
      logger,
    });
    this.who = new IdentityRoom({
      state,
      vault: this.vault,
      conn: this.conn,
      server: this.server,
      ...(deps.overrides?.userId ? { overrideUserId: deps.overrides.userId } : {}),
      openUrl: (url) => deps.openUrl(url),
      loginTimeoutMs,
      forgetDays: (userId) => {
        this.today.forget(userId);
        this.history_.forget();
      },
      onServerSignIn: () => this.backOnline(),
      onChanged: changed,
    });
    this.today = new TodayRoom({
      conn: this.conn,
      identity: this.who,
      state,
      clock,
      meter: this.meter,
      outbox: this.outbox,
      settings,
      deviceId: this.deviceId,
      logger,
      status: this.live,
      onChanged: changed,
      onReplan: replan,
    });
    this.history_ = new HistoryRoom({
      conn: this.conn,
      identity: this.who,
      today: this.today,
      state,
      clock,
      meter: this.meter,
      logger,
    });
    this.punches = new PunchRoom({
      conn: this.conn,
      server: this.server,
      identity: this.who,
      today: this.today,
      outbox: this.outbox,
      meter: this.meter,
      vault: this.vault,
      clock,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      robotBase: () => deps.overrides?.oapiBase ?? DEFAULT_ENDPOINTS.oapiBase,
      settings,
      logger,
      status: this.live,
      onBackground: (outcome) => this.emit('background', outcome),
      onChanged: changed,
      onReplan: replan,
    });
    this.reminders = new RemindersRoom({
      state,
      memoryKey: () => (this.conn.demo() ? DEMO_MEMORY_KEY : REAL_MEMORY_KEY),
      clock,
      settings,
      workDate: (now) => this.today.workDate(now),
      today: async () => {
        const day = this.todayCached();
        if (day || !this.identity() || !this.configured()) return day;
        return this.open().catch(() => null);
      },
      verify: (day) => this.today.verify(day),
      budgetMode: () => this.meter.budgetMode(),
      onReminder: (reminder) => this.emit('reminder', reminder),
      zoned: (ms) => this.zoned(ms),
      onChanged: changed,
    });
  }

  // ---- connection and configuration (engine/connection-room.ts) ---------------

  /** How this install reaches DingTalk. */
  kind(): ConnectionInfo['kind'] {
    return this.conn.kind();
  }

  /** Configured for either connection (a DingTalk app, or a company server). */
  configured(): boolean {
    return this.conn.configured();
  }

  /** The port the attendance rooms use: the DingTalk client, or the company server. */
  connection(): AttendanceConnection {
    return this.conn.connection();
  }

  /**
   * The stored secrets decrypted (once, into memory: the keychain is asynchronous) and the
   * robot token moved out of the settings. Before this, the engine sees no stored secret.
   */
  ready(): Promise<void> {
    this.readying ??= this.vault
      .load()
      .then(() => migrateRobotToken(this.deps.stores.settings, this.vault, this.deps.logger));
    return this.readying;
  }

  /**
   * Stored secrets the keychain could not give at start, read when it can: 'locked' ones (a
   * Linux keyring unlocked late) whenever the popup opens or the computer wakes or unlocks
   * (open), and with `failed` the refused ones too (the notice's "try again": refresh). When
   * one was read, the engine starts again as at launch: connection, outbox, reminders.
   */
  async retrySecrets(options: { failed?: boolean } = {}): Promise<boolean> {
    await this.ready();
    if (!(await this.vault.retry(options))) return false;
    await migrateRobotToken(this.deps.stores.settings, this.vault, this.deps.logger);
    this.conn.resetClient();
    await this.conn.start();
    this.changed();
    this.emit('replan');
    void this.flushOutbox().catch(() => undefined);
    return true;
  }

  /** Reads the stored secrets, then restores demo mode when it was on; call once after construction. */
  async start(): Promise<void> {
    await this.ready();
    await this.conn.start();
  }

  async stop(): Promise<void> {
    this.who.cancelLogin();
    await this.conn.stop();
    // Secrets still being encrypted reach the disk before the process goes.
    await this.vault.flush();
  }

  settings(): Settings {
    return this.settingsStore.get();
  }

  device(): { id: string; name: string } {
    return { id: this.deviceId, name: `Daka · ${this.deps.host.hostname}` };
  }

  mode(): Snapshot['mode'] {
    return this.conn.mode();
  }

  connectionInfo(): ConnectionInfo {
    return this.conn.info();
  }

  /** Company server mode: the typed address (validated; the sign-in follows). */
  setServer(url: string): void {
    this.conn.setServer(url);
  }

  /** The effective configuration: demo, or stored provisioning overlaid with the CLI's overrides. */
  config(): Provisioning | null {
    return this.conn.config();
  }

  policies(): Policies {
    return this.conn.policies();
  }

  /** An instant as the organisation's wall-clock ISO time. */
  zoned(ms: number): string {
    return toZonedIso(ms, this.timeZone());
  }

  timeZone(): string {
    return this.conn.timeZone();
  }

  /** Applied at once; settles when the secret is on disk (rejects if it cannot be stored). */
  importProvisioning(text: string): Promise<void> {
    return this.conn.importProvisioning(text);
  }

  setCredentials(appKey: string, appSecret: string): Promise<void> {
    return this.conn.setCredentials(appKey, appSecret);
  }

  /** The popup's save: one token call checks them first; refused, nothing changes. */
  async setCheckedCredentials(appKey: string, appSecret: string): Promise<void> {
    const token = await this.conn.checkCredentials(appKey, appSecret);
    await this.conn.setCredentials(appKey, appSecret, token);
  }

  forgetCredentials(): void {
    this.conn.forgetCredentials();
    // The robot token goes too (see ConnectionRoom), with a plain copy kept in memory-only mode.
    dropPlainRobotToken(this.deps.stores.settings);
  }

  /** 'hostsChanged': the stored AppSecret was provisioned for other hosts; it is required again. */
  secretProblem(): 'hostsChanged' | null {
    return this.conn.secretProblem();
  }

  updateSettings(patch: SettingsPatch): Settings {
    const zone = this.timeZone();
    const next = this.settingsStore.update(patch);
    // The client formats every DingTalk date in the organisation's zone.
    if (this.timeZone() !== zone) this.conn.resetClient();
    this.changed();
    this.emit('replan');
    return next;
  }

  async setRobotSecret(secret: string | null): Promise<void> {
    const stored =
      secret === null
        ? this.vault.deleteSecret('robotSecret')
        : this.vault.setSecret('robotSecret', secret);
    this.changed();
    await stored;
  }

  /** The receipts robot's webhook access_token, kept in the vault; null forgets it. */
  async setRobotToken(token: string | null): Promise<void> {
    // An older plain copy kept in settings (memory-only mode) must not come back next start.
    dropPlainRobotToken(this.deps.stores.settings);
    const stored =
      token === null
        ? this.vault.deleteSecret('robotToken')
        : this.vault.setSecret('robotToken', token);
    this.changed();
    await stored;
  }

  async acceptWeakStorage(accept: boolean): Promise<void> {
    await this.vault.acceptWeakStorage(accept);
    this.changed();
  }

  secretStorage(): SecretStorageInfo {
    return this.vault.storageInfo();
  }

  async startDemo(): Promise<void> {
    await this.conn.startDemo();
  }

  /**
   * A store whose keys are demo mode's own while demo mode is on ('demo.' + key): a demo
   * punch waiting to be sent must never go to a real DingTalk after Leave demo, and a
   * real one waiting (kept through sign-out) must not be sent to the demo's simulator.
   */
  private demoAware(store: Store): Store {
    const key = (k: string) => (this.conn.demo() ? `${DEMO_STORE_PREFIX}${k}` : k);
    return {
      get: <T>(k: string) => store.get<T>(key(k)),
      set: (k, value) => store.set(key(k), value),
      delete: (k) => store.delete(key(k)),
    };
  }

  private forgetDemoOutbox(): void {
    this.deps.stores.outbox.delete(`${DEMO_STORE_PREFIX}${OUTBOX_KEY}`);
  }

  /** The engine's time now (the simulator's in demo mode): the shell's timers wait by it. */
  now(): number {
    return this.clock.now();
  }

  /**
   * Demo mode's "play the day": the simulated clock jumps to the next moment of the demo
   * day; today is read again (a new day, a check point DingTalk now calls missed) and the
   * reminders are planned again, so one that the jump passed shows now.
   */
  async playDemo(): Promise<void> {
    const demo = this.conn.demo();
    if (!demo) throw new AppError('invalidInput', 'Not in demo mode');
    demo.play(this.demoReminders());
    this.today.reset();
    await this.open().catch(() => undefined);
    this.changed();
    this.emit('replan');
  }

  /** Leaves demo mode for setup step 1. Nothing else is touched: no credential exists in demo. */
  leaveDemo(): void {
    const identity = this.conn.demo() ? this.identity() : null;
    // The demo day's cache would otherwise greet the next demo with this one's punches.
    if (identity) this.today.forget(identity.userId);
    this.conn.exitDemo();
    this.reminders.forgetDemo();
    this.forgetDemoOutbox();
    this.emit('replan');
  }

  /** The DingTalk client for the current configuration (throws notConfigured). */
  api(): DingTalkClient {
    return this.conn.api();
  }

  /** Why the punch action is unavailable (reminder-only mode), or null. */
  punchUnavailableReason(): AppErrorPayload | null {
    return this.punches.unavailableReason();
  }

  // ---- today (engine/today-room.ts) -----------------------------------------

  /** Today's status without a call (null before the first load). */
  todayCached(): DayStatus | null {
    return this.today.cached();
  }

  /**
   * The popup opened, the app started, the computer woke: reads only when the cache is from
   * another day. Secrets a locked keychain kept from the start are read first, if it can now.
   */
  async open(): Promise<DayStatus | null> {
    await this.retrySecrets().catch(() => false);
    return this.today.open();
  }

  /** Explicit refresh (rate-limited, skipped in budget mode); also tries unreadable secrets again. */
  async refresh(): Promise<DayStatus | null> {
    await this.retrySecrets({ failed: true }).catch(() => false);
    return this.today.refresh();
  }

  /** A given date (CLI `status --date`). */
  status(date?: string): Promise<DayStatus> {
    return this.today.status(date);
  }

  // ---- punching (engine/punch-room.ts) --------------------------------------

  punch(confirm = false): Promise<PunchOutcome> {
    return this.punches.punch(confirm);
  }

  sendHeld(id: string): Promise<PunchOutcome> {
    return this.punches.sendHeld(id);
  }

  discardHeld(id: string): void {
    this.punches.discardHeld(id);
  }

  flushOutbox(): Promise<void> {
    return this.punches.flushOutbox();
  }

  // ---- reminders (engine/reminders-room.ts) ---------------------------------

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

  notToday(on = true): void {
    this.reminders.notToday(on);
    this.changed();
    this.emit('replan');
  }

  /** Settings' test reminder, through the notifier like a planned one (no DingTalk call). */
  testReminder(): Promise<NotificationDelivery> {
    return this.reminders.test(this.todayCached());
  }

  // ---- identity (engine/identity-room.ts) -----------------------------------

  identity(): Identity | null {
    return this.who.identity();
  }

  loginWithBrowser(): Promise<Identity> {
    return this.who.loginWithBrowser();
  }

  cancelLogin(): void {
    this.who.cancelLogin();
  }

  lookupByMobile(mobile: string): Promise<Identity> {
    return this.who.lookupByMobile(mobile);
  }

  setUserId(userId: string): Identity {
    return this.who.setUserId(userId);
  }

  signOut(): void {
    this.who.signOut();
  }

  // ---- history (engine/history-room.ts) -------------------------------------

  /** A month of my attendance; evaluated days from the cache, the rest read (quota-aware). */
  history(month: string, refresh = false): Promise<HistoryMonth> {
    return this.history_.month(month, refresh);
  }

  /** The month as CSV (UTF-8 with BOM) and a file name for it. */
  historyCsv(month: string, language: UiLanguage): Promise<{ name: string; text: string }> {
    return this.history_.csv(month, language);
  }

  // ---- doctor (engine/doctor-room.ts) ---------------------------------------

  doctor(): Promise<DoctorReport> {
    return engineDoctor({
      conn: this.conn,
      server: this.server,
      meter: this.meter,
      clock: this.clock,
      cipherKind: this.deps.cipher.kind,
      identity: this.identity(),
      secretStorage: this.secretStorage(),
    });
  }

  // ---- snapshot (engine/snapshot.ts) ----------------------------------------

  snapshot(): Snapshot {
    const timeZone = this.timeZone();
    const demo = this.conn.demo();
    const snapshot = buildSnapshot({
      now: this.clock.now(),
      // The punch's own correction (PunchService): the popup and the tray judge by the same clock.
      clockOffsetMs: skewCorrection(this.conn.clockSkewMs()),
      timeZone,
      mode: this.mode(),
      connection: this.connectionInfo(),
      appKey: this.conn.appKey(),
      identity: this.identity(),
      policies: this.policies(),
      today: this.todayCached(),
      outbox: this.outbox.waiting(timeZone),
      punchUnavailable: this.punchUnavailableReason(),
      quota: this.meter.figures(),
      status: this.live,
      reminder: this.reminders.current(),
      memory: this.reminders.memory(),
      settings: this.settings(),
      robotTokenSet: this.vault.hasSecret('robotToken'),
      secretStorage: this.secretStorage(),
      startAtLogin: this.deps.host.startAtLogin(),
      platform: this.deps.host.platform,
      version: this.deps.host.version,
      updates: this.deps.host.updates?.(),
    });
    return demo ? { ...snapshot, demo: demoInfo(demo, this.demoReminders(), timeZone) } : snapshot;
  }

  /** The demo's reminder steps follow the planner, as the Now line does (nextReminder). */
  private demoReminders() {
    return demoReminderTimes({
      settings: this.settings(),
      day: this.todayCached(),
      now: this.clock.now(),
      memory: this.reminders.memory(),
    });
  }

  setOnline(online: boolean): void {
    if (this.live.online === online) return;
    this.live.online = online;
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
