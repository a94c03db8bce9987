/**
 * Admin console sessions: a random cookie whose sha256 is the row's key (a
 * copy of the database signs no one in), an idle expiry and an absolute one,
 * and a CSRF token derived from the cookie value, so it is bound to the
 * session, never stored, and unknown to anyone who only has the database.
 */
import { randomToken, sameText, sha256 } from '../auth/crypto';
import type { Db } from '../store/schema';

/** No request for this long ends the session. */
export const IDLE_MS = 30 * 60_000;
/** Whatever the activity, a session ends this long after sign-in. */
export const ABSOLUTE_MS = 8 * 3600_000;
/** A sign-in on its way through DingTalk. */
export const LOGIN_TTL_MS = 10 * 60_000;
/** last_seen_at is written at most this often (a page makes several requests at once). */
const TOUCH_EVERY_MS = 30_000;

export interface AdminSession {
  idHash: string;
  userId: string;
  userName: string | null;
  createdAt: number;
  expiresAt: number;
  /** Send this in the x-csrf-token header of every state-changing request. */
  csrfToken: string;
}

export type SessionVerdict = 'ok' | 'ended' | 'idle' | 'expired';

/** Whether a session row may still be used at `now` (pure). */
export function judgeSession(
  row: { expires_at: number; last_seen_at: number; ended_at: number | null },
  now: number,
): SessionVerdict {
  if (row.ended_at !== null) return 'ended';
  if (now >= row.expires_at) return 'expired';
  if (now - row.last_seen_at >= IDLE_MS) return 'idle';
  return 'ok';
}

export const csrfTokenOf = (cookieValue: string) => sha256(`daka-admin-csrf\0${cookieValue}`);

export function csrfMatches(cookieValue: string, header: string | undefined): boolean {
  return typeof header === 'string' && sameText(csrfTokenOf(cookieValue), header);
}

/** Cookie names: the __Host- prefix (Secure, Path=/, no Domain) whenever https is used. */
export function cookieNames(secure: boolean): { session: string; login: string } {
  return secure
    ? { session: '__Host-daka_admin', login: '__Host-daka_admin_login' }
    : { session: 'daka_admin', login: 'daka_admin_login' };
}

export async function createSession(
  db: Db,
  user: { userId: string; name: string | null },
  now: number,
  ip: string | null,
): Promise<{ cookie: string; session: AdminSession }> {
  const cookie = randomToken();
  const idHash = sha256(cookie);
  const expiresAt = now + ABSOLUTE_MS;
  await db
    .insertInto('admin_sessions')
    .values({
      id_hash: idHash,
      user_id: user.userId,
      user_name: user.name,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
      ip,
      ended_at: null,
    })
    .execute();
  return {
    cookie,
    session: {
      idHash,
      userId: user.userId,
      userName: user.name,
      createdAt: now,
      expiresAt,
      csrfToken: csrfTokenOf(cookie),
    },
  };
}

/** The live session of a cookie, touched; or why there is none. */
export async function findSession(
  db: Db,
  cookie: string | undefined,
  now: number,
): Promise<{ session: AdminSession } | { refusal: SessionVerdict | 'none' }> {
  if (!cookie || cookie.length > 200) return { refusal: 'none' };
  const idHash = sha256(cookie);
  const row = await db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return { refusal: 'none' };
  const verdict = judgeSession(row, now);
  if (verdict !== 'ok') {
    if (row.ended_at === null) {
      await db
        .updateTable('admin_sessions')
        .set({ ended_at: now })
        .where('id_hash', '=', idHash)
        .execute();
    }
    return { refusal: verdict };
  }
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) {
    await db
      .updateTable('admin_sessions')
      .set({ last_seen_at: now })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return {
    session: {
      idHash,
      userId: row.user_id,
      userName: row.user_name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      csrfToken: csrfTokenOf(cookie),
    },
  };
}

export async function endSession(db: Db, idHash: string, now: number): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ ended_at: now })
    .where('id_hash', '=', idHash)
    .where('ended_at', 'is', null)
    .execute();
}

/** Remembers a sign-in's state (hashed) until DingTalk comes back with it. */
export async function rememberLogin(db: Db, state: string, now: number): Promise<void> {
  await db
    .insertInto('admin_logins')
    .values({
      state_hash: sha256(state),
      created_at: now,
      expires_at: now + LOGIN_TTL_MS,
      used_at: null,
    })
    .execute();
  // Old rows are of no use to anyone.
  await db
    .deleteFrom('admin_logins')
    .where('expires_at', '<', now - LOGIN_TTL_MS)
    .execute();
  await db
    .deleteFrom('admin_sessions')
    .where('expires_at', '<', now - ABSOLUTE_MS)
    .execute();
}

/** Claims a state once; false when unknown, used or expired. */
export async function claimLogin(db: Db, state: string, now: number): Promise<boolean> {
  const claimed = await db
    .updateTable('admin_logins')
    .set({ used_at: now })
    .where('state_hash', '=', sha256(state))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return claimed.numUpdatedRows === 1n;
}
