/**
 * The public domain model: what the engine computes and what the UI, the tray
 * and the CLI show. Times are ISO 8601 strings WITH the organisation's offset
 * (e.g. "2026-11-28T08:58:00+08:00"); dates are "YYYY-MM-DD" work dates in the
 * organisation's time zone.
 */
import type { AppErrorPayload } from './errors';

export type CheckType = 'OnDuty' | 'OffDuty';

/** DingTalk's timeResult values. */
export type TimeResult = 'Normal' | 'Early' | 'Late' | 'SeriousLate' | 'Absenteeism' | 'NotSigned';

/** DingTalk's sourceType values (kept open: DingTalk adds some now and then). */
export type PunchSource =
  | 'ATM'
  | 'BEACON'
  | 'DING_ATM'
  | 'USER'
  | 'BOSS'
  | 'APPROVE'
  | 'SYSTEM'
  | 'AUTO_CHECK'
  | (string & {});

/** One punch as DingTalk recorded it (valid or not). */
export interface Punch {
  id: string;
  at: string;
  checkType: CheckType | null;
  source: PunchSource;
  /** True when the record carries this install's device id. */
  fromThisDevice: boolean;
  valid: boolean;
  /** DingTalk's invalidRecordMsg / invalidRecordType when the record does not count. */
  invalidReason: string | null;
}

export type CheckPointState = 'pending' | 'done' | 'missed';

export interface CheckPoint {
  type: CheckType;
  /** Planned time (after flex, DingTalk's real_plan_time). */
  planned: string;
  /**
   * On duty: the class's late flex (弹性, 晚到晚走) in minutes. A clock-in up to this long
   * after `planned` is on time; lateness counts after it. Absent: no flex.
   */
  lateFlexMinutes?: number;
  /** The punch window DingTalk accepts for this check point, when known. */
  window: { from: string; to: string } | null;
  state: CheckPointState;
  /** Set when state is done (and NotSigned when missed). */
  result: TimeResult | null;
  punchedAt: string | null;
  /** The punch that satisfied it, when known. */
  punch: Punch | null;
  /** Set when the result is Daka's own estimate, not yet DingTalk's evaluation. */
  provisional?: true;
  /**
   * A punch of ours for this check point is not in DingTalk yet and would count once it is:
   * its time and how it stands. Shown instead of the punch and result.
   */
  queued?: { at: string; state: QueuedState };
}

/**
 * A punch of ours on its way to DingTalk, as the timeline says it: 'waiting' goes by itself
 * (待上传: offline, being sent, being checked); 'held' goes only when the employee sends it
 * (已暂存, OutboxEntry.held); 'accepted': the company server has it, DingTalk has not
 * confirmed it yet (等待钉钉确认, OutboxEntry.acceptedAt; the panel says the same).
 */
export type QueuedState = 'waiting' | 'held' | 'accepted';

export type DaySource =
  | { kind: 'dingtalk' }
  /** No DingTalk schedule: weekly pattern + Chinese statutory calendar. */
  | { kind: 'fallback'; reason: 'noSchedule' | 'scheduleNotPermitted' };

export interface DayStatus {
  userId: string;
  date: string;
  timeZone: string;
  restDay: boolean;
  /** Approved leave covering the day's check points. */
  onLeave: boolean;
  className: string | null;
  source: DaySource;
  checkPoints: CheckPoint[];
  /** Every punch of the work date, invalid ones included (shown, never counted). */
  punches: Punch[];
  next: CheckType | null;
  /** On a rest day: the next workday, when known. */
  nextWorkday: string | null;
  fetchedAt: string;
  /** DingTalk's schedule was only partly readable (a row skipped): shown, with that caveat. */
  partial?: true;
  /**
   * Late by more than this many minutes (counted after the class's late flex) is
   * SeriousLate (严重迟到): the attendance group's rule for today's class, when known.
   * Unknown: a late estimate says Late.
   */
  seriousLateMinutes?: number;
}

export type OutboxState = 'pending' | 'sending' | 'unknown' | 'held' | 'sent' | 'discarded';

