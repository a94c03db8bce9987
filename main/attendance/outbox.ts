/**
 * The punch outbox: every click becomes an intent written durably BEFORE any
 * network call, and each intent reaches DingTalk at most once.
 *
 * States: pending (never left the machine, or DingTalk cleanly refused it) →
 * sending (written just before the upload) → sent. A crash or an ambiguous
 * failure leaves `sending` / `unknown`: before any retry we read listRecord
 * around the intent's time and look for a record naming our device (deviceId,
 * deviceSN or userAddress: own-record.ts) at the user_check_time we sent.
 * Found: sent. Not found: it never arrived, so sending again cannot double it.
 *
 * Offline intents go out automatically only while younger than the
 * administrator's max age; older ones are held for the employee to send (with
 * the original time) or discard. Nothing is ever silently backdated.
 *
 * Company server mode: the server is idempotent by intent id, so a lost answer
 * is simply sent again (no records read first), and the server applies the max
 * age itself. A punch the server `accepted` is durable there but not yet in
 * DingTalk: it stays `accepted` (shown as sending, never as punched) until the
 * server says punched or refused (its event stream, or a look-up on the next flush).
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AppErrorPayload,
  type ErrorCode,
  toErrorPayload,
} from '../../shared/errors';
import type { CheckType, OutboxEntry, QueuedState } from '../../shared/model';
import { toZonedIso } from '../../shared/time';
import { apiName, ENDPOINTS } from '../dingtalk/endpoints';
import type { Clock, Logger, Store } from '../ports';
import type { AttendanceConnection, UploadResult } from './connection';
import { findOwnUpload, type OwnUpload, type RecordIdentity, SAME_TIME_MS } from './own-record';
import type { LocalPunch } from './today';

/** The one key the outbox keeps its intents under (demo mode's store prefixes it). */
export const OUTBOX_KEY = 'outbox';
const KEY = OUTBOX_KEY;
const UPLOAD_API = apiName(ENDPOINTS.upload);
const MINUTE = 60_000;
/** How far around the intent's time the reconciling read looks. */
const RECONCILE_MARGIN = 2 * MINUTE;
/**
 * An upload whose answer was lost may still be in DingTalk's hands: until this
 * long after the attempt, "no record yet" does not prove it never arrived.
 */
export const SETTLE_GRACE_MS = 2 * MINUTE;
/** Sent intents are kept this long, for verification and the duplicate guard. */
const KEEP_SENT = 3 * 24 * 60 * MINUTE;
/** Past this age an unverified upload is no longer looked for (reads would keep growing). */
const VERIFY_WINDOW = 2 * 24 * 60 * MINUTE;

/** Failures that prove DingTalk cannot be asked now nor soon: the punch is handed to the employee. */
const REFUSALS: ReadonlySet<ErrorCode> = new Set([
  'missingPermission',
  'quotaExhausted',
  'ipNotWhitelisted',
  'wrongCredentials',
  'userNotFound',
  'userOutOfRange',
  'badRequest',
]);

/** What the company server refuses for good (with the same intent, it would refuse again). */
const SERVER_REFUSALS: ReadonlySet<ErrorCode> = new Set([
  ...REFUSALS,
  'punchTooOld',
  'punchInFuture',
  'punchingDisabled',
  'forbidden',
  'invalidInput',
]);

/**
 * DingTalk's clean "busy" (-1) and "throttled" (90018...) answers to the upload: it
 * recorded nothing and asks us to come back, so the click is sent again at once after
 * a pause (≥ 1 s, DingTalk's word for 90018), a bounded number of times, instead of
 * waiting in the outbox as if offline. Direct mode only: the company server's gateway
 * does this itself, each attempt under its shared rate limit.
 */
const COME_BACK: ReadonlySet<ErrorCode> = new Set(['dingtalkBusy', 'rateLimited']);
/** Retries within one send after a clean come-back refusal: 1 s, then 2 s. */
export const COME_BACK_RETRIES = 2;
const COME_BACK_FIRST_WAIT_MS = 1000;

/** A punch that waited this long before its first attempt waited offline (a crash, a restart). */
const OFFLINE_AFTER_MS = MINUTE;

