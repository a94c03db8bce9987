/**
 * Deletes what can no longer be used: expired browser logins and codes, and
 * refresh tokens past their expiry (until then a used one must stay, to be
 * recognised as a replay). Run now and then from the login and token endpoints, so the
 * tables stay small without a timer of their own.
 */
import type { Db } from '../store/schema';
import { PRUNE_GRACE_MS } from './limits';

export async function pruneExpired(db: Db, now: number): Promise<void> {
  const late = now - PRUNE_GRACE_MS;
  await db.deleteFrom('login_requests').where('expires_at', '<=', late).execute();
  await db.deleteFrom('auth_codes').where('expires_at', '<=', late).execute();
  await db.deleteFrom('refresh_tokens').where('expires_at', '<=', now).execute();
}