/** A punch intent: written durably before any network call. */
export interface OutboxEntry {
  id: string;
  userId: string;
  type: CheckType;
  /** The click time corrected by the server clock skew: what DingTalk receives. */
  at: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  lastError: AppErrorPayload | null;
  /**
   * Company server mode: when the server accepted the punch. It is then durable on the
   * server and on its way to DingTalk; the state stays 'sending' until DingTalk answers
   * (never shown as punched before that).
   */
  acceptedAt?: string;
  /**
   * A held punch: what holds it, read by main from lastError, so the popup says what the
   * employee can do now. 'offline': it waited offline past the administrator's max age
   * (check its time, then send it); 'network': DingTalk refuses this network (its IP
   * whitelist: the office network or the VPN may pass); 'dingtalk': DingTalk refuses the
   * app itself (quota used up, credentials changed, permission...): punch in the DingTalk app;
   * 'clock': the company server refused the click time as ahead of its clock (punchInFuture):
   * this computer's clock is fast, automatic time fixes it.
   */
  held?: 'offline' | 'network' | 'dingtalk' | 'clock';
}

export type PunchOutcome =
  | { outcome: 'punched'; type: CheckType; at: string; intentId: string }
  | { outcome: 'queued'; type: CheckType; at: string; intentId: string; reason: AppErrorPayload }
  | { outcome: 'held'; type: CheckType; at: string; intentId: string; reason: AppErrorPayload }
  | {
      outcome: 'needs-confirmation';
      type: CheckType;
      at: string;
      /** The earlier punch of the same kind (a repeat); the click time for an early clock-out. */
      previousAt: string;
      /** What to confirm (shared/punch-rule.ts); absent: a repeat. */
      ask?: 'early';
      /** Early: the planned off-duty time. */
      planned?: string;
    }
  | { outcome: 'unavailable'; type: CheckType | null; at: string; reason: AppErrorPayload };

export interface QuotaFigures {
  /** Calendar month, "YYYY-MM" in the organisation's time zone. */
  month: string;
  /** Calls that count against DingTalk's monthly quota, made by this install. */
  counted: number;
  /** Every DingTalk request, counted or not (tokens, contacts). */
  total: number;
  tokenFetches: number;
  /** The cap from settings, and whether budget mode is on (optional reads skipped). */
  cap: number;
  budgetMode: boolean;
}

export interface Identity {
  userId: string;
  name: string | null;
  /** 'server': signed in through the company server (its /v1/me says who). */
  via: 'browser' | 'mobile' | 'manual' | 'demo' | 'env' | 'server';
}

export type DoctorCheckId =
  | 'credentials'
  | 'permission'
  | 'ipWhitelist'
  | 'identity'
  | 'schedule'
  | 'clockSkew'
  | 'quota'
  | 'secretStorage'
  /** Company server: reachable, its version, and whether this app speaks its API version. */
  | 'server'
  /** Company server: this device's session is valid. */
  | 'serverSession'
  /** Direct mode: whoever has this app's secret can punch for anyone. */
  | 'directTrust';

export interface DoctorCheck {
  id: DoctorCheckId;
  /** For permission checks: the scope, e.g. Pro.AttendanceRecord.Write. */
  subject: string | null;
  status: 'pass' | 'fail' | 'warn' | 'skipped';
  error: AppErrorPayload | null;
  /** Extra facts: the IP DingTalk saw, the skew in ms, calls left... */
  facts: Record<string, string | number>;
  /** 'server': the company server ran this check against its own DingTalk app. */
  origin?: 'server';
}

export interface DoctorReport {
  at: string;
  checks: DoctorCheck[];
  countedCalls: number;
}

export type TrayState = 'notPunched' | 'onDuty' | 'done' | 'problem' | 'offline' | 'rest' | 'demo';

export type ReminderKind = 'login' | 'beforeOnDuty' | 'forgotOffDuty' | 'resume' | 'snoozed';

export interface Reminder {
  kind: ReminderKind;
  checkType: CheckType;
  planned: string;
  /** 0 for the first forgot-to-clock-out reminder, then 1, 2... (bounded). */
  escalation: number;
}