/** Failures after which DingTalk certainly recorded nothing and a later retry may work. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set([
  'networkDown',
  'dingtalkBusy',
  'rateLimited',
  'ipBanned',
  'timeout',
  'serverUnreachable',
]);

export interface StoredIntent {
  id: string;
  userId: string;
  type: CheckType;
  /** user_check_time sent to DingTalk (click time corrected by the server clock skew), ms. */
  at: number;
  createdAt: number;
  /** 'accepted': company server mode, the server has it and DingTalk has not answered yet. */
  state: OutboxEntry['state'] | 'accepted';
  attempts: number;
  lastError: AppErrorPayload | null;
  /** DingTalk showed the record back to us (listRecord). */
  verified: boolean;
  sentAt: number | null;
  /** When the last upload attempt started (null before the first). */
  lastAttemptAt: number | null;
  /** Server mode: when the server accepted it (null otherwise). */
  acceptedAt?: number | null;
  /**
   * Typed by the settings' default hours: no schedule was known at the click (offline before
   * the first read). Judged again by DingTalk's schedule once it is known (refile).
   */
  guessed?: true;
}

export type SendResult =
  | { state: 'sent'; intent: StoredIntent }
  | { state: 'accepted'; intent: StoredIntent }
  | { state: 'queued'; intent: StoredIntent; error: AppErrorPayload }
  | { state: 'held'; intent: StoredIntent; error: AppErrorPayload };

export type OutboxPort = Pick<
  AttendanceConnection,
  'uploadPunch' | 'listRecords' | 'punchState' | 'idempotentUploads'
>;

export interface OutboxDeps {
  store: Store;
  /** The current connection (it changes with the configuration). */
  api: () => OutboxPort;
  clock: Clock;
  device: { id: string; name: string };
  /** null: the connection applies the administrator's max age itself (the server). */
  maxOfflineMinutes: () => number | null;
  logger: Logger;
  newId?: () => string;
  /** The pause before sending again after a clean busy/throttled refusal (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

export class Outbox {
  private readonly newId: () => string;
  /** One send per intent at a time, whoever asks (click, flush, reconnect). */
  private readonly inFlight = new Map<string, Promise<SendResult>>();

  constructor(private readonly deps: OutboxDeps) {
    this.newId = deps.newId ?? randomUUID;
  }

  /**
   * Writes the intent durably; nothing has left the machine yet. `at` is kept to the second.
   * `guessed`: the type is the default hours' guess (no schedule yet, see refile).
   */
  create(userId: string, type: CheckType, at: number, guessed = false): StoredIntent {
    const intent: StoredIntent = {
      ...(guessed ? { guessed: true as const } : {}),
      id: this.newId(),
      userId,
      type,
      at: Math.floor(at / 1000) * 1000,
      createdAt: this.deps.clock.now(),
      state: 'pending',
      attempts: 0,
      lastError: null,
      verified: false,
      sentAt: null,
      lastAttemptAt: null,
    };
    this.write([...this.all(), intent]);
    return intent;
  }

  all(): StoredIntent[] {
    const stored = this.deps.store.get<StoredIntent[]>(KEY);
    return Array.isArray(stored) ? stored.filter(isIntent).map(withDefaults) : [];
  }

  get(id: string): StoredIntent {
    const intent = this.all().find((i) => i.id === id);
    if (!intent) throw new AppError('outboxEntryNotFound', `No punch ${id} in the outbox`);
    return intent;
  }

  /** What the employee sees: intents not yet sent (or being sent). */
  waiting(timeZone: string): OutboxEntry[] {
    return this.all()
      .filter((i) => i.state !== 'sent' && i.state !== 'discarded')
      .map((i) => toEntry(i, timeZone, this.deps.api().idempotentUploads === true));
  }

  /** Uploads DingTalk accepted but has not shown back yet, for today's status. */
  unverified(userId: string): LocalPunch[] {
    const since = this.deps.clock.now() - VERIFY_WINDOW;
    return this.all()
      .filter((i) => i.userId === userId && i.state === 'sent' && !i.verified && i.at >= since)
      .map((i) => ({ type: i.type, at: i.at, intentId: i.id }));
  }

  /**
   * Punches of a user still waiting to reach DingTalk, and how: a held one goes only when
   * the employee sends it (已暂存), one the company server accepted waits for DingTalk's word
   * (等待钉钉确认), any other goes by itself (待上传).
   */
  queued(userId: string): (LocalPunch & { state: QueuedState })[] {
    return this.all()
      .filter((i) => i.userId === userId && i.state !== 'sent' && i.state !== 'discarded')
      .map((i) => ({ type: i.type, at: i.at, intentId: i.id, state: queuedState(i.state) }));
  }

