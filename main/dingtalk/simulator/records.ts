/**
 * Punch records (打卡流水) as the simulator stores them: uploaded ATM punches
 * and anything a test injects (phone punches, invalid ones, approvals...).
 */

export interface SimRecord {
  id: number;
  userId: string;
  /** Epoch ms. */
  userCheckTime: number;
  sourceType: string;
  deviceId: string | null;
  /** An attendance machine's serial number (machine-style records). */
  deviceSN: string | null;
  deviceName: string | null;
  locationResult: string;
  locationMethod: string | null;
  userAddress: string | null;
  outsideRemark: string | null;
  photoUrl: string | null;
  /** Set for records DingTalk keeps but never counts ('Security', 'Other'). */
  invalidRecordType: string | null;
  invalidRecordMsg: string | null;
  /** Forces isLegal in listRecord; otherwise derived (Y when time and location are Normal). */
  isLegal: 'Y' | 'N' | null;
  approveId: number | null;
  procInstId: string | null;
  bizId: string;
  gmtCreate: number;
}

/** What `sim.injectRecord` accepts: everything but the user and the time is optional. */
export interface RecordInput {
  userId: string;
  userCheckTime: number;
  sourceType?: string;
  deviceId?: string | null;
  deviceSN?: string | null;
  deviceName?: string | null;
  locationResult?: string;
  locationMethod?: string | null;
  userAddress?: string | null;
  outsideRemark?: string | null;
  photoUrl?: string | null;
  invalidRecordType?: string | null;
  invalidRecordMsg?: string | null;
  isLegal?: 'Y' | 'N' | null;
  approveId?: number | null;
  procInstId?: string | null;
}

/** Only records without an invalidRecordType ever satisfy a check point. */
export function countsAsPunch(record: SimRecord): boolean {
  return record.invalidRecordType === null;
}

export function makeRecord(
  input: RecordInput,
  id: number,
  bizId: string,
  gmtCreate: number,
): SimRecord {
  return {
    id,
    userId: input.userId,
    userCheckTime: input.userCheckTime,
    sourceType: input.sourceType ?? 'USER',
    deviceId: input.deviceId ?? null,
    deviceSN: input.deviceSN ?? null,
    deviceName: input.deviceName ?? null,
    locationResult: input.locationResult ?? 'Normal',
    locationMethod: input.locationMethod ?? null,
    userAddress: input.userAddress ?? null,
    outsideRemark: input.outsideRemark ?? null,
    photoUrl: input.photoUrl ?? null,
    invalidRecordType: input.invalidRecordType ?? null,
    invalidRecordMsg: input.invalidRecordMsg ?? null,
    isLegal: input.isLegal ?? null,
    approveId: input.approveId ?? null,
    procInstId: input.procInstId ?? null,
    bizId,
    gmtCreate,
  };
}
