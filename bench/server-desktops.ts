/**
 * Desktops through a simulated workday, one event at a time: the real engine
 * (server or direct mode) driven the way main/index.ts drives it, and the
 * protocol desktop (the engine's /v1 client alone) making the requests the
 * engine makes for the same events. server-economy.ts runs them in time order.
 */
import { randomUUID } from 'node:crypto';
import { recordRange } from '../main/attendance/today';
import type { ScheduleEntry } from '../main/dingtalk/types';
import type { Engine } from '../main/engine';
import { createHandlers, headlessPlatform } from '../main/handlers';
import type { EventBus } from '../server/services';
import type { PunchView, ServerEvent } from '../shared/server-api';
import type { CheckType } from '../shared/model';
import { addDays, dateKey, startOfDate } from '../shared/time';
import type { ProtocolDesktop } from './server-harness';

export type Step = 'login' | 'popup' | 'punch' | 'sleep' | 'resume' | 'timer' | 'quit';

export interface Desktop {
  readonly userId: string;
  readonly kind: 'engine' | 'protocol' | 'direct';
  /** Does one step at the clock's current time. */
  act(step: Step, checkType?: CheckType): Promise<void>;
  /** When the reminder timer wants to fire next (engines only; null: not armed). */
  nextWake(): number | null;
  /** Steps that may leave work in the background (SSE reloads): the caller settles after them. */
  stop(): Promise<void>;
}

/** The real engine, as main/index.ts drives it (see bench/workday.ts). */
export class EngineDriver implements Desktop {
  private wake: number | null = null;
  private awake = false;
  private readonly handlers;
  private readonly replan = () => {
    if (this.awake) void this.plan('statusChanged').catch(() => undefined);
  };

  constructor(
    readonly userId: string,
    readonly kind: 'engine' | 'direct',
    private readonly engine: Engine,
  ) {
    this.handlers = createHandlers(engine, headlessPlatform());
    engine.on('replan', this.replan);
  }

  private async plan(trigger: 'login' | 'resume' | 'timer' | 'statusChanged'): Promise<void> {
    this.wake = (await this.engine.planReminder(trigger)).nextWakeAt;
  }

  nextWake(): number | null {
    return this.awake ? this.wake : null;
  }

  async act(step: Step): Promise<void> {
    switch (step) {
      case 'login':
      case 'resume':
        this.awake = true;
        await this.engine.flushOutbox();
        await this.engine.open();
        await this.plan(step);
        return;
      case 'popup':
        await this.handlers.getSnapshot({});
        return;
      case 'punch': {
        const outcome = await this.handlers.punch({ confirm: false });
        const ok =
          outcome.outcome === 'punched' ||
          (outcome.outcome === 'queued' && outcome.reason.code === 'punchAccepted');
        if (!ok) throw new Error(`${this.userId}: punch ${JSON.stringify(outcome)}`);
        await this.plan('statusChanged');
        return;
      }
      case 'timer':
        await this.plan('timer');
        return;
      case 'sleep':
      case 'quit':
        this.awake = false;
        this.wake = null;
        return;
    }
  }

  /** Punches the server accepted but has not confirmed yet. */
  waiting(): number {
    return this.engine.outbox.all().filter((i) => i.state === 'accepted').length;
  }

  async stop(): Promise<void> {
    this.engine.off('replan', this.replan);
    await this.engine.stop();
  }
}

interface DayCache {
  date: string;
  entries: ScheduleEntry[];
}

/**
 * The engine's /v1 requests without the engine, for the same steps (what the
 * engine sample shows it asks; see the economy bench's fidelity table):
 * - login: the schedule of a date not cached yet; the records too when an
 *   upload is still unverified (from the oldest one to now) or no schedule;
 *   and yesterday's schedule when it was not loaded (after a weekend), which
 *   the engine reads once in the morning to see whether a night shift is open.
 * - punch: POST /v1/punches, then the server's `punch` event says punched.
 * - a `day` event (the server saw the day change): the engine reloads the day,
 *   the schedule and the day's records.
 * - timer (a clock-out reminder about to show, its status hours old): the schedule.
 * - popup, sleep, resume, quit: answered from the engine's cache, no request.
 * Events are heard on the server's in-process bus (what /v1/events streams to
 * the engine).
 */
export class ProtocolDriver implements Desktop {
  readonly kind = 'protocol' as const;
  readonly userId: string;
  private day: DayCache | null = null;
  private unverified: number[] = [];
  /** Dates the engine's day cache would hold. */
  private loaded = new Set<string>();
  private readonly reloads = new Set<Promise<void>>();
  private readonly settled = new Map<string, (view: PunchView) => void>();
  private readonly off: () => void;

