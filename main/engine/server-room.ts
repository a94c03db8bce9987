/**
 * Company server mode's room in the engine: the device key, the session, the
 * typed /v1 client, the event stream, and what the server said about us
 * (/v1/me: who, the policies, the zone, the server's version). The engine asks
 * it for the AttendanceConnection and hears from it about punches, days,
 * policies and the end of the session.
 */
import type { ConnectionInfo, Policies } from '../../shared/contract';
import {
  AppError,
  type AppErrorPayload,
  type ErrorCode,
  NO_ANSWER_CODES,
  toErrorPayload,
} from '../../shared/errors';
import type { DoctorCheck, Identity } from '../../shared/model';
import {
  type DeviceInfo,
  type MeReply,
  meReply,
  type PunchView,
  SERVER_API_VERSION,
  type ServerEvent,
} from '../../shared/server-api';
import type { AttendanceConnection } from '../attendance/connection';
import { CompanyApi } from '../company/api';
import { companyConnection } from '../company/attendance';
import { type DeviceKey, loadDeviceKey } from '../company/dpop';
import { EventStream, type StreamState } from '../company/events';
import { ServerHttp } from '../company/http';
import { type ServerLoginFlow, startServerLogin } from '../company/login';
import { ServerSession } from '../company/session';
import { LoginAttempts } from '../identity/attempts';
import type { Clock, Fetch, Logger, Store } from '../ports';

/** Where server mode's two secrets are kept (the vault in the app). */
export interface SecretKeeper {
  get(name: 'deviceKey' | 'serverRefreshToken'): string | undefined;
  /** May settle later (the vault encrypts asynchronously). */
  set(name: 'deviceKey' | 'serverRefreshToken', value: string): void | Promise<void>;
  delete(name: 'deviceKey' | 'serverRefreshToken'): void;
}

export interface ServerRoomDeps {
  /** The configured server URL (null outside server mode). */
  server: () => string | null;
  secrets: SecretKeeper;
  state: Store;
  clock: Clock;
  fetch?: Fetch;
  logger: Logger;
  device: () => DeviceInfo;
  openUrl: (url: string) => Promise<void>;
  loginTimeoutMs: number;
  timeoutMs?: number;
  eventBackoff?: { baseMs: number; maxMs: number };
  onPunch: (view: PunchView) => void;
  onDay: (date: string) => void;
  onPolicies: () => void;
  /** The stream (re)connected: events may have been missed meanwhile. */
  onConnected: () => void;
  onSignedOut: (reason: AppErrorPayload) => void;
  onOnline: (online: boolean) => void;
  onChanged: () => void;
}

const ME_KEY = 'serverMe';
const SIGNED_OUT_KEY = 'serverSignedOut';

interface Wired {
  server: string;
  http: ServerHttp;
  session: ServerSession;
  api: CompanyApi;
  stream: EventStream;
}

export class ServerRoom {
  private wired: Wired | null = null;
  private key: Promise<DeviceKey> | null = null;
  private readonly login = new LoginAttempts<ServerLoginFlow>();

  constructor(private readonly deps: ServerRoomDeps) {}

  active(): boolean {
    return this.deps.server() !== null;
  }

  /** The typed client for the configured server (throws notConfigured). */
  api(): CompanyApi {
    return this.wire().api;
  }

  connection(): AttendanceConnection {
    return companyConnection(() => this.api());
  }

  signedIn(): boolean {
    return this.active() && this.wire().session.signedIn();
  }

  /** What /v1/me said last (kept across restarts: policies and zone work offline). */
  me(): MeReply | null {
    const parsed = meReply.safeParse(this.deps.state.get(ME_KEY));
    return parsed.success ? parsed.data : null;
  }

  policies(): Policies | null {
    const me = this.me();
    if (!me) return null;
    return {
      punchingEnabled: me.policies.punchingEnabled,
      mobileLookupAllowed: false,
      manualUserIdAllowed: false,
      maxOfflineMinutes: me.policies.maxOfflineMinutes,
    };
  }