  /** Sent intents of a user (verified or not), newest first: the duplicate guard reads them. */
  sent(userId: string): StoredIntent[] {
    return this.all()
      .filter((i) => i.userId === userId && i.state === 'sent')
      .sort((a, b) => b.at - a.at);
  }

  /** Earliest time an unverified upload was made: the next listRecord should reach back to it. */
  oldestUnverifiedAt(userId: string, since = -Infinity): number | null {
    const times = this.unverified(userId)
      .map((p) => p.at)
      .filter((at) => at >= since);
    return times.length > 0 ? Math.min(...times) : null;
  }

  /** The device name our uploads carry (DingTalk may show it as a record's userAddress). */
  deviceName(): string {
    return this.deps.device.name;
  }

  /**
   * Marks sent intents verified when listRecord shows their record (our device in any
   * of its fields, our time). Verified intents claim their records first, so two
   * uploads in one second are not both proved by one record.
   */
  verify(userId: string, records: (RecordIdentity & { id: string })[]): void {
    const all = this.all();
    const mine = all.filter((i) => i.userId === userId && i.state === 'sent');
    const settled = mine.filter((i) => i.verified).map((i) => this.upload(i));
    const proved = new Set<string>();
    for (const i of mine.filter((x) => !x.verified).sort((a, b) => a.at - b.at)) {
      if (this.findRecord(records, i, settled)) {
        proved.add(i.id);
        settled.push(this.upload(i));
      }
    }
    if (proved.size > 0) {
      this.write(all.map((i) => (proved.has(i.id) ? { ...i, verified: true } : i)));
    }
  }

  /**
   * Judges punches typed without a schedule by the one now known: DingTalk files a punch
   * under the check point whose window holds its time (`typeAt`; null: none of this day's,
   * left as it is). The upload itself carries no type; this is what Daka shows and says
   * (the outbox, 待上传 on the right check point, the result). True when one changed.
   */
  refile(userId: string, typeAt: (at: number) => CheckType | null): boolean {
    let changed = false;
    const next = this.all().map((i) => {
      if (!i.guessed || i.userId !== userId || i.state === 'discarded') return i;
      const type = typeAt(i.at);
      if (type === null) return i;
      changed = true;
      const judged: StoredIntent = { ...i, type };
      delete judged.guessed;
      return judged;
    });
    if (changed) this.write(next);
    return changed;
  }

  discard(id: string): void {
    const intent = this.get(id);
    if (intent.state === 'sent') return;
    if (intent.state === 'sending' || intent.state === 'unknown' || intent.state === 'accepted') {
      // It may already be at DingTalk (or the server has it): discarding locally would lie.
      throw new AppError('invalidInput', 'This punch may already have reached DingTalk', {
        field: 'id',
      });
    }
    this.update(id, { state: 'discarded' });
  }

