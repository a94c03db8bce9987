/**
 * Is our upload in DingTalk? The server's punch rows against listRecord's
 * records, for a lost answer (outcomeUnknown, or a crash mid-call).
 *
 * The rule is the desktop outbox's (main/attendance/own-record.ts): a record is
 * ours when deviceId, deviceSN or userAddress names our device_id / device_name
 * (dingtalk-api.md §10 "Whose record is whose") and its time is within a second;
 * settled rows claim their records first, so two punches of one device in the
 * same second are told apart. This file only adapts the server's rows to it.
 */
import {
  findOwnUpload,
  isOwnRecord,
  type OwnUpload,
  type RecordIdentity,
  SAME_TIME_MS,
} from '../../main/attendance/own-record';

export { SAME_TIME_MS };

export interface UploadedPunch {
  device_id: string;
  device_name: string;
  check_time: number;
}

const asUpload = (punch: UploadedPunch): OwnUpload => ({
  device: { id: punch.device_id, name: punch.device_name },
  at: Number(punch.check_time),
});

export function isOurRecord(record: RecordIdentity, punch: UploadedPunch): boolean {
  return isOwnRecord(record, asUpload(punch));
}

/**
 * The record that shows `punch` reached DingTalk, or null. `settled` are our
 * other rows of the same user already known to be in DingTalk.
 */
export function findUpload<R extends RecordIdentity & { id: string }>(
  records: readonly R[],
  punch: UploadedPunch,
  settled: readonly UploadedPunch[],
): R | null {
  return findOwnUpload(records, asUpload(punch), settled.map(asUpload));
}
