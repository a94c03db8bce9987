/**
 * Is our upload in DingTalk? Pure matching of listRecord's records against our
 * punch rows, for a lost answer (outcomeUnknown, or a crash mid-call).
 *
 * An uploaded record is recognised by the device (dingtalk-api.md §10 "Whose
 * record is whose": deviceId for client punches, deviceSN and userAddress for
 * attendance-machine punches; we accept any of them against our device_id and
 * device_name) together with the time (DingTalk keeps seconds: within 1 s).
 *
 * Two punches of one device can share a second, so a record already explained
 * by another settled row of ours is not evidence for this one: settled rows
 * claim records first (closest time first), and only an unclaimed record counts.
 */
import type { AttendanceRecord } from '../../main/dingtalk/types';

export const SAME_TIME_MS = 1000;

export interface UploadedPunch {
  device_id: string;
  device_name: string;
  check_time: number;
}

type RecordLike = Pick<
  AttendanceRecord,
  'id' | 'deviceId' | 'deviceSN' | 'userAddress' | 'userCheckTime'
>;

export function isOurRecord(record: RecordLike, punch: UploadedPunch): boolean {
  const device =
    record.deviceId === punch.device_id ||
    record.deviceSN === punch.device_id ||
    record.userAddress === punch.device_name;
  return device && Math.abs(record.userCheckTime - Number(punch.check_time)) <= SAME_TIME_MS;
}

function closestUnclaimed<R extends RecordLike>(
  records: readonly R[],
  punch: UploadedPunch,
  claimed: ReadonlySet<string>,
): R | null {
  let best: R | null = null;
  for (const record of records) {
    if (claimed.has(record.id) || !isOurRecord(record, punch)) continue;
    const distance = Math.abs(record.userCheckTime - Number(punch.check_time));
    if (best === null || distance < Math.abs(best.userCheckTime - Number(punch.check_time))) {
      best = record;
    }
  }
  return best;
}

/**
 * The record that shows `punch` reached DingTalk, or null. `settled` are our
 * other rows of the same user already known to be in DingTalk.
 */
export function findUpload<R extends RecordLike>(
  records: readonly R[],
  punch: UploadedPunch,
  settled: readonly UploadedPunch[],
): R | null {
  const claimed = new Set<string>();
  const ordered = [...settled].sort((a, b) => Number(a.check_time) - Number(b.check_time));
  for (const other of ordered) {
    const record = closestUnclaimed(records, other, claimed);
    if (record) claimed.add(record.id);
  }
  return closestUnclaimed(records, punch, claimed);
}
