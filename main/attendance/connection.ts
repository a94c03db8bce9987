/**
 * The one port between the attendance rooms (day service, outbox, punching)
 * and whatever reaches DingTalk: the DingTalk client itself (direct mode) or
 * the company server (server mode). Everything above it is shared.
 */
import type { AppErrorPayload } from '../../shared/errors';
import type { HistoryDayCore } from '../../shared/history';
import type { CheckType } from '../../shared/model';
import { addDays } from '../../shared/time';
import type { AttendanceRecord, DingTalkApi, ScheduleEntry, UploadPunch } from '../dingtalk/types';
import { daysFromResults } from '../history/from-results';

/** A punch on its way out: DingTalk's upload plus what the server needs to keep it once. */
export interface PunchUpload extends UploadPunch {
  /** The outbox intent's id: a resend carries the same one (the server is idempotent by it). */
  intentId: string;
  /** The punch waited because the network was away (the server applies its max age). */
  queuedOffline: boolean;
  /** Our guess, for the server's audit log (DingTalk decides the check type). */
  checkType: CheckType;
}

/**
 * sent: DingTalk has it. accepted: the server has it durably and will upload it (its
 * answer comes later, over the event stream or a look-up). refused: it will never reach
 * DingTalk, and `error` says why. `checkTime` is the time DingTalk gets (the server may
 * use its own clock for a click close to it).
 */
export type UploadResult =
  | { state: 'sent'; checkTime?: number }
  | { state: 'accepted'; checkTime: number; acceptedAt: number }
  | { state: 'refused'; checkTime?: number; error: AppErrorPayload };

export interface AttendanceConnection {
  readonly kind: 'direct' | 'server';
  scheduleByDay(userId: string, date: string, opUserId?: string): Promise<ScheduleEntry[]>;
  listRecords(userIds: string[], fromMs: number, toMs: number): Promise<AttendanceRecord[]>;
  /**
   * The employee's past work dates from..to ("YYYY-MM-DD", inclusive), one day each, for
   * the history view: DingTalk's evaluated results (direct: attendance/list, 8 dates a
   * call), or the company server's /v1/history (from its own caches). `timeZone` is the
   * organisation's (the server knows its own).
   */
  historyDays(
    userId: string,
    from: string,
    to: string,
    timeZone: string,
  ): Promise<HistoryDayCore[]>;
  /** Throws AppError; a lost answer is outcomeUnknown (direct) or a transient code (server). */
  uploadPunch(punch: PunchUpload): Promise<UploadResult>;
  /**
   * Server mode: where an accepted punch stands now. Direct mode has no such question
   * (it reads the records instead) and leaves it out.
   */
  punchState?(intentId: string): Promise<UploadResult>;
  /**
   * Resending after a lost answer cannot make a second record (the server de-duplicates
   * by intent id), so no reading of the records first.
   */
  readonly idempotentUploads: boolean;
  /** The connection's clock difference (ms, theirs minus ours), when measured. */
  clockSkewMs(): number | null;
}

/** Direct mode: the DingTalk client as the port (the extra upload fields are not DingTalk's). */
export function directConnection(
  api: () => Pick<
    DingTalkApi,
    'scheduleByDay' | 'listRecords' | 'listResults' | 'uploadPunch' | 'clockSkewMs'
  >,
): AttendanceConnection {
  return {
    kind: 'direct',
    idempotentUploads: false,
    scheduleByDay: (u, d, o) => api().scheduleByDay(u, d, o),
    listRecords: (u, f, t) => api().listRecords(u, f, t),
    historyDays: async (userId, from, to, timeZone) => {
      const dates: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
      return daysFromResults(await api().listResults([userId], from, to), userId, dates, timeZone);
    },
    uploadPunch: async ({ userId, deviceId, deviceName, userCheckTime }) => {
      await api().uploadPunch({ userId, deviceId, deviceName, userCheckTime });
      return { state: 'sent' };
    },
    clockSkewMs: () => api().clockSkewMs(),
  };
}
