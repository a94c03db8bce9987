/**
 * The outbox worker: uploads accepted punches through the gateway and settles
 * every lost answer by reading DingTalk back before any resend.
 *
 * Row life: accepted → sending (written BEFORE the call) → punched | refused |
 * accepted again (a clean, transient refusal: retried with backoff) | unknown
 * (the request may have reached DingTalk). An unknown row, and a row found
 * 'sending' at start (the process died mid-call), is reconciled: listRecord
 * around its check time; our record there → punched ('reconciled'); not there
 * and the grace period passed → accepted, uploaded again. The grace counts from
 * a moment certainly after any send: the call's end (unknown), or the restart
 * (a row found 'sending': its updated_at predates the limiter's queue). Within
 * the grace period a missing record proves nothing (DingTalk may still be
 * processing), so the row waits.
 *
 * A read-back that keeps failing (e.g. the app may upload but not read
 * records) never turns into a resend: the row stays unknown. After
 * UNCONFIRMED_AFTER_READ_BACKS failed read-backs in a row, or once the punch is
 * UNCONFIRMED_AFTER_MS old, the read-back's error is stored on the row (the
 * desktop then shows "waiting, cannot confirm: <reason>"), the employee is told
 * (onUnconfirmed) and the audit log says so ('punch.unconfirmed'), once.
 *
 * One user's rows are handled one at a time: a reconcile never runs while an
 * upload of the same user is in flight, which is what makes "not there" mean
 * "never recorded". Users are handled in parallel up to `concurrency`; the
 * gateway's limiter does the pacing.
 *
 * Several server processes on one PostgreSQL database: "one at a time" must hold
 * across them, so a task first takes the user's lease (server/store/lease.ts: an
 * advisory lock; in process on SQLite) and skips the user when another instance
 * holds it. Claiming rows alone (`accepted → sending` is already conditional, so
 * no row is ever uploaded twice at once) would not be enough: instance B could
 * read back user U's unknown row while A's upload of U's next punch is in flight,
 * find it "not there" and resend. Under the lease nobody else is uploading U's
 * rows, so a 'sending' row of U that this process is not working on was left by a
 * process that died (or lost its lease): it becomes 'unknown' with its grace
 * period counted from now, exactly as after a restart, and is read back before
 * any resend. That also covers the rare lease lost while its holder lives (the
 * lease connection dropped): the holder's call in flight ends well within the
 * grace period (the client times out after 10 s), so the read-back after the
 * grace sees it, and the holder's own `sending → …` move then finds the row moved
 * and changes nothing.
 */
import { AppError, type ErrorCode } from '../../shared/errors';
import type { DingTalkApi } from '../../main/dingtalk/types';
import type { Clock, Logger } from '../../main/ports';
import { createLocalLeases, type Leases } from '../store/lease';
import type { PunchRow } from '../store/schema';
import { SAME_TIME_MS, findUpload } from './match';
import { LOST_IN_FLIGHT, errorJson, type PunchStore } from './store';
import { isUnconfirmed } from './view';

/** DingTalk refused cleanly for a reason that needs a human: the punch will not get through. */
export const PERMANENT: ReadonlySet<ErrorCode> = new Set([
  'missingPermission',
  'ipNotWhitelisted',
  'quotaExhausted',
  'wrongCredentials',
  'userNotFound',
  'userOutOfRange',
  'badRequest',
]);

/** How far around the check time listRecord is read when reconciling. */
export const RECONCILE_SPAN_MS = 2 * 60_000;
export const DEFAULT_GRACE_MS = 2 * 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** Failed read-backs in a row (backoff 1, 2, 4, 8 s: about 15 s) before the employee is told. */
export const UNCONFIRMED_AFTER_READ_BACKS = 5;
/** A punch still unconfirmed this long after it was received is reported whatever the count. */
export const UNCONFIRMED_AFTER_MS = 30 * 60_000;

export interface WorkerDeps {
  store: PunchStore;
  gateway: Pick<DingTalkApi, 'uploadPunch' | 'listRecords'>;
  clock: Clock;
  logger: Logger;
  /** Users handled at once (default 8). */
  concurrency?: number;
  /** How long after a call a missing record means it never landed (default 2 min). */
  graceMs?: number;
  /** Longest nap between scans when nothing wakes the worker (default 1 s). */
  pollMs?: number;
  /** A user's rows are worked on by one holder of its lease (default: this process only). */
  leases?: Leases;
  /** A row reached punched or refused (the service publishes it). */
  onSettled(row: PunchRow): void;
  /** A row's read-back keeps failing: its error_json now says why (the service publishes it). */
  onUnconfirmed?(row: PunchRow): void;
}

export interface Worker {
  start(): void;
  /** New work (an accepted punch): scan now. */
  wake(): void;
  stop(): Promise<void>;
}

