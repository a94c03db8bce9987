/**
 * Compile-time proof (checked by `tsc`, not a test) that the real Electron 45
 * objects fit the narrow interfaces the shell factories take, so main/index.ts
 * can pass `electron`'s own exports, and that the zod-free channel names match
 * the contract.
 */
import type {
  App,
  BrowserWindow,
  GlobalShortcut,
  IpcMain,
  IpcRenderer,
  Menu,
  Notification,
  PowerMonitor,
  SafeStorage,
  Screen,
  Shell,
  Tray,
} from 'electron';
import type { ChannelName, EventNameLiteral } from '../../shared/channels';
import type { Channel, EventName } from '../../shared/contract';
import type { BridgeIpc } from '../../main/preload';
import type { IpcMainLike } from '../../main/shell/ipc';
import type { LoginItemApp } from '../../main/shell/login-item';
import type { NotifierElectron } from '../../main/shell/notifier';
import type { PopupElectron } from '../../main/shell/popup';
import type { PowerMonitorLike } from '../../main/shell/power';
import type { SafeStorageLike } from '../../main/shell/safe-storage-cipher';
import type { GlobalShortcutLike } from '../../main/shell/shortcut';
import type { TrayElectron } from '../../main/shell/tray';

type Assert<T extends true> = T;
type Fits<A, B> = [A] extends [B] ? true : false;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export type ElectronFitsTheShell = [
  Assert<Fits<IpcMain, IpcMainLike>>,
  Assert<Fits<IpcRenderer, BridgeIpc>>,
  Assert<
    Fits<
      { BrowserWindow: typeof BrowserWindow; screen: Screen; shell: Shell; app: App },
      PopupElectron
    >
  >,
  Assert<Fits<{ Tray: typeof Tray; Menu: typeof Menu }, TrayElectron>>,
  Assert<Fits<{ Notification: typeof Notification }, NotifierElectron>>,
  Assert<Fits<PowerMonitor, PowerMonitorLike>>,
  Assert<Fits<App, LoginItemApp>>,
  Assert<Fits<SafeStorage, SafeStorageLike>>,
  Assert<Fits<GlobalShortcut, GlobalShortcutLike>>,
];

export type ChannelListsMatch = [
  Assert<Same<ChannelName, Channel>>,
  Assert<Same<EventNameLiteral, EventName>>,
];