  info(): ConnectionInfo {
    const me = this.me();
    return {
      kind: 'server',
      server: this.deps.server(),
      serverInfo: me ? me.server : null,
      events: this.wired?.stream.current ?? 'off',
      signedOutReason: this.signedOutReason(),
    };
  }

  signedOutReason(): AppErrorPayload | null {
    return this.deps.state.get<AppErrorPayload>(SIGNED_OUT_KEY) ?? null;
  }

  /** After construction or a restart: listen to the server when signed in. */
  start(): void {
    if (!this.signedIn()) return;
    const w = this.wire();
    w.stream.start();
    void this.loadMe().catch(() => undefined);
  }

  stop(): void {
    this.cancelLogin();
    this.wired?.stream.stop();
  }

  /** Forget the wiring (a new server address); the device key stays the install's. */
  reset(): void {
    this.stop();
    this.wired = null;
    this.deps.state.delete(ME_KEY);
    this.deps.state.delete(SIGNED_OUT_KEY);
  }

  /** Browser login through the server; returns who signed in. */
  async loginWithBrowser(): Promise<Identity> {
    const w = this.wire();
    const tokens = await this.login.run(
      () =>
        startServerLogin({
          server: w.server,
          session: w.session,
          device: this.deps.device(),
          openUrl: this.deps.openUrl,
          timeoutMs: this.deps.loginTimeoutMs,
        }),
      (flow) => flow.tokens,
    );
    await w.session.adopt(tokens);
    this.deps.state.delete(SIGNED_OUT_KEY);
    const me = await this.loadMe();
    w.stream.start();
    return { userId: me.user.userId, name: me.user.name, via: 'server' };
  }

  cancelLogin(): void {
    this.login.cancel();
  }

  /**
   * Tells the server (best effort) and forgets the session and this install's device key
   * (issue #12 item 11): the next sign-in makes a new key, so nothing of this session is
   * left on disk.
   */
  async signOut(): Promise<void> {
    const w = this.wired;
    if (!w) {
      // Never wired this run (no call yet): the stored session still goes.
      this.deps.secrets.delete('serverRefreshToken');
      this.deps.state.delete(ME_KEY);
      this.dropDeviceKey();
      return;
    }
    w.stream.stop();
    const signedIn = w.session.signedIn();
    // The logout is signed with the key: read into memory before its stored copy goes.
    const key = signedIn ? this.deviceKey() : null;
    // The tokens go at once (inside logout, before its call): a slow or unreachable server
    // must not let this old session write over, or delete, a sign-in made meanwhile.
    const told = signedIn ? w.api.logout() : Promise.resolve();
    w.session.forget();
    this.deps.secrets.delete('deviceKey');
    this.deps.state.delete(ME_KEY);
    await told.catch(() => undefined);
    await key?.catch(() => undefined);
    // Signed in again meanwhile: that session uses the key in memory, keep it for this run.
    if (this.deps.secrets.get('serverRefreshToken') === undefined) this.dropDeviceKey();
  }

  private dropDeviceKey(): void {
    this.key = null;
    this.deps.secrets.delete('deviceKey');
  }

  /** GET /v1/me: who, policies, zone; refuses a server speaking a newer API. */
  async loadMe(): Promise<MeReply> {
    const me = await this.api().me();
    if (me.server.apiVersion > SERVER_API_VERSION) {
      throw new AppError('serverIncompatible', `The server speaks API ${me.server.apiVersion}`);
    }
    this.deps.state.set(ME_KEY, me);
    this.deps.onChanged();
    return me;
  }

