/**
 * The IPC names alone, free of zod: the sandboxed preload bundles this file and
 * nothing heavier. shared/contract.ts re-exports these and checks at compile
 * time that CHANNEL_NAMES lists exactly the channels of its request schemas.
 */

export const IPC_PREFIX = 'daka:';

export const CHANNEL_NAMES = [
  'getSnapshot',
  'refresh',
  'punch',
  'outboxSend',
  'outboxDiscard',
  'snooze',
  'notToday',
  'updateSettings',
  'setRobotSecret',
  'setStartAtLogin',
  'acceptWeakStorage',
  'importProvisioning',
  'pickProvisioningFile',
  'setCredentials',
  'setServer',
  'loginWithBrowser',
  'cancelLogin',
  'lookupByMobile',
  'setUserId',
  'signOut',
  'forgetCredentials',
  'runDoctor',
  'startDemo',
  'demoPlay',
  'leaveDemo',
  'history',
  'exportHistory',
  'testReminder',
  'openLogFolder',
  'checkForUpdates',
  'hidePopup',
  'quit',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAME_LIST = ['snapshot', 'navigate'] as const;

export type EventNameLiteral = (typeof EVENT_NAME_LIST)[number];

/** The ipcMain.handle / ipcRenderer.invoke channel of a request. */
export function invokeChannel(channel: ChannelName): string {
  return IPC_PREFIX + channel;
}

/** The webContents.send / ipcRenderer.on channel of a pushed event. */
export function eventChannel(event: EventNameLiteral): string {
  return `${IPC_PREFIX}event:${event}`;
}