  /**
   * Sends one intent. `explicit` is the employee pressing Send now on a held
   * punch: it goes out with its original time whatever its age.
   */
  send(id: string, explicit = false): Promise<SendResult> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const task = this.doSend(id, explicit).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, task);
    return task;
  }

  /** Sends every waiting intent that may go out automatically (start-up, network back). */
  async flush(): Promise<SendResult[]> {
    const results: SendResult[] = [];
    for (const intent of this.all()) {
      // One being sent right now (a click) reports its own result: wait for it, quietly.
      const running = this.inFlight.get(intent.id);
      if (running) {
        await running.catch(() => undefined);
        continue;
      }
      if (
        intent.state === 'pending' ||
        intent.state === 'sending' ||
        intent.state === 'unknown' ||
        intent.state === 'accepted'
      ) {
        const result = await this.send(intent.id);
        // An accepted punch still waiting for DingTalk is no news.
        if (!(result.state === 'accepted' && intent.state === 'accepted')) results.push(result);
      }
    }
    this.prune();
    return results;
  }

  hasWork(): boolean {
    const asks = this.deps.api().punchState !== undefined;
    return this.all().some(
      (i) =>
        ['pending', 'sending', 'unknown'].includes(i.state) || (asks && i.state === 'accepted'),
    );
  }

  /**
   * The company server's word on a punch (its event stream or a look-up). Returns the
   * new result when it moved the punch on (punched, refused), null when nothing changed.
   */
  applyServerResult(id: string, result: UploadResult): SendResult | null {
    const intent = this.all().find((i) => i.id === id);
    if (!intent || intent.state === 'sent' || intent.state === 'discarded') return null;
    return this.applyResult(intent, result);
  }

  private async doSend(id: string, explicit: boolean, comeBack = 0): Promise<SendResult> {
    let intent = this.get(id);
    if (intent.state === 'sent') return { state: 'sent', intent };
    if (intent.state === 'discarded') {
      throw new AppError('outboxEntryNotFound', `Punch ${id} was discarded`);
    }

    const api = this.deps.api();
    // Server mode: the server has it; only its answer is awaited. Ask where it stands.
    if (intent.state === 'accepted') return this.ask(intent);

    // A previous attempt may have reached DingTalk: look before sending again (unless the
    // other side de-duplicates by intent id, so that sending again is the way to ask).
    if ((intent.state === 'sending' || intent.state === 'unknown') && !api.idempotentUploads) {
      const settled = await this.settle(intent);
      if (settled) return settled;
      intent = this.get(id);
    }

    // Send anyway on a held punch that once left the machine: it goes out again only when
    // DingTalk shows it does not have it (and the grace period is over), never on a guess.
    if (explicit && intent.state === 'held' && mayHaveArrived(intent) && !api.idempotentUploads) {
      const settled = await this.settle(intent);
      if (settled) return settled;
      intent = this.get(id);
    }

    // Server mode: the server answers a repeat of an intent id with what it decided then, and
    // a punch it refused is final there (never sent to DingTalk). Send now on a held punch asks
    // again under a new id, so the server decides afresh (IT may have fixed the cause).
    if (explicit && intent.state === 'held' && api.idempotentUploads && intent.attempts > 0) {
      const renewed = this.newId();
      const asked = { id: renewed, state: 'pending' as const };
      this.write(this.all().map((i) => (i.id === id ? { ...i, ...asked } : i)));
      return this.doSend(renewed, explicit, comeBack);
    }

    if (!explicit && this.tooOld(intent)) {
      const error = intent.lastError ?? tooOldError(this.deps.maxOfflineMinutes() ?? 0);
      intent = this.update(id, { state: 'held', lastError: error });
      return { state: 'held', intent, error };
    }

    const now = this.deps.clock.now();
    const queuedOffline = intent.attempts > 0 || now - intent.createdAt > OFFLINE_AFTER_MS;
    intent = this.update(id, {
      state: 'sending',
      attempts: intent.attempts + 1,
      lastAttemptAt: now,
    });
    let result: UploadResult;
    try {
      result = await api.uploadPunch({
        userId: intent.userId,
        deviceId: this.deps.device.id,
        deviceName: this.deps.device.name,
        userCheckTime: intent.at,
        intentId: intent.id,
        queuedOffline,
        checkType: intent.type,
      });
    } catch (error) {
      const payload = toErrorPayload(error);
      this.deps.logger.warn('punch upload failed', { id, code: payload.code });
      if (api.idempotentUploads) {
        // Sending again is safe: only a refusal for good goes to the employee.
        const held = SERVER_REFUSALS.has(payload.code);
        intent = this.update(id, { state: held ? 'held' : 'pending', lastError: payload });
        return held
          ? { state: 'held', intent, error: payload }
          : { state: 'queued', intent, error: payload };
      }
      if (payload.code === 'outcomeUnknown') {
        intent = this.update(id, { state: 'unknown', lastError: payload });
        // Settle it now if DingTalk can tell us; a resend waits for the next flush.
        const settled = await this.settle(intent);
        return settled ?? { state: 'queued', intent: this.get(id), error: payload };
      }
      if (TRANSIENT.has(payload.code)) {
        intent = this.update(id, { state: 'pending', lastError: payload });
        // A clean busy/throttled answer (an ambiguous one is outcomeUnknown above): again, soon.
        if (COME_BACK.has(payload.code) && comeBack < COME_BACK_RETRIES) {
          await this.pause(comeBackWait(payload, comeBack));
          return this.doSend(id, explicit, comeBack + 1);
        }
        return { state: 'queued', intent, error: payload };
      }
      intent = this.update(id, { state: 'held', lastError: payload });
      return { state: 'held', intent, error: payload };
    }
    return this.applyResult(intent, result) ?? { state: 'accepted', intent: this.get(id) };
  }

  private pause(ms: number): Promise<void> {
    if (this.deps.sleep) return this.deps.sleep(ms);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Server mode: asks where an accepted punch stands; unreachable means still accepted. */
  private async ask(intent: StoredIntent): Promise<SendResult> {
    const punchState = this.deps.api().punchState;
    if (!punchState) return { state: 'accepted', intent };
    try {
      const result = await punchState(intent.id);
      return this.applyResult(intent, result) ?? { state: 'accepted', intent: this.get(intent.id) };
    } catch (error) {
      this.deps.logger.debug('punch state unknown', { code: toErrorPayload(error).code });
      return { state: 'accepted', intent };
    }
  }

  private applyResult(intent: StoredIntent, result: UploadResult): SendResult | null {
    const at = result.checkTime ?? intent.at;
    switch (result.state) {
      case 'sent': {
        const sent = this.update(intent.id, {
          state: 'sent',
          at,
          sentAt: this.deps.clock.now(),
          lastError: null,
        });
        return { state: 'sent', intent: sent };
      }
      case 'accepted': {
        if (intent.state === 'accepted') return null;
        const accepted = this.update(intent.id, {
          state: 'accepted',
          at,
          acceptedAt: result.acceptedAt,
          lastError: null,
        });
        return { state: 'accepted', intent: accepted };
      }
      case 'refused': {
        // Nothing was punched: the refusal's check time is the server's clock at the refusal,
        // not the click, so the punch keeps its own time (Send now must not move it).
        const held = this.update(intent.id, { state: 'held', lastError: result.error });
        return { state: 'held', intent: held, error: result.error };
      }
    }
  }

  /**
   * Asks DingTalk whether an ambiguous upload arrived. Returns the result when
   * it did (sent), when DingTalk cannot be asked, or when the attempt is too
   * recent for "no record" to be conclusive (both: still unknown, sent again
   * never); undefined when it certainly did not arrive (pending again).
   */
  private async settle(intent: StoredIntent): Promise<SendResult | undefined> {
    const found = await this.reconcile(intent);
    if (found === 'found') {
      // Found in DingTalk's records, but the cached day was read before it: left unverified,
      // it shows in the day at once as our own punch until the next read proves it.
      const sent = this.update(intent.id, {
        state: 'sent',
        sentAt: this.deps.clock.now(),
        verified: false,
        lastError: null,
      });
      return { state: 'sent', intent: sent };
    }
    if (found === 'unreadable' || found === 'refused') {
      const current = this.get(intent.id);
      const error = current.lastError ?? unknownError();
      return found === 'refused'
        ? { state: 'held', intent: current, error }
        : { state: 'queued', intent: current, error };
    }
    const attemptAt = intent.lastAttemptAt ?? intent.createdAt;
    if (this.deps.clock.now() - attemptAt < SETTLE_GRACE_MS) {
      const waiting = this.update(intent.id, { state: 'unknown' });
      return { state: 'queued', intent: waiting, error: waiting.lastError ?? unknownError() };
    }
    this.update(intent.id, { state: 'pending' });
    return undefined;
  }

  private upload(i: StoredIntent): OwnUpload {
    return { device: this.deps.device, at: i.at };
  }

  /** The record that is this intent, not already explained by a settled upload of ours. */
  private findRecord<R extends RecordIdentity & { id: string }>(
    records: readonly R[],
    i: StoredIntent,
    settled: readonly OwnUpload[],
  ): R | null {
    // Server mode: the server uploads under its own device, at the check time it told us.
    if (this.deps.api().idempotentUploads) {
      return records.find((r) => Math.abs(r.userCheckTime - i.at) <= SAME_TIME_MS) ?? null;
    }
    return findOwnUpload(records, this.upload(i), settled);
  }

  private async reconcile(
    intent: StoredIntent,
  ): Promise<'found' | 'absent' | 'unreadable' | 'refused'> {
    try {
      const records = await this.deps
        .api()
        .listRecords([intent.userId], intent.at - RECONCILE_MARGIN, intent.at + RECONCILE_MARGIN);
      // Our other uploads DingTalk already showed keep their own records.
      const settled = this.all()
        .filter((i) => i.userId === intent.userId && i.id !== intent.id && i.state === 'sent')
        .map((i) => this.upload(i));
      return this.findRecord(records, intent, settled) ? 'found' : 'absent';
    } catch (error) {
      const payload = toErrorPayload(error);
      // DingTalk will not answer this for a while (no permission, no quota...): asking every
      // few seconds would only burn calls. The employee decides: send anyway, or discard.
      const refused = REFUSALS.has(payload.code);
      this.update(intent.id, { state: refused ? 'held' : 'unknown', lastError: payload });
      return refused ? 'refused' : 'unreadable';
    }
  }

  private tooOld(intent: StoredIntent): boolean {
    const max = this.deps.maxOfflineMinutes();
    return max !== null && this.deps.clock.now() - intent.createdAt > max * MINUTE;
  }

  private prune(): void {
    const now = this.deps.clock.now();
    const all = this.all();
    const kept = all.filter(
      (i) => !(i.state === 'discarded' || i.state === 'sent') || now - i.createdAt < KEEP_SENT,
    );
    if (kept.length !== all.length) this.write(kept);
  }

  private update(id: string, patch: Partial<StoredIntent>): StoredIntent {
    let updated: StoredIntent | undefined;
    const next = this.all().map((i) => {
      if (i.id !== id) return i;
      updated = { ...i, ...patch };
      return updated;
    });
    if (!updated) throw new AppError('outboxEntryNotFound', `No punch ${id} in the outbox`);
    this.write(next);
    return updated;
  }

  private write(intents: StoredIntent[]): void {
    this.deps.store.set(KEY, intents);
  }
}