/** Another instance holds the user's lease: look at the user's rows again after this. */
const LEASE_RETRY_MS = 250;
export const userLease = (userId: string): string => `punches:user:${userId}`;

export const backoffMs = (failures: number): number =>
  Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));

export function createWorker(deps: WorkerDeps): Worker {
  const { store, gateway, clock, logger } = deps;
  const concurrency = deps.concurrency ?? 8;
  const graceMs = deps.graceMs ?? DEFAULT_GRACE_MS;
  const pollMs = deps.pollMs ?? 1000;
  const leases = deps.leases ?? createLocalLeases();
  const busyUsers = new Set<string>();
  const active = new Set<Promise<void>>();
  /** Not before this time (backoff after a failure), by row id. In memory: a restart retries at once. */
  const notBefore = new Map<number, number>();
  /** Unknown rows to reconcile at once (those found at start), without waiting for the grace. */
  const eager = new Set<number>();
  const failures = new Map<number, number>();
  /** Failed read-backs in a row, by row id (in memory: the age rule survives a restart). */
  const readBackFailures = new Map<number, number>();
  let running = false;
  let loop: Promise<void> | null = null;
  let woken = false;
  let wakeNap: (() => void) | null = null;

  const wake = () => {
    woken = true;
    wakeNap?.();
  };
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, Math.max(1, ms));
      function done() {
        clearTimeout(timer);
        wakeNap = null;
        woken = false;
        resolve();
      }
      wakeNap = done;
    });

  const fail = (row: PunchRow) => {
    const n = (failures.get(row.id) ?? 0) + 1;
    failures.set(row.id, n);
    notBefore.set(row.id, clock.now() + backoffMs(n));
  };
  const forget = (id: number) => {
    notBefore.delete(id);
    failures.delete(id);
    readBackFailures.delete(id);
    eager.delete(id);
  };
  const settled = async (id: number) => {
    forget(id);
    const row = await store.byId(id);
    if (row) deps.onSettled(row);
  };

  function dueAt(row: PunchRow): number {
    const backoff = notBefore.get(row.id) ?? 0;
    if (row.state === 'unknown' && !eager.has(row.id)) {
      return Math.max(backoff, Number(row.updated_at) + graceMs);
    }
    return backoff;
  }

  async function upload(row: PunchRow): Promise<void> {
    const started = clock.now();
    const claimed = await store.move(row.id, 'accepted', 'sending', {
      updated_at: started,
      attempts: row.attempts + 1,
    });
    if (!claimed) return;
    let receipt: { requestId: string | null };
    try {
      // Who IT sees in DingTalk: the desktop's own device id and name ("Daka · host").
      receipt = await gateway.uploadPunch({
        userId: row.user_id,
        deviceId: row.device_id,
        deviceName: row.device_name,
        userCheckTime: Number(row.check_time),
      });
    } catch (error) {
      await uploadFailed(row, error);
      return;
    }
    const now = clock.now();
    await store.move(row.id, 'sending', 'punched', {
      request_id: receipt.requestId,
      uploaded_at: now,
      settled_by: 'reply',
      error_json: null,
      updated_at: now,
    });
    await settled(row.id);
  }

  async function uploadFailed(row: PunchRow, error: unknown): Promise<void> {
    const now = clock.now();
    const appError =
      error instanceof AppError ? error : new AppError('outcomeUnknown', String(error));
    const stored = errorJson(appError.toPayload());
    if (appError.code !== 'outcomeUnknown' && PERMANENT.has(appError.code)) {
      await store.move(row.id, 'sending', 'refused', { error_json: stored, updated_at: now });
      logger.warn('punch refused by DingTalk', { id: row.id, code: appError.code });
      await settled(row.id);
    } else if (appError.code === 'outcomeUnknown' || !(error instanceof AppError)) {
      // The request may be in DingTalk: read it back after the grace period, never resend blindly.
      await store.move(row.id, 'sending', 'unknown', { error_json: stored, updated_at: now });
      logger.warn('punch outcome unknown', { id: row.id });
    } else {
      await store.move(row.id, 'sending', 'accepted', { error_json: stored, updated_at: now });
      fail(row);
      logger.info('punch upload failed, will retry', { id: row.id, code: appError.code });
    }
  }

  async function reconcile(row: PunchRow): Promise<void> {
    const at = Number(row.check_time);
    let found: boolean;
    try {
      const records = await gateway.listRecords(
        [row.user_id],
        at - RECONCILE_SPAN_MS,
        at + RECONCILE_SPAN_MS,
      );
      const others = await store.settledNear(
        row.user_id,
        at - RECONCILE_SPAN_MS - SAME_TIME_MS,
        at + RECONCILE_SPAN_MS + SAME_TIME_MS,
        row.id,
      );
      found = findUpload(records, row, others) !== null;
    } catch (error) {
      fail(row);
      const appError = error instanceof AppError ? error : new AppError('internal', String(error));
      logger.warn('reconcile failed, will retry', { id: row.id, code: appError.code });
      await readBackFailed(row, appError);
      return;
    }
    const now = clock.now();
    if (found) {
      await store.move(row.id, 'unknown', 'punched', { settled_by: 'reconciled', updated_at: now });
      logger.info('punch found in DingTalk after a lost answer', { id: row.id });
      await settled(row.id);
    } else if (now >= Number(row.updated_at) + graceMs) {
      // Not there, and too long ago to be still on its way: never recorded, send it again.
      await store.move(row.id, 'unknown', 'accepted', { updated_at: now });
      forget(row.id);
    } else {
      eager.delete(row.id); // look again once the grace period is over
    }
  }

  async function readBackFailed(row: PunchRow, error: AppError): Promise<void> {
    const count = (readBackFailures.get(row.id) ?? 0) + 1;
    readBackFailures.set(row.id, count);
    const now = clock.now();
    const tooLong =
      count >= UNCONFIRMED_AFTER_READ_BACKS ||
      now - Number(row.received_at) >= UNCONFIRMED_AFTER_MS;
    if (!tooLong || isUnconfirmed(row)) return;
    // Still 'unknown' (never resent blindly); only the reason is stored, for the desktop.
    const payload = error.toPayload();
    if (!(await store.move(row.id, 'unknown', 'unknown', { error_json: errorJson(payload) }))) {
      return;
    }
    logger.warn('punch cannot be confirmed in DingTalk', { id: row.id, code: error.code });
    await store
      .audit({
        at: now,
        actor: 'server',
        action: 'punch.unconfirmed',
        subject: row.intent_id,
        detail: {
          id: row.id,
          userId: row.user_id,
          checkTime: Number(row.check_time),
          code: error.code,
          readBacks: count,
        },
        ip: null,
      })
      .catch((e: unknown) => logger.warn('audit failed', { error: String(e) }));
    const fresh = await store.byId(row.id);
    if (fresh) deps.onUnconfirmed?.(fresh);
  }

  /** Under the user's lease, no one works on its 'sending' rows: a dead process left them. */
  async function recover(userId: string): Promise<void> {
    const now = clock.now();
    const left = await store.sendingToUnknown(now, userId);
    if (left === 0) return;
    for (const r of await store.pending(10_000)) {
      if (r.user_id === userId && r.state === 'unknown' && r.updated_at === now) eager.add(r.id);
    }
    logger.warn('punches left sending by a stopped process will be read back', { userId, left });
  }

  /** The row's task, under its user's lease; false when another instance holds the lease. */
  async function work(row: PunchRow): Promise<boolean> {
    const lease = userLease(row.user_id);
    if (!(await leases.tryAcquire(lease))) return false;
    try {
      await recover(row.user_id);
      // Read again under the lease: another instance may have moved it meanwhile.
      const current = await store.byId(row.id);
      if (current?.state === 'unknown') await reconcile(current);
      else if (current?.state === 'accepted') await upload(current);
      return true;
    } finally {
      await leases.release(lease);
    }
  }

  function launch(row: PunchRow): void {
    busyUsers.add(row.user_id);
    const task = work(row)
      .then((held) => {
        if (!held) notBefore.set(row.id, clock.now() + LEASE_RETRY_MS);
      })
      .catch(async (error: unknown) => {
        // A database failure mid-task. A row stuck in 'sending' may have reached DingTalk:
        // make it 'unknown' so it is read back (a restart would do the same).
        fail(row);
        logger.error('punch worker task failed', { id: row.id, error: String(error) });
        await store
          .move(row.id, 'sending', 'unknown', {
            error_json: LOST_IN_FLIGHT,
            updated_at: clock.now(),
          })
          .catch(() => undefined);
      })
      .finally(() => {
        busyUsers.delete(row.user_id);
        active.delete(task);
        wake();
      });
    active.add(task);
  }

  async function run(): Promise<void> {
    try {
      // Rows left 'sending' are recovered user by user, under the lease (recover).
      for (const row of await store.pending(10_000)) if (row.state === 'unknown') eager.add(row.id);
    } catch (error) {
      logger.error('punch worker could not recover', { error: String(error) });
    }
    while (running) {
      let wait = pollMs;
      try {
        const now = clock.now();
        for (const row of await store.pending(Math.max(500, concurrency * 50))) {
          if (!running || active.size >= concurrency) break;
          if (busyUsers.has(row.user_id)) continue;
          const due = dueAt(row);
          if (due > now) {
            wait = Math.min(wait, due - now);
            continue;
          }
          launch(row);
        }
      } catch (error) {
        logger.error('punch worker scan failed', { error: String(error) });
      }
      if (running) await nap(wait);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake,
    async stop() {
      running = false;
      wake();
      await loop;
      await Promise.all([...active]);
      loop = null;
    },
  };
}
