/** Signed-in devices (sessions not revoked) and revoking them. */
import type { Db } from '../store/schema';
import type { Device } from './ui/contract';

export async function listDevices(db: Db): Promise<Device[]> {
  const rows = await db
    .selectFrom('sessions')
    .select([
      'id',
      'user_id',
      'user_name',
      'device_name',
      'platform',
      'app_version',
      'created_at',
      'last_seen_at',
      'last_ip',
    ])
    .where('revoked_at', 'is', null)
    .orderBy('user_id')
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    sessionId: r.id,
    userId: r.user_id,
    userName: r.user_name,
    deviceName: r.device_name,
    platform: r.platform,
    appVersion: r.app_version,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.last_ip,
  }));
}

export async function liveSessionsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function liveSession(db: Db, sessionId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'device_name'])
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
