/**
 * Device sessions: checking a request (`Authorization: DPoP <token>` and its
 * proof), and listing and ending one's own sessions.
 *
 * What a request is told, and why:
 *
 * | situation                                   | code           | the desktop…            |
 * | ------------------------------------------- | -------------- | ----------------------- |
 * | no Authorization, unknown token, other scheme | notSignedIn  | refreshes, else signs in |
 * | `Bearer` instead of `DPoP`                  | proofInvalid   | (a client bug)          |
 * | proof missing, wrong key/URL/method, replayed, no `ath` | proofInvalid | signs in again |
 * | session revoked (IT, user, replay, logout)  | sessionRevoked | signs in again          |
 * | access token expired                        | notSignedIn ('access token expired') | refreshes |
 *
 * The proof is checked before the session's state is revealed, so a copied
 * token without its key learns nothing (not even that it was revoked).
 */
import { AppError } from '../../shared/errors';
import type { SessionsReply } from '../../shared/server-api';
import type { AuthedSession, RequestMeta } from '../services';
import type { SessionRow } from '../store/schema';
import { sha256 } from './crypto';
import type { AuthDeps } from './deps';
import type { ProofVerifier } from './dpop';
import { LAST_SEEN_EVERY_MS, REFRESH_TTL_MS } from './limits';
import { REVOKE_REASONS, revokeSession } from './revoke';

export interface SessionDeps extends AuthDeps {
  proofs: ProofVerifier;
}

/** `DPoP <token>` → the token; anything else is refused with the code of the table above. */
export function accessTokenOf(authorization: string | undefined): string {
  const match = /^([A-Za-z]+) +([A-Za-z0-9._~+/-]+=*)$/.exec(authorization?.trim() ?? '');
  if (!match) throw new AppError('notSignedIn', 'No access token');
  const scheme = (match[1] ?? '').toLowerCase();
  if (scheme === 'bearer') {
    throw new AppError('proofInvalid', 'This token is bound to a key: use the DPoP scheme');
  }
  if (scheme !== 'dpop') throw new AppError('notSignedIn', 'Unsupported authorization scheme');
  return match[2] ?? '';
}

export async function authenticate(
  deps: SessionDeps,
  authorization: string | undefined,
  dpopProof: string | undefined,
  meta: RequestMeta,
): Promise<AuthedSession> {
  const accessToken = accessTokenOf(authorization);
  const row = await deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('access_hash', '=', sha256(accessToken))
    .executeTakeFirst();
  if (!row) throw new AppError('notSignedIn', 'Unknown access token');
  const proof = await deps.proofs.verify(dpopProof, {
    method: meta.method,
    url: meta.url,
    accessToken,
  });
  if (proof.jkt !== row.jkt) {
    throw new AppError('proofInvalid', 'DPoP proof is not from the key of this session');
  }
  const now = deps.clock.now();
  if (row.revoked_at !== null) throw revoked(row);
  if (row.access_expires_at <= now) throw new AppError('notSignedIn', 'access token expired');
  await touch(deps, row, now, meta.ip);
  return toAuthed(row);
}

function revoked(row: SessionRow): AppError {
  return new AppError('sessionRevoked', `Session revoked (${row.revoked_reason ?? 'unknown'})`);
}

/** Last seen and from where, written at most once a minute per session (or on a new IP). */
async function touch(deps: SessionDeps, row: SessionRow, now: number, ip: string | null) {
  if (now - row.last_seen_at < LAST_SEEN_EVERY_MS && ip === row.last_ip) return;
  await deps.db
    .updateTable('sessions')
    .set({ last_seen_at: now, last_ip: ip })
    .where('id', '=', row.id)
    .execute();
}

function toAuthed(row: SessionRow): AuthedSession {
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    deviceId: row.device_id,
    deviceName: row.device_name,
    createdAt: row.created_at,
  };
}

/**
 * The caller's live sessions, most recently seen first. A session not seen
 * for longer than a refresh token lives is over even if nobody revoked it
 * (every refresh updates last_seen_at).
 */
export async function listSessions(
  deps: SessionDeps,
  session: AuthedSession,
): Promise<SessionsReply> {
  const rows = await deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', session.userId)
    .where('revoked_at', 'is', null)
    .where('last_seen_at', '>', deps.clock.now() - REFRESH_TTL_MS)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return {
    sessions: rows.map((row) => ({
      id: row.id,
      deviceName: row.device_name,
      platform: row.platform,
      appVersion: row.app_version,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      lastIp: row.last_ip,
      current: row.id === session.id,
    })),
  };
}

/** Ends one of the caller's own sessions; anyone else's (or an unknown id) is forbidden. */
export async function revokeOwn(
  deps: SessionDeps,
  session: AuthedSession,
  sessionId: string,
  meta: RequestMeta,
): Promise<void> {
  const row = await deps.db
    .selectFrom('sessions')
    .select(['user_id'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  // The same answer for "not yours" and "no such session": ids of others stay unknowable.
  if (!row || row.user_id !== session.userId) {
    throw new AppError('forbidden', 'Not a session of yours');
  }
  const reason = sessionId === session.id ? REVOKE_REASONS.logout : REVOKE_REASONS.byUser;
  await revokeSession(deps, sessionId, reason, `user:${session.userId}`, { ip: meta.ip });
}

export async function logout(
  deps: SessionDeps,
  session: AuthedSession,
  meta: RequestMeta,
): Promise<void> {
  await revokeSession(deps, session.id, REVOKE_REASONS.logout, `user:${session.userId}`, {
    ip: meta.ip,
  });
}
