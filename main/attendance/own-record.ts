/**
 * Is this DingTalk record our own upload? Pure, shared by the desktop outbox,
 * today's status and (for the lead to switch to) the company server's punch
 * worker, which holds the same rule in server/punches/match.ts.
 *
 * DingTalk does not say where it puts our device_id and device_name
 * (dingtalk-api.md §10 "Whose record is whose"): `deviceId` is documented for
 * punches made in the DingTalk client, while attendance-machine records carry
 * `deviceSN` and the machine's name in `userAddress`. So a record is ours when
 * ANY of them names our device, together with the time (we send whole seconds
 * and DingTalk keeps seconds: within 1 s). A lost answer must never become two
 * records because DingTalk left `deviceId` out.
 *
 * Two punches of one device can share a second, so a record already explained
 * by another settled upload of ours is not evidence for this one: settled
 * uploads claim records first (closest time first); only an unclaimed one counts.
 */
import type { AttendanceRecord } from '../dingtalk/types';

/** DingTalk keeps whole seconds, and we send whole seconds. */
export const SAME_TIME_MS = 1000;

/** Our device as we named it in the upload (device_id, device_name). */
export interface OwnDevice {
  id: string;
  name: string | null;
}

/** One upload of ours: the device it named and the user_check_time it sent (ms). */
export interface OwnUpload {
  device: OwnDevice;
  at: number;
}

export type RecordIdentity = Pick<
  AttendanceRecord,
  'deviceId' | 'deviceSN' | 'userAddress' | 'userCheckTime'
>;

/** Whether any of the record's device fields names our device (the time aside). */
export function namesOurDevice(
  record: Pick<RecordIdentity, 'deviceId' | 'deviceSN' | 'userAddress'>,
  device: OwnDevice,
): boolean {
  return (
    (record.deviceId !== null && record.deviceId === device.id) ||
    (record.deviceSN !== null && record.deviceSN === device.id) ||
    (device.name !== null && record.userAddress !== null && record.userAddress === device.name)
  );
}

/** Our device and our time: the record is this upload (or one of its twins in that second). */
export function isOwnRecord(record: RecordIdentity, upload: OwnUpload): boolean {
  return (
    namesOurDevice(record, upload.device) &&
    Math.abs(record.userCheckTime - upload.at) <= SAME_TIME_MS
  );
}

function closestUnclaimed<R extends RecordIdentity & { id: string }>(
  records: readonly R[],
  upload: OwnUpload,
  claimed: ReadonlySet<string>,
): R | null {
  let best: R | null = null;
  for (const record of records) {
    if (claimed.has(record.id) || !isOwnRecord(record, upload)) continue;
    const distance = Math.abs(record.userCheckTime - upload.at);
    if (best === null || distance < Math.abs(best.userCheckTime - upload.at)) best = record;
  }
  return best;
}

/**
 * The record that shows `upload` reached DingTalk, or null. `settled` are the
 * user's other uploads already known to be in DingTalk: they claim their records first.
 */
export function findOwnUpload<R extends RecordIdentity & { id: string }>(
  records: readonly R[],
  upload: OwnUpload,
  settled: readonly OwnUpload[],
): R | null {
  const claimed = new Set<string>();
  for (const other of [...settled].sort((a, b) => a.at - b.at)) {
    const record = closestUnclaimed(records, other, claimed);
    if (record) claimed.add(record.id);
  }
  return closestUnclaimed(records, upload, claimed);
}