  /** The doctor's server checks: reachable and compatible, session, and the server's own health. */
  async doctor(): Promise<DoctorCheck[]> {
    const checks: DoctorCheck[] = [];
    const add = (c: Omit<DoctorCheck, 'error' | 'facts'> & Partial<DoctorCheck>) =>
      checks.push({ error: null, facts: {}, ...c });
    const server = this.deps.server() ?? '';
    if (!this.signedIn()) {
      add({ id: 'server', subject: server, status: 'skipped' });
      add({
        id: 'serverSession',
        subject: null,
        status: 'fail',
        error: this.signedOutReason() ?? { code: 'notSignedIn', message: 'Sign in first' },
      });
      return checks;
    }
    let me: MeReply | null = null;
    let error: AppErrorPayload | null = null;
    try {
      me = await this.loadMe();
    } catch (e) {
      error = toErrorPayload(e);
    }
    const sessionEnded = error !== null && ['sessionRevoked', 'notSignedIn'].includes(error.code);
    const facts: Record<string, string | number> = me
      ? { version: me.server.version, apiVersion: me.server.apiVersion, mode: me.server.mode }
      : {};
    add({
      id: 'server',
      subject: server,
      status: me || sessionEnded ? 'pass' : 'fail',
      error: me || sessionEnded ? null : error,
      facts,
    });
    add({
      id: 'serverSession',
      subject: me ? (me.user.name ?? me.user.userId) : null,
      status: me ? 'pass' : sessionEnded ? 'fail' : 'skipped',
      error: sessionEnded ? error : null,
      facts: me ? { userId: me.user.userId, device: me.session.deviceName } : {},
    });
    if (!me) return checks;
    try {
      const health = await this.api().health();
      for (const c of health.checks) {
        checks.push({ ...c, id: c.id as DoctorCheck['id'], origin: 'server' });
      }
    } catch (e) {
      this.deps.logger.warn('server health unavailable', { code: toErrorPayload(e).code });
    }
    return checks;
  }

  private deviceKey(): Promise<DeviceKey> {
    this.key ??= loadDeviceKey({
      load: () => this.deps.secrets.get('deviceKey'),
      save: (jwk) => this.deps.secrets.set('deviceKey', jwk),
    });
    return this.key;
  }

  private wire(): Wired {
    const server = this.deps.server();
    if (!server) throw new AppError('notConfigured', 'No company server is configured');
    if (this.wired?.server === server) return this.wired;
    this.wired?.stream.stop();
    const http = new ServerHttp({
      server,
      deviceKey: () => this.deviceKey(),
      clock: this.deps.clock,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      ...(this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}),
      onCall: ({ ok, errorCode }) => {
        if (ok) this.deps.onOnline(true);
        else if (errorCode && NO_ANSWER_CODES.has(errorCode as ErrorCode))
          this.deps.onOnline(false);
      },
    });
    const session = new ServerSession({
      http,
      clock: this.deps.clock,
      refreshToken: {
        get: () => this.deps.secrets.get('serverRefreshToken'),
        set: (token) => this.deps.secrets.set('serverRefreshToken', token),
        delete: () => this.deps.secrets.delete('serverRefreshToken'),
      },
      onSignedOut: (reason) => this.signedOut(reason),
    });
    const api = new CompanyApi(http, session);
    const stream = new EventStream({
      api,
      logger: this.deps.logger,
      ...(this.deps.eventBackoff ? { backoff: this.deps.eventBackoff } : {}),
      onEvent: (event) => this.onEvent(event),
      onState: (state) => this.onStreamState(state),
    });
    this.wired = { server, http, session, api, stream };
    return this.wired;
  }

  private onStreamState(state: StreamState): void {
    if (state === 'connected') {
      this.deps.onOnline(true);
      this.deps.onConnected();
    }
    this.deps.onChanged();
  }

  private onEvent(event: ServerEvent): void {
    switch (event.event) {
      case 'punch':
        this.deps.onPunch(event.data);
        return;
      case 'day':
        this.deps.onDay(event.data.date);
        return;
      case 'policy': {
        const me = this.me();
        if (me) this.deps.state.set(ME_KEY, { ...me, policies: event.data });
        this.deps.onPolicies();
        return;
      }
      case 'revoked':
        this.wired?.session.end(
          new AppError('sessionRevoked', event.data.reason || 'This session was ended').toPayload(),
        );
        return;
    }
  }

  private signedOut(reason: AppErrorPayload): void {
    this.wired?.stream.stop();
    this.deps.state.set(SIGNED_OUT_KEY, reason);
    this.deps.state.delete(ME_KEY);
    this.deps.onSignedOut(reason);
  }
}
