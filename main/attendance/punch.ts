/**
 * Punching: decides what a click means (which check point, whether it needs
 * confirmation, whether punching is possible at all), turns it into a durable
 * outbox intent with an honest time, sends it, and posts the optional receipt.
 */
import { AppError, type AppErrorPayload, toErrorPayload } from '../../shared/errors';
import type { CheckType, DayStatus, PunchOutcome } from '../../shared/model';
import type { Settings } from '../../shared/settings';
import { filedAs, mustConfirm, punchOffer } from '../../shared/punch-rule';
import { parseDingTalk, toZonedIso } from '../../shared/time';
import { apiName, ENDPOINTS } from '../dingtalk/endpoints';
import type { Clock, Logger } from '../ports';
import type { AttendanceConnection } from './connection';
import type { Outbox, SendResult } from './outbox';

const MINUTE = 60_000;

export interface PunchServiceDeps {
  api: Pick<AttendanceConnection, 'clockSkewMs'>;
  outbox: Outbox;
  clock: Clock;
  settings: () => Settings;
  /**
   * A second punch of the same kind within this many minutes asks first: the desktop
   * setting in direct mode, the administrator's policy in server mode.
   */
  repeatGuardMinutes: () => number;
  timeZone: () => string;
  /** Why punching is impossible right now (policy, permission, identity), or null. */
  unavailableReason: () => AppErrorPayload | null;
  /** Posts the receipt to the employee's robot; failures are logged, never fatal. */
  receipt: (type: CheckType, at: number, intentId: string) => Promise<void>;
  logger: Logger;
}

export interface PunchRequest {
  userId: string;
  day: DayStatus | null;
  confirm: boolean;
  /** When the employee clicked (default: now). */
  clickedAt?: number;
}

export class PunchService {
  constructor(private readonly deps: PunchServiceDeps) {}

  async punch(req: PunchRequest): Promise<PunchOutcome> {
    const now = req.clickedAt ?? this.deps.clock.now();
    const tz = this.deps.timeZone();
    const clickedAt = now + skewCorrection(this.deps.api.clockSkewMs());
    const atIso = toZonedIso(clickedAt, tz);

    const unavailable = this.deps.unavailableReason();
    // A rest day from the fallback calendar is a guess (some companies work some Saturdays):
    // it does not stop a punch; DingTalk's own rest day does.
    const guessedRest = req.day?.restDay === true && req.day.source.kind === 'fallback';
    const type = this.typeFor(guessedRest ? null : req.day, clickedAt);
    if (unavailable) return { outcome: 'unavailable', type, at: atIso, reason: unavailable };
    if (req.day?.restDay && !guessedRest) {
      return {
        outcome: 'unavailable',
        type: null,
        at: atIso,
        reason: err('restDay', 'Today is a rest day'),
      };
    }
    const opens = !type && req.day && !guessedRest ? punchOffer(req.day, clickedAt) : null;
    if (opens?.opensAt) {
      // Before the window opens: say when it opens, never "all done or past".
      return {
        outcome: 'unavailable',
        type: null,
        at: atIso,
        reason: new AppError('notOpenYet', 'The punch window has not opened yet', {
          time: opens.opensAt.slice(11, 16),
        }).toPayload(),
      };
    }
    if (!type) {
      return {
        outcome: 'unavailable',
        type: null,
        at: atIso,
        reason: err('nothingDue', 'Nothing to punch now'),
      };
    }

    const window = this.windowOf(req.day, type, clickedAt);
    const previous = this.previousOfType(req, type, window);
    const planned = guessedRest ? null : this.plannedOf(req.day, type, clickedAt);
    // The shared rule (shared/punch-rule.ts): the tray and the popup label the button by it.
    const ask = mustConfirm({
      type,
      now: clickedAt,
      planned,
      previous,
      sameCheckPoint: window !== null,
      repeatGuardMs: this.deps.repeatGuardMinutes() * MINUTE,
    });
    if (!req.confirm && ask) {
      return {
        outcome: 'needs-confirmation',
        type,
        at: atIso,
        previousAt: toZonedIso(ask === 'repeat' && previous !== null ? previous : clickedAt, tz),
        // A repeat stays shaped as before (older readers, the CLI's --json).
        ...(ask === 'early' ? { ask, ...(planned ? { planned } : {}) } : {}),
      };
    }

    // Without DingTalk's schedule the type is the default hours' guess: judged again later.
    const guessed = guessedRest || req.day === null;
    const intent = this.deps.outbox.create(req.userId, type, clickedAt, guessed);
    const result = await this.deps.outbox.send(intent.id);
    return this.outcome(result);
  }

  /** The employee's Send now on a held or queued punch: its original time, whatever its age. */
  async sendNow(id: string): Promise<PunchOutcome> {
    const unavailable = this.deps.unavailableReason();
    const intent = this.deps.outbox.get(id);
    if (unavailable) {
      return {
        outcome: 'unavailable',
        type: intent.type,
        at: toZonedIso(intent.at, this.deps.timeZone()),
        reason: unavailable,
      };
    }
    return this.outcome(await this.deps.outbox.send(id, true));
  }

