/**
 * The engine's punching room: a click (with a brief look at today first), Send
 * now and Discard on a held punch, flushing the outbox when the network is
 * back, the company server's word on a punch it accepted, the receipt to the
 * employee's own robot, and why punching is unavailable right now.
 */
import {
  AppError,
  type AppErrorPayload,
  NO_ANSWER_CODES,
  toErrorPayload,
} from '../../shared/errors';
import type { CheckType, DayStatus, PunchOutcome } from '../../shared/model';
import type { PunchView } from '../../shared/server-api';
import type { Settings } from '../../shared/settings';
import { toZonedIso } from '../../shared/time';
import type { Outbox, SendResult } from '../attendance/outbox';
import { PunchService } from '../attendance/punch';
import type { CallMeter } from '../attendance/quota';
import { resultOf } from '../company/attendance';
import { apiName, ENDPOINTS } from '../dingtalk/endpoints';
import { createRobotSender } from '../dingtalk/robot';
import type { RobotSender } from '../dingtalk/types';
import type { Clock, Fetch, Logger } from '../ports';
import type { Vault } from '../settings/vault';
import type { ConnectionRoom } from './connection-room';
import type { IdentityRoom } from './identity-room';
import type { ServerRoom } from './server-room';
import type { LiveStatus } from './snapshot';
import type { TodayRoom } from './today-room';

export interface PunchRoomDeps {
  conn: ConnectionRoom;
  server: ServerRoom;
  identity: IdentityRoom;
  today: TodayRoom;
  outbox: Outbox;
  meter: CallMeter;
  vault: Vault;
  clock: Clock;
  fetch?: Fetch;
  /** Where the robot webhook is in server mode (no DingTalk app here): DingTalk's oapi. */
  robotBase: () => string;
  settings: () => Settings;
  logger: Logger;
  status: LiveStatus;
  /** A punch finished in the background: worth a notification. */
  onBackground: (outcome: PunchOutcome) => void;
  onChanged: () => void;
  onReplan: () => void;
}

const TRANSIENT_CODES = new Set([...NO_ANSWER_CODES, 'dingtalkBusy', 'ipBanned']);
/** How long a click waits for a first status before punching without one. */
const STATUS_WAIT_MS = 3000;
/** A refusal of the upload permission is trusted this long: the administrator may fix it. */
const PERMISSION_MEMORY_MS = 60 * 60_000;

export class PunchRoom {
  private service: PunchService | null = null;
  private serverRobot: RobotSender | null = null;
  /** Punches already receipted: the server's event and a flush may both report one as sent. */
  private readonly receipted = new Set<string>();

  constructor(private readonly deps: PunchRoomDeps) {}

  reset(): void {
    this.service = null;
    this.serverRobot = null;
  }

  async punch(confirm: boolean): Promise<PunchOutcome> {
    // The click time is taken now, whatever the wait below.
    const clickedAt = this.deps.clock.now();
    const identity = this.deps.identity.identity();
    let day = this.deps.today.cached();
    if (identity && this.deps.conn.configured()) {
      // The cache when there is one (and, early on a rest day, a look at yesterday's night
      // shift); without one (first start offline?) look briefly, punch anyway if DingTalk is slow.
      day = await Promise.race([
        this.deps.today
          .days()
          .get(identity.userId, 'open')
          .catch(() => day),
        new Promise<DayStatus | null>((resolve) =>
          setTimeout(() => resolve(day), STATUS_WAIT_MS).unref(),
        ),
      ]);
    }
    const outcome = await this.punchService().punch({
      userId: identity?.userId ?? '',
      day,
      confirm,
      clickedAt,
    });
    this.afterPunch(outcome);
    return outcome;
  }

  async sendHeld(id: string): Promise<PunchOutcome> {
    const outcome = await this.punchService().sendNow(id);
    this.afterPunch(outcome);
    return outcome;
  }

  discardHeld(id: string): void {
    this.deps.outbox.discard(id);
    this.deps.onChanged();
  }

  async flushOutbox(): Promise<void> {
    if (!this.deps.conn.configured() || !this.deps.outbox.hasWork()) return;
    const results = await this.deps.outbox.flush();
    if (results.some((r) => r.state === 'sent')) this.deps.status.lastError = null;
    for (const r of results) this.reportBackground(r);
    // Server mode: a punch the server now says is punched (a resend, an accepted one looked up).
    if (this.deps.conn.kind() === 'server') {
      for (const r of results) if (r.state === 'sent') this.receiptLater(r);
    }
    this.deps.onChanged();
    if (results.length > 0) this.deps.onReplan();
  }

  /** Server mode: the server's word on one of our punches (its event stream). */
  serverPunch(view: PunchView): void {
    const result = this.deps.outbox.applyServerResult(view.intentId, resultOf(view));
    if (!result) return;
    this.reportBackground(result);
    if (result.state === 'sent') this.receiptLater(result);
    this.deps.onChanged();
    this.deps.onReplan();
  }

