/**
 * The engine's identity room: who punches on this install (a browser sign-in
 * through DingTalk or the company server, a mobile look-up, a typed userid,
 * the demo user or the CLI's override), kept in the state store, and signing out.
 */
import { AppError } from '../../shared/errors';
import type { Identity } from '../../shared/model';
import type { DemoBackend, LoginFlow } from '../identity/identity';
import { loginWithBrowser } from '../identity/identity';
import { LoginAttempts } from '../identity/attempts';
import type { Store } from '../ports';
import type { Vault } from '../settings/vault';
import type { ConnectionRoom } from './connection-room';
import type { ServerRoom } from './server-room';

export interface IdentityRoomDeps {
  state: Store;
  vault: Vault;
  conn: ConnectionRoom;
  server: ServerRoom;
  /** The CLI's --user / environment override: wins over the stored identity. */
  overrideUserId?: string;
  openUrl: (url: string) => Promise<void>;
  loginTimeoutMs: number;
  /** Forget the cached days of a user who signs out. */
  forgetDays: (userId: string) => void;
  /** Signed in through the company server: its stream and outbox may now work. */
  onServerSignIn: () => void;
  onChanged: () => void;
}

export class IdentityRoom {
  private readonly login = new LoginAttempts<LoginFlow>();

  constructor(private readonly deps: IdentityRoomDeps) {}

  identity(): Identity | null {
    if (this.deps.overrideUserId)
      return { userId: this.deps.overrideUserId, name: null, via: 'env' };
    const stored = this.deps.state.get<Identity>(this.key());
    return stored && typeof stored.userId === 'string' ? stored : null;
  }

  /** The identity, or why there is none (throws notConfigured / notSignedIn). */
  require(): Identity {
    if (!this.deps.conn.configured()) {
      throw new AppError('notConfigured', 'No DingTalk app is configured');
    }
    const identity = this.identity();
    if (!identity) throw new AppError('notSignedIn', 'Sign in first');
    return identity;
  }

  set(identity: Identity | null): void {
    if (identity) this.deps.state.set(this.key(), identity);
    else this.deps.state.delete(this.key());
    this.deps.onChanged();
  }

  /** Demo mode starts signed in as the simulator's user (unless someone already is). */
  enterDemo(backend: DemoBackend): void {
    if (this.identity()) return;
    this.set({ userId: backend.userId, name: backend.userName, via: 'demo' });
  }

  async loginWithBrowser(): Promise<Identity> {
    if (this.deps.conn.kind() === 'server') {
      const identity = await this.deps.server.loginWithBrowser();
      this.set(identity);
      this.deps.onServerSignIn();
      return identity;
    }
    const identity = await this.login.run(
      () =>
        loginWithBrowser({
          api: this.deps.conn.api(),
          openUrl: (url) => {
            const demo = this.deps.conn.demo();
            return demo ? demo.approveLogin(url) : this.deps.openUrl(url);
          },
          timeoutMs: this.deps.loginTimeoutMs,
        }),
      (flow) => flow.identity,
    );
    this.set(identity);
    return identity;
  }

  cancelLogin(): void {
    this.deps.server.cancelLogin();
    this.login.cancel();
  }

  async lookupByMobile(mobile: string): Promise<Identity> {
    if (!this.deps.conn.policies().mobileLookupAllowed || this.deps.conn.kind() === 'server') {
      throw new AppError('invalidInput', 'Mobile lookup is not allowed by your administrator', {
        field: 'mobile',
      });
    }
    const userId = await this.deps.conn.api().userIdByMobile(mobile.replace(/[\s-]/g, ''));
    const identity: Identity = { userId, name: null, via: 'mobile' };
    this.set(identity);
    return identity;
  }

  setUserId(userId: string): Identity {
    const { conn } = this.deps;
    if ((!conn.policies().manualUserIdAllowed && !conn.demo()) || conn.kind() === 'server') {
      throw new AppError(
        'invalidInput',
        'Entering a user id is not allowed by your administrator',
        {
          field: 'userId',
        },
      );
    }
    const identity: Identity = { userId, name: null, via: 'manual' };
    this.set(identity);
    return identity;
  }

  signOut(): void {
    const identity = this.identity();
    if (identity && this.deps.conn.configured()) this.deps.forgetDays(identity.userId);
    this.deps.vault.deleteSecret('userRefreshToken');
    // The app token cache goes too (on disk and the client's copy): nothing issued while this
    // employee was signed in stays behind. The next call fetches a new one.
    this.deps.vault.deleteSecret('appToken');
    if (this.deps.conn.kind() !== 'demo') this.deps.conn.resetClient();
    // Server mode: the device session's tokens go now; the server ends it too (best effort).
    if (this.deps.conn.kind() === 'server') void this.deps.server.signOut().catch(() => undefined);
    this.set(null);
  }

  private key(): string {
    return this.deps.conn.demo() ? 'identity:demo' : 'identity';
  }
}
