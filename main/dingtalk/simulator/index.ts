/** The DingTalk simulator's public surface (see server.ts and docs/simulator.md). */
export { startSimulator, Simulator } from './server';
export type { LeaveInput, SimulatorOptions, SimulatorUrls } from './server';
export { SimClock } from './clock';
export type { SimClockOptions } from './clock';
export * from './demo';
export type {
  ApprovalBizType,
  ClassSection,
  DayPlan,
  FixedGroup,
  Leave,
  NoneGroup,
  OrgClass,
  OrgGroup,
  OrgUser,
  PunchWindow,
  Rotation,
  SimApp,
  SimOrg,
  SimRobot,
  TurnGroup,
} from './org';
export type { Fault, FaultOptions } from './faults';
export type { RecordInput, SimRecord } from './records';
export type {
  ListByDayQuirks,
  LoginMode,
  OpUserPolicy,
  RequestLogEntry,
  RobotMessage,
  UploadRecordShape,
} from './state';
export type { QuotaFiguresSim } from './limits';
export {
  ALL_PERMISSIONS,
  API_PERMISSIONS,
  DEFAULT_MONTHLY_QUOTA,
  DEFAULT_QPS_PER_APP_API,
  QUOTA_COUNTED_PATHS,
  permissionFor,
} from './permissions';
export { DEFAULT_PUNCH_WINDOW, DEFAULT_SERIOUS_LATE_MINUTES } from './schedule';
export { OP_USER_NOT_ADMIN } from './api/schedule';
export { robotSign } from './api/robot';
export { ERRMSG } from './replies';