/**
 * Whether an attempt could have reached DingTalk: it was made, and its last word was not
 * DingTalk's own clean refusal of the upload (then nothing was recorded).
 */
function mayHaveArrived(intent: StoredIntent): boolean {
  if (intent.lastAttemptAt === null) return false;
  const e = intent.lastError;
  const cleanRefusal = e !== null && e.code !== 'outcomeUnknown' && e.detail?.api === UPLOAD_API;
  return !cleanRefusal;
}

/** 1 s, 2 s…, never shorter than the wait DingTalk named (retryAfter, seconds). */
function comeBackWait(error: AppErrorPayload, retry: number): number {
  const named = (error.detail?.retryAfter ?? 0) * 1000;
  return Math.max(COME_BACK_FIRST_WAIT_MS * 2 ** retry, named);
}

function tooOldError(maxMinutes: number): AppErrorPayload {
  return { code: 'networkDown', message: `Not sent within ${maxMinutes} minutes` };
}

function unknownError(): AppErrorPayload {
  return {
    code: 'outcomeUnknown',
    message: 'DingTalk could not be asked whether the punch arrived',
  };
}

function queuedState(state: StoredIntent['state']): QueuedState {
  return state === 'held' ? 'held' : state === 'accepted' ? 'accepted' : 'waiting';
}

