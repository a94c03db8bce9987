/**
 * What the big button area shows: one pure decision from the snapshot and
 * the popup's own in-flight punch, so every state is testable on its own.
 */
import type { Snapshot } from '../../../../shared/contract';
import { assertNever, type AppErrorPayload } from '../../../../shared/errors';
import { type OfferKind, punchOffer } from '../../../../shared/punch-rule';
import type {
  CheckPoint,
  CheckType,
  DayStatus,
  OutboxEntry,
  PunchOutcome,
  TimeResult,
} from '../../../../shared/model';

/** What this popup is doing with a punch right now (lives only while the popup does). */
export type LocalPunch =
  | { kind: 'idle' }
  | { kind: 'punching'; type: CheckType }
  | { kind: 'confirm'; type: CheckType; previousAt: string; ask?: 'early'; planned?: string }
  | { kind: 'done'; type: CheckType; at: string }
  /** Queued or held by the last reply; shown until the snapshot carries the outbox entry. */
  | { kind: 'queued'; entry: OutboxEntry }
  | { kind: 'failed'; type: CheckType | null; error: AppErrorPayload };

export type Primary =
  | { kind: 'loading' }
  /** `offer`: the punch a click still saves without the day (main's `punch.withoutDay`). */
  | { kind: 'noDay'; error: AppErrorPayload | null; offer?: CheckType }
  | { kind: 'rest'; nextWorkday: string | null }
  | { kind: 'leave' }
  /**
   * `opensAt`: DingTalk would file a click now under another check point, so wait until then.
   * `timing`, `minutes`, `estimate`: early / late against the plan (shared/punch-rule.ts).
   */
  | {
      kind: 'ready';
      type: CheckType;
      planned: string | null;
      opensAt: string | null;
      timing: Exclude<OfferKind, 'update'>;
      minutes: number;
      estimate: TimeResult | null;
    }
  | { kind: 'punching'; type: CheckType }
  | { kind: 'confirm'; type: CheckType; previousAt: string; ask?: 'early'; planned?: string }
  | {
      kind: 'done';
      type: CheckType;
      at: string;
      result: TimeResult | null;
      allDone: boolean;
      /** What comes after this punch, if anything is still due today. */
      next: CheckPoint | null;
      /** The clock-out can still be updated (更新打卡): until when. */
      updateUntil?: string | null;
    }
  /** A workday whose check points are all past without a punch to show. */
  | { kind: 'over' }
  /** `notSent`: the last reply about this entry left it waiting, and why (a Send now that failed). */
  | { kind: 'outbox'; entry: OutboxEntry; more: number; notSent: AppErrorPayload | null }
  /** Company server mode: the server ended this device's session; sign in again. */
  | { kind: 'signedOut'; reason: AppErrorPayload }
  | { kind: 'unavailable'; reason: AppErrorPayload | null; next: CheckPoint | null }
  | { kind: 'error'; type: CheckType | null; error: AppErrorPayload };

const ACTIVE_OUTBOX: ReadonlySet<OutboxEntry['state']> = new Set([
  'pending',
  'sending',
  'unknown',
  'held',
]);

