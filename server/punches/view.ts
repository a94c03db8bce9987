/** A stored punch row as the desktop sees it (shared/server-api.ts PunchView). */
import type { AppErrorPayload } from '../../shared/errors';
import type { PunchState, PunchView } from '../../shared/server-api';
import type { PunchRow } from '../store/schema';

/**
 * The row states. accepted/sending/unknown are the outbox's business; to the
 * desktop they are all "accepted" (committed, not yet known to be in DingTalk).
 */
export type RowState = 'accepted' | 'sending' | 'unknown' | 'punched' | 'refused';

export function publicState(state: string): PunchState {
  if (state === 'punched' || state === 'refused') return state;
  return 'accepted';
}

export function parseError(json: string | null): AppErrorPayload | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as AppErrorPayload;
  } catch {
    return { code: 'internal', message: 'Unreadable stored error' };
  }
}

/**
 * Every way into 'unknown' stores an outcomeUnknown error_json; the worker
 * replaces it with the read-back's error once it gives up confirming the row
 * (worker.ts), which the desktop is then shown.
 */
export function isUnconfirmed(row: Pick<PunchRow, 'state' | 'error_json'>): boolean {
  if (row.state !== 'unknown' || row.error_json === null) return false;
  return parseError(row.error_json)?.code !== 'outcomeUnknown';
}

function wireError(payload: AppErrorPayload | null): PunchView['error'] {
  if (!payload) return null;
  const { detail, ...rest } = payload;
  return detail ? { ...rest, detail: { ...detail } as Record<string, unknown> } : rest;
}

export function toView(row: PunchRow): PunchView {
  const state = publicState(row.state);
  return {
    intentId: row.intent_id,
    state,
    checkTime: Number(row.check_time),
    clickedAt: Number(row.clicked_at),
    receivedAt: Number(row.received_at),
    offline: Number(row.offline) === 1,
    // A transient failure stays in error_json for the audit log; the desktop sees
    // an error only once the punch is refused for good, or (still accepted: the
    // truth is unknown) once DingTalk cannot be read back to confirm it.
    error: state === 'refused' || isUnconfirmed(row) ? wireError(parseError(row.error_json)) : null,
  };
}
