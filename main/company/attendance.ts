/**
 * Server mode's AttendanceConnection: the schedule and records come from the
 * company server (which batches DingTalk reads for everyone), punches go to
 * its outbox. The server reads as the signed-in employee, so the userid and
 * operator the day service passes are not sent.
 */
import { AppError } from '../../shared/errors';
import type { PunchView, RecordsReply } from '../../shared/server-api';
import type { AttendanceRecord } from '../dingtalk/types';
import { timeResult } from '../dingtalk/wire';
import type { AttendanceConnection, UploadResult } from '../attendance/connection';
import type { CompanyApi } from './api';

export function resultOf(view: PunchView): UploadResult {
  switch (view.state) {
    case 'punched':
      return { state: 'sent', checkTime: view.checkTime };
    case 'accepted':
      return { state: 'accepted', checkTime: view.checkTime, acceptedAt: view.receivedAt };
    case 'refused':
      return {
        state: 'refused',
        checkTime: view.checkTime,
        error: view.error ?? { code: 'serverUnavailable', message: 'The server refused the punch' },
      };
  }
}

/** The wire's open strings as the day model's types (an unknown result reads as none). */
function toRecord(r: RecordsReply['records'][number]): AttendanceRecord {
  return {
    ...r,
    timeResult: timeResult.safeParse(r.timeResult).data ?? null,
  };
}

export function companyConnection(api: () => CompanyApi): AttendanceConnection {
  return {
    kind: 'server',
    idempotentUploads: true,
    scheduleByDay: async (_userId, date) => (await api().schedule(date)).entries,
    listRecords: async (_userIds, from, to) => {
      if (to < from) throw new AppError('invalidInput', 'Bad record range', { field: 'from' });
      return (await api().records(Math.floor(from), Math.ceil(to))).records.map(toRecord);
    },
    // The server reads as the signed-in employee, in its own zone: neither is sent.
    historyDays: async (_userId, from, to) => (await api().history(from, to)).days,
    uploadPunch: async (p) =>
      resultOf(
        await api().punch({
          intentId: p.intentId,
          clickedAt: p.userCheckTime,
          checkType: p.checkType,
          queuedOffline: p.queuedOffline,
        }),
      ),
    punchState: async (intentId) => resultOf(await api().punchById(intentId)),
    clockSkewMs: () => api().http.clockSkewMs(),
  };
}