/** Punches not yet confirmed by DingTalk, oldest first. */
export function activeOutbox(outbox: readonly OutboxEntry[]): OutboxEntry[] {
  return outbox
    .filter((e) => ACTIVE_OUTBOX.has(e.state))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

function latestDone(points: readonly CheckPoint[]): CheckPoint | null {
  let latest: CheckPoint | null = null;
  for (const p of points) {
    if (p.state === 'done' && p.punchedAt && (!latest || p.punchedAt > (latest.punchedAt ?? ''))) {
      latest = p;
    }
  }
  return latest;
}

function queuedEntry(
  outcome: Extract<PunchOutcome, { outcome: 'queued' | 'held' }>,
  userId: string,
): LocalPunch {
  return {
    kind: 'queued',
    entry: {
      id: outcome.intentId,
      userId,
      type: outcome.type,
      at: outcome.at,
      createdAt: outcome.at,
      state: outcome.outcome === 'held' ? 'held' : 'pending',
      attempts: 1,
      lastError: outcome.reason,
    },
  };
}

/** The company server has this punch; DingTalk has not confirmed it: never "done" yet. */
export function acceptedByServer(entry: OutboxEntry): boolean {
  return entry.acceptedAt !== undefined || entry.lastError?.code === 'punchAccepted';
}

/** What a punch or send reply means for the popup. */
export function localFromOutcome(outcome: PunchOutcome, userId: string): LocalPunch {
  switch (outcome.outcome) {
    case 'punched':
      return { kind: 'done', type: outcome.type, at: outcome.at };
    case 'queued':
      // The company server has it: on its way to DingTalk, not waiting for this computer.
      if (outcome.reason.code === 'punchAccepted') {
        return {
          kind: 'queued',
          entry: {
            id: outcome.intentId,
            userId,
            type: outcome.type,
            at: outcome.at,
            createdAt: outcome.at,
            state: 'sending',
            attempts: 1,
            lastError: null,
            acceptedAt: outcome.at,
          },
        };
      }
      return queuedEntry(outcome, userId);
    case 'held':
      return queuedEntry(outcome, userId);
    case 'needs-confirmation':
      return {
        kind: 'confirm',
        type: outcome.type,
        previousAt: outcome.previousAt,
        ask: outcome.ask,
        planned: outcome.planned,
      };
    case 'unavailable':
      return { kind: 'failed', type: outcome.type, error: outcome.reason };
    default:
      return assertNever(outcome);
  }
}

/**
 * Main lists only punches still waiting, so a queued punch that went out on
 * its own (network back, or the company server's word that DingTalk took it)
 * leaves the list, and main's day then shows it done: as our own provisional
 * punch (`local:<intent id>`) until DingTalk's record replaces it, at the time
 * main reported. Until then an entry missing from the list is one the snapshot
 * has not caught up with. Whether a punch is settled is main's to say (the
 * outbox settles on the server's 'punch' event); this only reads it, no guess
 * from nearby times.
 */
function dayShows(today: DayStatus | null, entry: OutboxEntry): boolean {
  const at = Date.parse(entry.at);
  return (
    today?.checkPoints.some(
      (p) =>
        p.type === entry.type &&
        p.punchedAt !== null &&
        (p.punch?.id === `local:${entry.id}` || Date.parse(p.punchedAt) === at),
    ) ?? false
  );
}

export function primaryState(
  snapshot: Snapshot | null,
  local: LocalPunch,
  now: number = Date.now(),
): Primary {
  if (!snapshot) return { kind: 'loading' };
  switch (local.kind) {
    case 'punching':
      return { kind: 'punching', type: local.type };
    case 'confirm':
      return { ...local };
    case 'failed':
      return { kind: 'error', type: local.type, error: local.error };
    default:
      break;
  }
  const { connection } = snapshot;
  if (connection.kind === 'server' && connection.signedOutReason) {
    return { kind: 'signedOut', reason: connection.signedOutReason };
  }
  const waiting = activeOutbox(snapshot.outbox);
  const first = waiting[0];
  if (first) {
    const reply = local.kind === 'queued' && local.entry.id === first.id ? local.entry : null;
    // The same error as the background one (offline) is shown once, under the day's heading.
    const twice = snapshot.lastError?.code === first.lastError?.code;
    return {
      kind: 'outbox',
      entry: twice ? { ...first, lastError: null } : first,
      more: waiting.length - 1,
      notSent: reply?.lastError ?? null,
    };
  }

  const today = snapshot.today;
  let done = local.kind === 'done' ? { type: local.type, at: local.at } : null;
  if (local.kind === 'queued') {
    const known = snapshot.outbox.find((e) => e.id === local.entry.id);
    if (known?.state === 'sent' || (!known && dayShows(today, local.entry))) {
      done = { type: local.entry.type, at: local.entry.at };
    } else if (!known) {
      return { kind: 'outbox', entry: local.entry, more: 0, notSent: null };
    }
  }
  if (done) {
    // A later punch the day shows (a clock-out on the phone) is the one to name.
    const latest = today ? latestDone(today.checkPoints) : null;
    const shown =
      latest?.punchedAt && latest.punchedAt > done.at
        ? { type: latest.type, at: latest.punchedAt }
        : done;
    const { type } = shown;
    const point = today?.checkPoints.find((p) => p.type === type && p.state === 'done');
    const next =
      today?.checkPoints.find(
        (p) => p.type !== type && p.state === 'pending' && p.planned > shown.at,
      ) ?? null;
    const update = today ? punchOffer(today, now) : null;
    return {
      kind: 'done',
      ...shown,
      result: point?.result ?? null,
      allDone: today?.next === null,
      next,
      updateUntil: update?.kind === 'update' ? update.until : null,
    };
  }
  if (!today) {
    return snapshot.refreshing && !snapshot.lastError
      ? { kind: 'loading' }
      : { kind: 'noDay', error: snapshot.lastError, offer: snapshot.punch.withoutDay };
  }
  if (today.restDay) return { kind: 'rest', nextWorkday: today.nextWorkday };
  if (today.onLeave) return { kind: 'leave' };

  const nextPoint = today.next
    ? (today.checkPoints.find((p) => p.type === today.next && p.state === 'pending') ?? null)
    : null;
  if (!snapshot.punch.available) {
    return { kind: 'unavailable', reason: snapshot.punch.reason, next: nextPoint };
  }
  const offer = punchOffer(today, now);
  if (!offer || offer.kind === 'update') {
    const last = latestDone(today.checkPoints);
    if (!last?.punchedAt) return { kind: 'over' };
    return {
      kind: 'done',
      type: last.type,
      at: last.punchedAt,
      result: last.result,
      allDone: true,
      next: null,
      updateUntil: offer?.until,
    };
  }
  return {
    kind: 'ready',
    type: offer.type,
    planned: offer.planned,
    opensAt: offer.opensAt,
    timing: offer.kind,
    minutes: offer.minutes,
    estimate: offer.estimate,
  };
}
