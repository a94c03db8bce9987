/** The DingTalk client: what the rest of the app imports. */
export { createDingTalkClient, type DingTalkClient, type DingTalkClientOptions } from './client';
export { DEFAULT_CONFIG, resolveConfig, type DingTalkConfigInput } from './config';
export { createRobotSender, robotSign, type RobotSenderOptions } from './robot';
export { parseIp, parsePermission } from './errors';
export type * from './types';
