/**
 * App access tokens, login codes and user tokens, all timed by the simulated
 * clock. An app token asked for again while valid comes back unchanged with
 * its expiry pushed out (dingtalk-api.md §2); legacy gettoken and v1.0
 * oauth2/accessToken hand out the same token.
 */
import { randomBytes } from 'node:crypto';

export const TOKEN_TTL_MS = 7_200_000;
export const AUTH_CODE_TTL_MS = 300_000;

const secret = () => randomBytes(16).toString('hex');

interface AppToken {
  value: string;
  appKey: string;
  expiresAt: number;
  revoked: boolean;
}

export type AppTokenCheck =
  { ok: true; appKey: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export class AppTokens {
  private readonly byValue = new Map<string, AppToken>();
  private readonly current = new Map<string, AppToken>();

  issue(appKey: string, now: number): { value: string; expiresAt: number } {
    let token = this.current.get(appKey);
    if (!token || token.revoked || token.expiresAt <= now) {
      token = { value: secret(), appKey, expiresAt: 0, revoked: false };
      this.byValue.set(token.value, token);
      this.current.set(appKey, token);
    }
    token.expiresAt = now + TOKEN_TTL_MS;
    return { value: token.value, expiresAt: token.expiresAt };
  }

  check(value: string, now: number): AppTokenCheck {
    const token = this.byValue.get(value);
    if (!token) return { ok: false, reason: 'unknown' };
    if (token.revoked) return { ok: false, reason: 'revoked' };
    if (token.expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, appKey: token.appKey };
  }

  /** Whose token it is, valid or not (for the request log). */
  owner(value: string): string | undefined {
    return this.byValue.get(value)?.appKey;
  }

  revokeAll(appKey: string): void {
    for (const token of this.byValue.values()) if (token.appKey === appKey) token.revoked = true;
    this.current.delete(appKey);
  }
}

export interface UserToken {
  accessToken: string;
  refreshToken: string;
  appKey: string;
  userid: string;
  expiresAt: number;
}

interface AuthCode {
  appKey: string;
  userid: string;
  expiresAt: number;
}

/** Browser-login codes (single use, 5 minutes) and the user tokens they buy. */
export class LoginTokens {
  private readonly codes = new Map<string, AuthCode>();
  private readonly byAccess = new Map<string, UserToken>();
  private readonly byRefresh = new Map<string, UserToken>();

  issueCode(appKey: string, userid: string, now: number): string {
    const code = secret();
    this.codes.set(code, { appKey, userid, expiresAt: now + AUTH_CODE_TTL_MS });
    return code;
  }

  /** The code's user, once: a code is gone after its first redemption attempt by its app. */
  redeemCode(code: string, appKey: string, now: number): string | null {
    const entry = this.codes.get(code);
    if (!entry || entry.appKey !== appKey) return null;
    this.codes.delete(code);
    return entry.expiresAt > now ? entry.userid : null;
  }

  issueUserToken(appKey: string, userid: string, now: number): UserToken {
    const token: UserToken = {
      accessToken: secret(),
      refreshToken: secret(),
      appKey,
      userid,
      expiresAt: now + TOKEN_TTL_MS,
    };
    this.byAccess.set(token.accessToken, token);
    this.byRefresh.set(token.refreshToken, token);
    return token;
  }

  /** A refresh token is single use too: it buys a fresh pair. */
  refresh(refreshToken: string, appKey: string, now: number): UserToken | null {
    const old = this.byRefresh.get(refreshToken);
    if (!old || old.appKey !== appKey) return null;
    this.byRefresh.delete(refreshToken);
    this.byAccess.delete(old.accessToken);
    return this.issueUserToken(appKey, old.userid, now);
  }

  userToken(accessToken: string, now: number): UserToken | null {
    const token = this.byAccess.get(accessToken);
    return token && token.expiresAt > now ? token : null;
  }
}