function toEntry(i: StoredIntent, timeZone: string, serverMode: boolean): OutboxEntry {
  return {
    id: i.id,
    userId: i.userId,
    type: i.type,
    at: toZonedIso(i.at, timeZone),
    createdAt: toZonedIso(i.createdAt, timeZone),
    // Accepted by the server but not yet DingTalk's: still on its way, never "punched".
    state: i.state === 'accepted' ? 'sending' : i.state,
    attempts: i.attempts,
    lastError: i.lastError,
    ...(i.state === 'accepted' && typeof i.acceptedAt === 'number'
      ? { acceptedAt: toZonedIso(i.acceptedAt, timeZone) }
      : {}),
    ...(i.state === 'held' ? { held: heldCause(i.lastError, serverMode) } : {}),
  };
}

/**
 * What holds a punch, by its last error: no answer at all means it waited offline too
 * long (the max age held it; in server mode the server says so: punchTooOld); DingTalk
 * refusing this computer's IP is the network's (in server mode the IP is the server's, which
 * no network of the employee's changes); the company server refusing the click time as ahead of
 * its clock (punchInFuture) is this computer's clock, not DingTalk's; anything else DingTalk (or
 * the company server) refused is the app's, and the DingTalk app still works.
 */
export function heldCause(
  error: AppErrorPayload | null,
  serverMode = false,
): NonNullable<OutboxEntry['held']> {
  if (!error || TRANSIENT.has(error.code) || error.code === 'outcomeUnknown') return 'offline';
  if (error.code === 'punchTooOld') return 'offline';
  if (error.code === 'punchInFuture') return 'clock';
  return error.code === 'ipNotWhitelisted' && !serverMode ? 'network' : 'dingtalk';
}

function isIntent(value: unknown): value is StoredIntent {
  const v = value as Partial<StoredIntent> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.userId === 'string' &&
    (v.type === 'OnDuty' || v.type === 'OffDuty') &&
    typeof v.at === 'number' &&
    typeof v.createdAt === 'number' &&
    typeof v.state === 'string'
  );
}

/** Intents written before lastAttemptAt existed read as never attempted. */
function withDefaults(i: StoredIntent): StoredIntent {
  return { ...i, lastAttemptAt: typeof i.lastAttemptAt === 'number' ? i.lastAttemptAt : null };
}
