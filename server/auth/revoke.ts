/**
 * Ending a session: the row is marked (never deleted: its refresh tokens must
 * still be recognised as replays), the audit log says who and why, and the
 * desktop hears it at once over its event stream.
 */
import type { AuthDeps } from './deps';

type RevokeDeps = Pick<AuthDeps, 'db' | 'clock' | 'bus' | 'logger'>;

/** Well-known reasons (free text is allowed too, e.g. from the admin console). */
export const REVOKE_REASONS = {
  logout: 'logout',
  byUser: 'revoked-by-user',
  refreshReplay: 'refresh-replay',
  codeReplay: 'code-replay',
  replaced: 'replaced',
} as const;

/**
 * Revokes `sessionId` unless it already is. Returns false when there was
 * nothing to do (unknown or already revoked), so callers stay idempotent.
 */
export async function revokeSession(
  deps: RevokeDeps,
  sessionId: string,
  reason: string,
  actor: string,
  options: { ip?: string | null; notify?: boolean } = {},
): Promise<boolean> {
  const now = deps.clock.now();
  const row = await deps.db
    .selectFrom('sessions')
    .select(['user_id', 'device_name'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return false;
  const done = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (updated.numUpdatedRows !== 1n) return false;
    await trx
      .insertInto('audit_log')
      .values({
        at: now,
        actor,
        action: 'session.revoke',
        subject: sessionId,
        detail_json: JSON.stringify({ reason, userId: row.user_id, device: row.device_name }),
        ip: options.ip ?? null,
      })
      .execute();
    return true;
  });
  if (!done) return false;
  deps.logger.info('auth: session revoked', { sessionId, userId: row.user_id, reason, actor });
  if (options.notify !== false) {
    deps.bus.publish({ userId: row.user_id, sessionId }, { event: 'revoked', data: { reason } });
  }
  return true;
}
