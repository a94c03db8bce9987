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
import type { ServerHttp } from './http';

/** Renew this long before the access token expires (clock differences, a slow request). */
const EARLY_MS = 60_000;

export interface SessionSecrets {
  get(): string | undefined;
  set(refreshToken: string): void;
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

  constructor(private readonly deps: ServerSessionDeps) {}

  signedIn(): boolean {
    return this.deps.refreshToken.get() !== undefined;
  }

  /** The token endpoint (a code or a refresh token); proof of this device's key, no access token. */
  async requestTokens(request: TokenRequest): Promise<TokenReply> {
    return this.deps.http.json('POST', PATHS.authToken, tokenReply, { body: request });
  }

  /** A fresh sign-in's tokens: refresh token stored first, then the access token used. */
  adopt(reply: TokenReply): ServerUser {
    this.deps.refreshToken.set(reply.refresh_token);
    this.access = {
      token: reply.access_token,
      expiresAt: this.deps.clock.now() + reply.expires_in * 1000,
    };
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
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const refreshToken = this.deps.refreshToken.get();
    if (refreshToken === undefined) throw new AppError('notSignedIn', 'Sign in first');
    let reply: TokenReply;
    try {
      reply = await this.requestTokens({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      });
    } catch (error) {
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
    this.adopt(reply);
    return reply.access_token;
  }

  /** The server ended the session (a refused refresh, a 'revoked' event, a call answered so). */
  end(reason: AppErrorPayload): void {
    const wasSignedIn = this.signedIn();
    this.forget();
    if (wasSignedIn) this.deps.onSignedOut(reason);
  }

  /** Local sign-out: the tokens are forgotten (the caller tells the server first). */
  forget(): void {
    this.access = null;
    this.deps.refreshToken.delete();
  }
}
