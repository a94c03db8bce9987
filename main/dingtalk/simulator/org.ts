/**
 * The simulated organisation: people, attendance groups, classes (shifts),
 * approved leave, the apps allowed to call the API and the group robots.
 * Plain data, so a test can build one literally and demo.ts can ship one.
 */

export interface OrgUser {
  userid: string;
  name: string;
  mobile: string;
  unionId: string;
  openId?: string;
  email?: string;
  /** An attendance admin: may act as `op_user_id` under the 'adminOnly' policy. */
  admin?: boolean;
}

/** One on-duty / off-duty pair of a class, as org wall-clock times "HH:mm". */
export interface ClassSection {
  onDuty: string;
  /** Earlier than (or equal to) the time before it: the next day (DingTalk's across: 1). */
  offDuty: string;
}

export interface PunchWindow {
  /** How long before the first on-duty time punches start to count. */
  beforeOnDutyMinutes: number;
  /** How long after the last off-duty time punches still count. */
  afterOffDutyMinutes: number;
}

export interface OrgClass {
  classId: number;
  name: string;
  sections: ClassSection[];
  /**
   * DingTalk's features.flexMinutes: [晚到晚走, 早到早走]. Arriving up to [0]
   * minutes late is Normal but moves the off-duty time as much later; arriving
   * up to [1] minutes early lets one leave as much earlier.
   */
  flexMinutes?: [number, number];
  /** Late by more than this (after flex) is SeriousLate. Default 30. */
  seriousLateMinutes?: number;
  /** Late by more than this is Absenteeism (旷工迟到). Off when absent. */
  absenteeismLateMinutes?: number;
  punchWindow?: Partial<PunchWindow>;
  /** class_setting_id; DingTalk omits it for classes on the global setting. */
  settingId?: number;
}

/** A class id, or a rest day. */
export type DayPlan = number | 'rest';

/** 固定班制: the same class on given weekdays. */
export interface FixedGroup {
  type: 'FIXED';
  groupId: number;
  name: string;
  members: string[];
  /** Index 0 = Sunday; a class id, or null for a weekly rest day. */
  weekly: (number | null)[];
  /** Extra rest days "YYYY-MM-DD" (public holidays). */
  restDates?: string[];
  /** Extra workdays "YYYY-MM-DD" → class id (调休 make-up days). */
  workDates?: Record<string, number>;
}

/** A repeating roster: pattern[0] applies on `anchor`, pattern[1] the day after... */
export interface Rotation {
  anchor: string;
  pattern: DayPlan[];
}

/** 排班制: each person's class is set per date; unset dates are unscheduled. */
export interface TurnGroup {
  type: 'TURN';
  groupId: number;
  name: string;
  members: string[];
  classIds: number[];
  rotations?: Record<string, Rotation>;
  /** userid → date → plan; wins over the rotation. */
  shifts?: Record<string, Record<string, DayPlan>>;
}

/** 自由工时: punches are recorded, nothing is scheduled. */
export interface NoneGroup {
  type: 'NONE';
  groupId: number;
  name: string;
  members: string[];
}

export type OrgGroup = FixedGroup | TurnGroup | NoneGroup;

/**
 * approve_biz_type of an approval: 1 加班 (overtime), 2 出差 (business trip), 3 请假 (leave).
 * Only 2 and 3 cover a check point (dingtalk-api.md §10); overtime leaves the punches due.
 */
export type ApprovalBizType = 1 | 2 | 3;

/** An approval (leave by default) for a time range, epoch ms. */
export interface Leave {
  userid: string;
  from: number;
  to: number;
  approveId: number;
  procInstId: string;
  /** approve_tag_name, e.g. 请假. */
  tagName: string;
  /** Default 3 (leave). */
  bizType?: ApprovalBizType;
}

/** Whether an approval satisfies the check points it covers (business trip, leave; not overtime). */
export function coversCheckPoint(approval: Leave): boolean {
  return (approval.bizType ?? 3) !== 1;
}

export interface SimApp {
  appKey: string;
  appSecret: string;
  /** Granted scopes, e.g. 'Pro.AttendanceRecord.Write' (see permissions.ts). */
  permissions: string[];
  /** Allowed client IPs; null = no whitelist. */
  ipWhitelist?: string[] | null;
  /** The app's visible range (可见范围) by userid; null = everyone. */
  visibleUserIds?: string[] | null;
}

export interface SimRobot {
  accessToken: string;
  /** 加签 secret ("SEC..."); null = the robot does not sign (keyword security). */
  secret: string | null;
}

export interface SimOrg {
  corpId: string;
  name: string;
  timeZone: string;
  users: OrgUser[];
  classes: OrgClass[];
  groups: OrgGroup[];
  leaves: Leave[];
  apps: SimApp[];
  robots: SimRobot[];
}

export function findUser(org: SimOrg, userid: string): OrgUser | undefined {
  return org.users.find((u) => u.userid === userid);
}

export function groupOf(org: SimOrg, userid: string): OrgGroup | undefined {
  return org.groups.find((g) => g.members.includes(userid));
}

export function findClass(org: SimOrg, classId: number): OrgClass | undefined {
  return org.classes.find((c) => c.classId === classId);
}

export function findGroup(org: SimOrg, groupId: number): OrgGroup | undefined {
  return org.groups.find((g) => g.groupId === groupId);
}
