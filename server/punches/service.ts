/**
 * The PUNCHES room (server/services.ts PunchService): commits a desktop's punch
 * intent, answers "accepted" at once, and lets the worker bring it to DingTalk;
 * the desktop hears "punched" (or why not) over the event stream.
 *
 * - Idempotent per (device, intent id): the unique index decides, so a retried
 *   intent, however often and however concurrently, returns the stored row,
 *   even when a resend carries another click time.
 * - The check time is the server's own clock; a click the desktop held offline
 *   keeps its time within the administrator's max offline age (policy.ts).
 *   Refusals are stored too: the punches table is the audit log of every intent.
 * - What DingTalk (and so IT) sees: device_id = the session's device id (the
 *   desktop install's UUID), device_name = the session's device name ("Daka ·
 *   <host>"), so each record names the computer it came from and a lost answer
 *   can be recognised by that device id (match.ts).
 */
import { AppError } from '../../shared/errors';
import type { PunchRequest, PunchView, ServerPolicies } from '../../shared/server-api';
import type { DingTalkApi } from '../../main/dingtalk/types';
import { silentLogger, type Clock, type Logger } from '../../main/ports';
import type { AuthedSession, EventBus, PunchService, RequestMeta } from '../services';
import type { Db, PunchRow } from '../store/schema';
import { decidePunch } from './policy';
import { createPunchStore, errorJson } from './store';
import { toView } from './view';
import { createWorker } from './worker';
import type { Leases } from '../store/lease';

export interface PunchServiceDeps {
  db: Db;
  gateway: Pick<DingTalkApi, 'uploadPunch' | 'listRecords'>;
  clock: Clock;
  policies: () => ServerPolicies;
  bus: EventBus;
  logger?: Logger;
  /** A punch reached DingTalk: the composition root tells DayData its cached day is stale. */
  onPunched?: (userId: string, atMs: number) => void | Promise<void>;
  /** Users uploaded for at once (default 8). */
  concurrency?: number;
  /** How long after a call a missing record means it never landed (default 2 min). */
  graceMs?: number;
  pollMs?: number;
  /** Several processes on one database: one works on a user's rows at a time (see worker.ts). */
  leases?: Leases;
}

export function createPunchService(deps: PunchServiceDeps): PunchService {
  const logger = deps.logger ?? silentLogger;
  const store = createPunchStore(deps.db);

  const publish = (row: PunchRow) => {
    deps.bus.publish({ userId: row.user_id }, { event: 'punch', data: toView(row) });
  };

  const worker = createWorker({
    store,
    gateway: deps.gateway,
    clock: deps.clock,
    logger,
    concurrency: deps.concurrency,
    graceMs: deps.graceMs,
    pollMs: deps.pollMs,
    ...(deps.leases ? { leases: deps.leases } : {}),
    onUnconfirmed: publish,
    onSettled(row) {
      publish(row);
      if (row.state === 'punched' && deps.onPunched) {
        Promise.resolve(deps.onPunched(row.user_id, Number(row.check_time))).catch(
          (error: unknown) => logger.warn('onPunched failed', { error: String(error) }),
        );
      }
    },
  });

  return {
    async accept(
      session: AuthedSession,
      request: PunchRequest,
      meta: RequestMeta,
    ): Promise<PunchView> {
      const now = deps.clock.now();
      const decision = decidePunch(
        { clickedAt: request.clickedAt, receivedAt: now, queuedOffline: request.queuedOffline },
        deps.policies(),
      );
      const { row, inserted } = await store.insertOnce({
        intent_id: request.intentId,
        device_id: session.deviceId,
        session_id: session.id,
        user_id: session.userId,
        device_name: session.deviceName,
        check_type_hint: request.checkType,
        clicked_at: request.clickedAt,
        received_at: now,
        check_time: decision.ok ? decision.checkTime : Math.floor(now / 1000) * 1000,
        offline: decision.ok && decision.offline ? 1 : 0,
        state: decision.ok ? 'accepted' : 'refused',
        attempts: 0,
        error_json: decision.ok ? null : errorJson(decision.error.toPayload()),
        client_ip: meta.ip,
        updated_at: now,
      });
      if (row.user_id !== session.userId) {
        // The same device id signed in as someone else reusing an intent id: never
        // reveal (or return) the other employee's punch.
        throw new AppError('invalidInput', 'This intent id is already used', { field: 'intentId' });
      }
      if (inserted) {
        if (!decision.ok || row.offline === 1) {
          await store
            .audit({
              at: now,
              actor: session.userId,
              action: decision.ok ? 'punch.offline' : 'punch.refused',
              subject: row.intent_id,
              detail: decision.ok
                ? { clickedAt: row.clicked_at, receivedAt: now, deviceName: row.device_name }
                : { code: decision.error.code, clickedAt: row.clicked_at, receivedAt: now },
              ip: meta.ip,
            })
            .catch((error: unknown) => logger.warn('audit failed', { error: String(error) }));
        }
        publish(row);
        if (decision.ok) worker.wake();
      }
      return toView(row);
    },

    async get(session: AuthedSession, intentId: string): Promise<PunchView> {
      // Any of the user's own devices may read it; another user's is "not found", not "forbidden".
      const row = await store.byIntent(session.userId, intentId, session.deviceId);
      if (!row) throw new AppError('outboxEntryNotFound', 'No such punch');
      return toView(row);
    },

    start: () => worker.start(),
    stop: () => worker.stop(),
  };
}