  private async outcome(result: SendResult): Promise<PunchOutcome> {
    const { intent } = result;
    const at = toZonedIso(intent.at, this.deps.timeZone());
    switch (result.state) {
      case 'sent':
        await this.deps.receipt(intent.type, intent.at, intent.id).catch((error: unknown) => {
          this.deps.logger.warn('receipt failed', { code: toErrorPayload(error).code });
        });
        return { outcome: 'punched', type: intent.type, at, intentId: intent.id };
      case 'accepted':
        // The company server has it; "punched" only when DingTalk took it (an event says so).
        return {
          outcome: 'queued',
          type: intent.type,
          at,
          intentId: intent.id,
          reason: new AppError(
            'punchAccepted',
            'The company server has the punch and is sending it to DingTalk',
          ).toPayload(),
        };
      case 'queued':
        return {
          outcome: 'queued',
          type: intent.type,
          at,
          intentId: intent.id,
          reason: result.error,
        };
      case 'held':
        if (uploadRefused(result.error)) {
          // DingTalk refused cleanly and will keep refusing: nothing to keep.
          this.deps.outbox.discard(intent.id);
          return { outcome: 'unavailable', type: intent.type, at, reason: result.error };
        }
        return {
          outcome: 'held',
          type: intent.type,
          at,
          intentId: intent.id,
          reason: result.error,
        };
    }
  }

  /**
   * Which check point a click is for. DingTalk files a device's punch under the
   * check point whose punch window holds its time, so that decides, not the
   * button's label: a second click at 08:59 is another clock-in (and asks for
   * confirmation), never an early clock-out. Between windows nothing is due.
   * Without a status, a guess from the fallback times.
   */
  typeFor(day: DayStatus | null, now: number): CheckType | null {
    if (day) return filedAs(day, now)?.type ?? null;
    return typeWithoutDay(now, this.deps.settings(), this.deps.timeZone());
  }

  /** The planned time of the check point a click is filed under, when known. */
  private plannedOf(day: DayStatus | null, type: CheckType, at: number): string | null {
    const point = day ? filedAs(day, at) : null;
    return point?.type === type ? point.planned : null;
  }

  /** The punch window of the check point a click at `at` belongs to, when known. */
  private windowOf(
    day: DayStatus | null,
    type: CheckType,
    at: number,
  ): { from: number; to: number } | null {
    for (const c of day?.checkPoints ?? []) {
      if (c.type !== type || !c.window) continue;
      const from = Date.parse(c.window.from);
      const to = Date.parse(c.window.to);
      if (from <= at && at <= to) return { from, to };
    }
    return null;
  }

  /**
   * The latest earlier punch of the same kind for the same check point (its
   * window), or, without a known window, within the last day: DingTalk's
   * records, or our own intents.
   */
  private previousOfType(
    req: PunchRequest,
    type: CheckType,
    window: { from: number; to: number } | null,
  ): number | null {
    const now = req.clickedAt ?? this.deps.clock.now();
    const inScope = (t: number) =>
      window ? t >= window.from && t <= window.to : t > now - 24 * 60 * MINUTE && t <= now;
    const times: number[] = [];
    for (const p of req.day?.punches ?? []) {
      if (p.valid && p.checkType === type) times.push(Date.parse(p.at));
    }
    for (const c of req.day?.checkPoints ?? []) {
      if (c.type === type && c.punchedAt) times.push(Date.parse(c.punchedAt));
    }
    for (const i of this.deps.outbox.all()) {
      if (i.userId === req.userId && i.type === type && i.state !== 'discarded') times.push(i.at);
    }
    const relevant = times.filter(inScope);
    return relevant.length > 0 ? Math.max(...relevant) : null;
  }
}

/**
 * What a click means without today's status (offline before the first read): by the
 * settings' default hours, a clock-out from halfway between them.
 */
export function typeWithoutDay(now: number, settings: Settings, timeZone: string): CheckType {
  const fb = settings.fallbackSchedule;
  const today = toZonedIso(now, timeZone).slice(0, 10);
  const on = parseDingTalk(`${today} ${fb.onDuty}:00`, timeZone);
  const off = parseDingTalk(`${today} ${fb.offDuty}:00`, timeZone);
  return off > on && now >= (on + off) / 2 ? 'OffDuty' : 'OnDuty';
}

/**
 * DingTalk's Date header has one-second resolution, so a measured skew under
 * two seconds is noise: correct only a real difference, to the second.
 */
export function skewCorrection(skewMs: number | null): number {
  if (skewMs === null || Math.abs(skewMs) < 2000) return 0;
  return Math.round(skewMs / 1000) * 1000;
}

/** DingTalk refused the upload itself for good (not a read that could not settle it). */
function uploadRefused(error: AppErrorPayload): boolean {
  if (error.code === 'punchingDisabled') return true;
  return error.code === 'missingPermission' && error.detail?.api === apiName(ENDPOINTS.upload);
}

function err(code: 'restDay' | 'nothingDue', message: string): AppErrorPayload {
  return new AppError(code, message).toPayload();
}
