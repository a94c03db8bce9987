/**
 * The punch audit log: every punch intent the server took (the `punches`
 * table is the outbox and the record), filtered by employee, date range (org
 * time zone, by click time) and outcome, newest first.
 */
import type { AppErrorPayload } from '../../shared/errors';
import { addDays, startOfDate } from '../../shared/time';
import type { Db, PunchRow } from '../store/schema';
import type { Outcome, PunchEntry, PunchQuery } from './ui/contract';

/** What a punch row came to (pure): a refusal, or punched with what was special about it. */
export function outcomesOf(row: Pick<PunchRow, 'state' | 'offline' | 'settled_by'>): Outcome[] {
  if (row.state === 'refused') return ['refused'];
  if (row.state !== 'punched') return ['pending'];
  const out: Outcome[] = ['punched'];
  if (row.offline === 1) out.push('offline');
  if (row.settled_by === 'reconciled') out.push('reconciled');
  return out;
}

function reasonOf(row: Pick<PunchRow, 'state' | 'error_json'>): AppErrorPayload | null {
  if (row.state !== 'refused' || !row.error_json) return null;
  try {
    const parsed = JSON.parse(row.error_json) as AppErrorPayload;
    return typeof parsed.code === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

export async function queryPunches(
  db: Db,
  timeZone: string,
  filter: Omit<PunchQuery, 'limit'>,
  limit: number,
): Promise<{ punches: PunchEntry[]; total: number }> {
  let q = db.selectFrom('punches').leftJoin('users', 'users.user_id', 'punches.user_id');
  if (filter.user) q = q.where('punches.user_id', '=', filter.user);
  if (filter.from) q = q.where('punches.clicked_at', '>=', startOfDate(filter.from, timeZone));
  if (filter.to) {
    q = q.where('punches.clicked_at', '<', startOfDate(addDays(filter.to, 1), timeZone));
  }
  switch (filter.outcome) {
    case 'punched':
      q = q.where('punches.state', '=', 'punched');
      break;
    case 'offline':
      q = q.where('punches.state', '=', 'punched').where('punches.offline', '=', 1);
      break;
    case 'reconciled':
      q = q.where('punches.state', '=', 'punched').where('punches.settled_by', '=', 'reconciled');
      break;
    case 'refused':
      q = q.where('punches.state', '=', 'refused');
      break;
    case 'pending':
      q = q.where('punches.state', 'in', ['accepted', 'sending', 'unknown']);
      break;
    case undefined:
      break;
  }
  const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'punches.id',
      'punches.user_id',
      'users.name',
      'punches.device_name',
      'punches.clicked_at',
      'punches.received_at',
      'punches.check_time',
      'punches.state',
      'punches.offline',
      'punches.settled_by',
      'punches.error_json',
      'punches.request_id',
      'punches.client_ip',
    ])
    .orderBy('punches.clicked_at', 'desc')
    .orderBy('punches.id', 'desc')
    .limit(limit)
    .execute();
  return {
    total: Number(count.n),
    punches: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      userName: r.name ?? null,
      deviceName: r.device_name,
      clickedAt: r.clicked_at,
      receivedAt: r.received_at,
      checkTime: r.check_time,
      outcomes: outcomesOf(r),
      // ErrorDetail has no index signature; the payload is the same object.
      reason: reasonOf(r) as PunchEntry['reason'],
      requestId: r.request_id,
      ip: r.client_ip,
    })),
  };
}

export async function employees(db: Db): Promise<{ userId: string; name: string | null }[]> {
  const rows = await db
    .selectFrom('users')
    .select(['user_id', 'name'])
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name }));
}
