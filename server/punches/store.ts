/**
 * The punches table: the server's outbox toward DingTalk and the audit log of
 * every intent. Every state change is a conditional update (`where state = …`)
 * so a row is only ever moved from the state its mover saw.
 */
import type { AppErrorPayload } from '../../shared/errors';
import type { Db, NewPunch, PunchRow, PunchUpdate } from '../store/schema';
import type { RowState } from './view';

export interface PunchStore {
  /** Inserts unless (device_id, intent_id) exists; returns the stored row and whether it is new. */
  insertOnce(row: NewPunch): Promise<{ row: PunchRow; inserted: boolean }>;
  byIntent(userId: string, intentId: string, preferDevice: string): Promise<PunchRow | undefined>;
  byId(id: number): Promise<PunchRow | undefined>;
  /**
   * Rows the worker may have to act on, oldest first: accepted, unknown, and sending
   * (one no process works on was left by a process that died, see the worker).
   */
  pending(limit: number): Promise<PunchRow[]>;
  /** Moves a row from `from` to `to`; false when it was no longer in `from`. */
  move(id: number, from: RowState, to: RowState, patch?: PunchUpdate): Promise<boolean>;
  /** Rows of a user already in DingTalk with a check time in [from, to]. */
  settledNear(userId: string, from: number, to: number, exceptId: number): Promise<PunchRow[]>;
  /**
   * Rows left 'sending' by a process that died mid-call become 'unknown', their
   * grace period counted from `now` (the restart), see the implementation. With
   * `userId`, that user's rows only (the worker holds the user's lease).
   */
  sendingToUnknown(now: number, userId?: string): Promise<number>;
  audit(entry: {
    at: number;
    actor: string;
    action: string;
    subject: string;
    detail: unknown;
    ip: string | null;
  }): Promise<void>;
}

export const errorJson = (error: AppErrorPayload): string => JSON.stringify(error);

/** A call cut off by a crash or a database failure: it may have reached DingTalk. */
export const LOST_IN_FLIGHT = errorJson({
  code: 'outcomeUnknown',
  message: 'The server stopped while the upload was in flight',
});

export function createPunchStore(db: Db): PunchStore {
  return {
    async insertOnce(row) {
      // One statement decides, the unique (device_id, intent_id) index: concurrent
      // retries of one intent, in this process or another, make one row.
      const result = await db
        .insertInto('punches')
        .values(row)
        .onConflict((oc) => oc.columns(['device_id', 'intent_id']).doNothing())
        .executeTakeFirst();
      const stored = await db
        .selectFrom('punches')
        .selectAll()
        .where('device_id', '=', row.device_id)
        .where('intent_id', '=', row.intent_id)
        .executeTakeFirstOrThrow();
      return { row: stored, inserted: Number(result.numInsertedOrUpdatedRows ?? 0) > 0 };
    },
    byIntent(userId, intentId, preferDevice) {
      return db
        .selectFrom('punches')
        .selectAll()
        .where('user_id', '=', userId)
        .where('intent_id', '=', intentId)
        .orderBy((eb) => eb.case().when('device_id', '=', preferDevice).then(0).else(1).end())
        .limit(1)
        .executeTakeFirst();
    },
    byId(id) {
      return db.selectFrom('punches').selectAll().where('id', '=', id).executeTakeFirst();
    },
    pending(limit) {
      return db
        .selectFrom('punches')
        .selectAll()
        .where('state', 'in', ['accepted', 'unknown', 'sending'])
        .orderBy('id')
        .limit(limit)
        .execute();
    },
    async move(id, from, to, patch = {}) {
      const result = await db
        .updateTable('punches')
        .set({ ...patch, state: to })
        .where('id', '=', id)
        .where('state', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    settledNear(userId, from, to, exceptId) {
      return db
        .selectFrom('punches')
        .selectAll()
        .where('user_id', '=', userId)
        .where('state', '=', 'punched')
        .where('check_time', '>=', from)
        .where('check_time', '<=', to)
        .where('id', '!=', exceptId)
        .execute();
    },
    async sendingToUnknown(now, userId) {
      // The grace period counts from the restart, not from when 'sending' was written:
      // the call then still waited its turn in the limiter (~17 s in the 09:00 burst)
      // and the gateway's retries (up to ~15 s), so the real send may have been much
      // later than updated_at. The process that wrote 'sending' is dead (the caller holds
      // the user's lease and is not working on the row), so whatever it sent left before
      // `now`: counting from `now` is certainly after any send, at the cost of one grace
      // period of waiting.
      let update = db
        .updateTable('punches')
        .set({ state: 'unknown', error_json: LOST_IN_FLIGHT, updated_at: now })
        .where('state', '=', 'sending');
      if (userId !== undefined) update = update.where('user_id', '=', userId);
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async audit(entry) {
      await db
        .insertInto('audit_log')
        .values({
          at: entry.at,
          actor: entry.actor,
          action: entry.action,
          subject: entry.subject,
          detail_json: JSON.stringify(entry.detail),
          ip: entry.ip,
        })
        .execute();
    },
  };
}