  /** Why the punch action is unavailable (reminder-only mode), or null. */
  unavailableReason(): AppErrorPayload | null {
    const { conn, server } = this.deps;
    if (!conn.configured()) {
      return new AppError('notConfigured', 'No DingTalk app is configured').toPayload();
    }
    if (conn.kind() === 'server' && !server.signedIn()) {
      return server.signedOutReason() ?? new AppError('notSignedIn', 'Sign in first').toPayload();
    }
    if (!this.deps.identity.identity()) {
      return new AppError('notSignedIn', 'Sign in first').toPayload();
    }
    if (!conn.policies().punchingEnabled) {
      return new AppError(
        'punchingDisabled',
        'Your administrator turned desktop punching off',
      ).toPayload();
    }
    const upload = this.deps.meter.lastOutcome(apiName(ENDPOINTS.upload));
    const recent = upload && this.deps.clock.now() - upload.at < PERMISSION_MEMORY_MS;
    if (upload && recent && !upload.ok && upload.errorCode === 'missingPermission') {
      return new AppError('missingPermission', 'The app may not upload punches', {
        permission: ENDPOINTS.upload.permission,
      }).toPayload();
    }
    return null;
  }

  /** The company server's policy in server mode (it is the administrator's), else the setting. */
  private repeatGuardMinutes(): number {
    const fromServer =
      this.deps.conn.kind() === 'server'
        ? this.deps.server.me()?.policies.repeatGuardMinutes
        : null;
    return fromServer ?? this.deps.settings().punch.duplicateGuardMinutes;
  }

  private punchService(): PunchService {
    const { conn } = this.deps;
    this.service ??= new PunchService({
      api: { clockSkewMs: () => conn.clockSkewMs() },
      outbox: this.deps.outbox,
      clock: this.deps.clock,
      settings: this.deps.settings,
      repeatGuardMinutes: () => this.repeatGuardMinutes(),
      timeZone: () => conn.timeZone(),
      unavailableReason: () => this.unavailableReason(),
      receipt: (type, at, intentId) => this.sendReceipt(type, at, intentId),
      logger: this.deps.logger,
    });
    return this.service;
  }

  /** A punch finished in the background: worth a notification (punched, or just held). */
  private reportBackground(r: SendResult): void {
    const at = toZonedIso(r.intent.at, this.deps.conn.timeZone());
    if (r.state === 'sent') {
      this.deps.onBackground({
        outcome: 'punched',
        type: r.intent.type,
        at,
        intentId: r.intent.id,
      });
    } else if (r.state === 'held') {
      // flush() only takes punches that were not held: this one just became held.
      this.deps.onBackground({
        outcome: 'held',
        type: r.intent.type,
        at,
        intentId: r.intent.id,
        reason: r.error,
      });
    }
  }

  private afterPunch(outcome: PunchOutcome): void {
    if (outcome.outcome === 'queued' || outcome.outcome === 'held') {
      if (TRANSIENT_CODES.has(outcome.reason.code)) this.deps.status.online = false;
    }
    if (outcome.outcome === 'punched') this.deps.status.online = true;
    this.deps.onChanged();
    this.deps.onReplan();
  }

  /** A receipt for a punch that settled in the background (never fatal, never awaited). */
  private receiptLater(r: SendResult): void {
    void this.sendReceipt(r.intent.type, r.intent.at, r.intent.id)
      .catch((error: unknown) => {
        this.deps.logger.warn('receipt failed', { code: toErrorPayload(error).code });
      })
      .finally(() => this.deps.onChanged());
  }

  /**
   * The robot webhook is the employee's own (the vault's robotToken and robotSecret), not the
   * company's secret: direct mode sends it through the DingTalk client (sharing its clock
   * skew), server mode on its own. Either way only once DingTalk has the punch.
   */
  private robot(): RobotSender {
    if (this.deps.conn.kind() !== 'server') return this.deps.conn.api().robot;
    this.serverRobot ??= createRobotSender({
      oapiBase: this.deps.robotBase(),
      clock: this.deps.clock,
      logger: this.deps.logger,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    });
    return this.serverRobot;
  }

  private async sendReceipt(type: CheckType, at: number, intentId: string): Promise<void> {
    const { receipts } = this.deps.settings();
    const secret = this.deps.vault.getSecret('robotSecret');
    const accessToken = this.deps.vault.getSecret('robotToken');
    if (!receipts.enabled || !accessToken || !secret) return;
    if (this.receipted.has(intentId)) return;
    this.receipted.add(intentId);
    const who = this.deps.identity.identity();
    const name = who?.name ?? who?.userId ?? '';
    const label = type === 'OnDuty' ? '上班打卡 Clock in' : '下班打卡 Clock out';
    const time = toZonedIso(at, this.deps.conn.timeZone()).slice(11, 16);
    await this.robot().send(
      { accessToken, secret },
      { msgtype: 'text', text: { content: `Daka · ${name} ${label} ${time}` } },
    );
  }
}
