/**
 * This device's session with the company server: the refresh token (kept in
 * the vault) and the short-lived access token (memory only). Refreshes happen
 * before expiry, one at a time however many callers ask; the server rotates
 * the refresh token on each use, so the NEW one is stored before the new
 * access token is used (a crash in between must not leave us holding a spent
 * token). A refresh the server refuses (sessionRevoked, notSignedIn) signs the
 * device out with that reason. A refresh whose answer was lost (it may have been
 * spent) is never sent again: the server takes a second use as theft and ends
 * the session, so the device signs in again instead.
 */
import { AppError, type AppErrorPayload, toErrorPayload } from '../../shared/errors';
import {
  PATHS,
  type ServerUser,
  tokenReply,
  type TokenReply,
  type TokenRequest,
} from '../../shared/server-api';
import type { Clock } from '../ports';
import { registerSecret } from '../redact';
import type { ServerHttp } from './http';

/** Renew this long before the access token expires (clock differences, a slow request). */
const EARLY_MS = 60_000;
/**
 * A refused proof whose clock reading moved this much since it was signed was refused for
 * its time (the server takes iat within 60 s). The server checks the proof before it looks
 * at the refresh token or the code, so sending them once more, with the skew just
 * measured, is no replay.
 */
const SKEW_LEARNT_MS = 30_000;

export interface SessionSecrets {
  get(): string | undefined;
  /** Settles once the token is stored for good (the vault encrypts asynchronously). */
  set(refreshToken: string): void | Promise<void>;
  delete(): void;
}

export interface ServerSessionDeps {
  http: ServerHttp;
  refreshToken: SessionSecrets;
  clock: Clock;
  /** The server ended this session (or refused its refresh token). */
  onSignedOut: (reason: AppErrorPayload) => void;
}

const ENDED: ReadonlySet<string> = new Set(['sessionRevoked', 'notSignedIn', 'proofInvalid']);

export class ServerSession {
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string> | null = null;
  /**
   * Bumped by every adopt and forget: a refresh that answers after the tokens changed
   * (signed out, another server, signed in again) must not write its tokens over them.
   */
  private epoch = 0;

  constructor(private readonly deps: ServerSessionDeps) {}

  signedIn(): boolean {
    return this.deps.refreshToken.get() !== undefined;
  }

  /** The token endpoint (a code or a refresh token); proof of this device's key, no access token. */
  async requestTokens(request: TokenRequest): Promise<TokenReply> {
    const send = () => this.deps.http.json('POST', PATHS.authToken, tokenReply, { body: request });
    const skewBefore = this.deps.http.clockSkewMs() ?? 0;
    const reply = await send().catch((error: unknown) => {
      // After a start (no skew known yet) or a clock jump, a clock minutes off is learnt from
      // the refusal's Date header: not a reason to sign the employee out (or fail a sign-in).
      const learnt = Math.abs((this.deps.http.clockSkewMs() ?? 0) - skewBefore) > SKEW_LEARNT_MS;
      if (learnt && toErrorPayload(error).code === 'proofInvalid') return send();
      throw error;
    });
    // Every token issued is masked in the logs from the moment it arrives.
    registerSecret(reply.access_token);
    registerSecret(reply.refresh_token);
    return reply;
  }

  /**
   * A fresh sign-in's tokens: the refresh token stored first (its cipher text on disk), then
   * the access token used. If storing fails the token is still held for this run.
   */
  async adopt(reply: TokenReply): Promise<ServerUser> {
    this.epoch += 1;
    const epoch = this.epoch;
    await Promise.resolve(this.deps.refreshToken.set(reply.refresh_token)).catch(() => undefined);
    // Forgotten (or replaced) while it was being stored: these tokens are nobody's now.
    if (epoch === this.epoch) {
      this.access = {
        token: reply.access_token,
        expiresAt: this.deps.clock.now() + reply.expires_in * 1000,
      };
    }
    return reply.user;
  }

  /** A valid access token, refreshed first when it is missing or about to expire. */
  async accessToken(): Promise<string> {
    const a = this.access;
    if (a && a.expiresAt - EARLY_MS > this.deps.clock.now()) return a.token;
    return this.refresh();
  }

  /** The server said the access token is no good: drop it (the next call refreshes). */
  invalidate(token: string): void {
    if (this.access?.token === token) this.access = null;
  }

  /** One refresh at a time: concurrent callers share it (a second use would be a replay). */
  refresh(): Promise<string> {
    if (this.refreshing) return this.refreshing;
    const refreshing = this.doRefresh().finally(() => {
      if (this.refreshing === refreshing) this.refreshing = null;
    });
    this.refreshing = refreshing;
    return refreshing;
  }

  private async doRefresh(): Promise<string> {
    const refreshToken = this.deps.refreshToken.get();
    // Read back from the vault or the CLI's session file: masked in the logs like a fresh one.
    registerSecret(refreshToken);
    if (refreshToken === undefined) throw new AppError('notSignedIn', 'Sign in first');
    const epoch = this.epoch;
    let reply: TokenReply;
    try {
      reply = await this.requestTokens({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
    } catch (error) {
      // Forgotten (or replaced) meanwhile: nothing of ours to end.
      if (epoch !== this.epoch) throw error;
      const payload = toErrorPayload(error);
      // The token is spent or the session is gone: only a new sign-in helps.
      if (ENDED.has(payload.code)) this.end(payload);
      if (payload.detail?.delivery === 'unknown') {
        // The server may have rotated it: sending it again would be a replay.
        const lost = new AppError(
          'notSignedIn',
          'The sign-in could not be renewed (the server’s answer was lost): sign in again',
        );
        this.end(lost.toPayload());
        throw lost;
      }
      throw error;
    }
    if (epoch !== this.epoch) {
      // Forgotten (or replaced) meanwhile: these tokens belong to a session nobody holds now.
      throw new AppError('notSignedIn', 'Signed out while the sign-in was being renewed');
    }
    await this.adopt(reply);
    return reply.access_token;
  }

  /** The server ended the session (a refused refresh, a 'revoked' event, a call answered so). */
  end(reason: AppErrorPayload): void {
    const wasSignedIn = this.signedIn();
    this.forget();
    if (wasSignedIn) this.deps.onSignedOut(reason);
  }

  /**
   * Sign-out: the tokens are forgotten NOW (before any network call, so nothing that answers
   * later can write over a new sign-in's), and an access token for telling the server is
   * returned: the one in memory, or one from a last refresh that stores nothing.
   */
  release(): Promise<string | null> {
    const a = this.access;
    const refreshToken = this.deps.refreshToken.get();
    // Read back from the vault or the CLI's session file: masked in the logs like a fresh one.
    registerSecret(refreshToken);
    this.forget();
    if (a && a.expiresAt - EARLY_MS > this.deps.clock.now()) return Promise.resolve(a.token);
    if (refreshToken === undefined) return Promise.resolve(null);
    return this.requestTokens({ grant_type: 'refresh_token', refresh_token: refreshToken })
      .then((reply) => reply.access_token)
      .catch(() => null);
  }

  /** Local sign-out: the tokens are forgotten. */
  forget(): void {
    this.epoch += 1;
    this.access = null;
    this.refreshing = null;
    this.deps.refreshToken.delete();
  }
}