  constructor(
    private readonly desktop: ProtocolDesktop,
    bus: EventBus,
    private readonly clock: { now(): number },
    private readonly timeZone: string,
  ) {
    this.userId = desktop.userId;
    this.off = bus.subscribe({ userId: this.userId, sessionId: desktop.sessionId }, (e) =>
      this.heard(e),
    );
  }

  private heard(e: ServerEvent): void {
    if (e.event === 'punch' && e.data.state !== 'accepted') {
      this.settled.get(e.data.intentId)?.(e.data);
    } else if (e.event === 'day') {
      const reload = this.reload(e.data.date).finally(() => this.reloads.delete(reload));
      this.reloads.add(reload);
    }
  }

  private async reload(date: string): Promise<void> {
    const entries = await this.schedule(date);
    this.day = { date, entries };
    await this.records(date, entries);
  }

  nextWake(): null {
    return null;
  }

  private async schedule(date: string): Promise<ScheduleEntry[]> {
    return (await this.desktop.api.schedule(date)).entries;
  }

  /**
   * The day service's record reads in server mode (main/attendance/day-service.ts): uploads
   * from before the day's range are verified by a read that ends where the range starts
   * (the server answers it from its settled cache); the day's own range is read when it
   * still has unverified uploads of its own, or `whole` (a reload, or no schedule).
   */
  private async records(date: string, entries: ScheduleEntry[], whole = true): Promise<void> {
    const range = recordRange(date, this.timeZone, { kind: 'entries', entries });
    const earlier = this.unverified.filter((at) => at < range.from);
    if (earlier.length > 0) this.verify(await this.read(Math.min(...earlier), range.from - 1));
    const own = this.unverified.filter((at) => at >= range.from);
    if (!whole && own.length === 0) return;
    const from = Math.min(range.from, ...own);
    this.verify(await this.read(from, Math.max(from + 1000, Math.min(range.to, this.clock.now()))));
  }

  private async read(from: number, to: number) {
    return (await this.desktop.api.records(from, to)).records;
  }

  /** The engine's outbox marks an upload verified when a record shows it (same second). */
  private verify(records: { userCheckTime: number }[]): void {
    this.unverified = this.unverified.filter(
      (at) => !records.some((r) => Math.abs(r.userCheckTime - at) < 1000),
    );
  }

  async act(step: Step, checkType?: CheckType): Promise<void> {
    const now = this.clock.now();
    const today = dateKey(now, this.timeZone);
    if (step === 'login') {
      // Uploads older than two days are no longer looked for (the outbox's verify window).
      this.unverified = this.unverified.filter((at) => at >= now - 2 * 86_400_000);
      if (this.day?.date !== today) {
        const yesterday = addDays(today, -1);
        const entries = await this.schedule(today);
        this.day = { date: today, entries };
        if (this.unverified.length > 0 || entries.length === 0) {
          await this.records(today, entries, entries.length === 0);
        }
        // The engine looks once at a yesterday it has not loaded (a night shift still open?).
        if (!this.loaded.has(yesterday)) await this.schedule(yesterday);
        this.loaded = new Set([today, yesterday]);
      }
    } else if (step === 'timer') {
      // The reminder's look before nagging: the schedule only (check_status), records kept.
      const entries = await this.schedule(today);
      this.day = { date: today, entries };
    } else if (step === 'punch') {
      if (!checkType) throw new Error('a punch needs its check type');
      const intentId = randomUUID();
      const at = Math.floor(now / 1000) * 1000;
      const settled = new Promise<PunchView>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${this.userId}: not punched in 60 s`)),
          60_000,
        );
        this.settled.set(intentId, (view) => {
          clearTimeout(timer);
          resolve(view);
        });
      });
      const view = await this.desktop.api.punch({
        intentId,
        clickedAt: at,
        checkType,
        queuedOffline: false,
      });
      const final = view.state === 'accepted' ? await settled : view;
      this.settled.delete(intentId);
      if (final.state !== 'punched') throw new Error(`${this.userId}: punch ${final.state}`);
      this.unverified.push(at);
      // A `day` event, if one follows the upload, arrives right after it.
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
    }
    while (this.reloads.size > 0) await Promise.all([...this.reloads]);
  }

  async stop(): Promise<void> {
    this.off();
  }
}

/** The working days (Monday to Friday) of a "YYYY-MM" month. */
export function workdaysOf(month: string, timeZone: string): string[] {
  const out: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) {
    const weekday = new Date(startOfDate(d, timeZone) + 12 * 3_600_000).getUTCDay();
    if (weekday >= 1 && weekday <= 5) out.push(d);
  }
  return out;
}
