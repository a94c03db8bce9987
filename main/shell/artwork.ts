/**
 * Where the tray artwork lives at run time. scripts/icons.ts renders every file
 * named here into out/tray/ (which electron-builder packs into app.asar), and
 * the tray asks `trayIconPath` which one to show. Pure: no Electron import, so
 * the build script and the tests use the very same names.
 */
import { join } from 'node:path';
import type { TrayState } from '../../shared/model';

export const TRAY_STATES: readonly TrayState[] = [
  'notPunched',
  'onDuty',
  'done',
  'problem',
  'offline',
  'rest',
  'demo',
];

/** The folder, relative to the app path (app.asar when packaged, the repo in development). */
export const TRAY_DIR = 'out/tray';

/** A 256 px PNG of the app icon, for windows and notifications on Windows and Linux. */
export const APP_ICON_FILE = 'app.png';

export type Platform = NodeJS.Platform;

/** Which colours of the panel the icon sits on; macOS template images adapt by themselves. */
export type TrayVariant = 'template' | 'light' | 'dark';

export interface TrayLook {
  /** True when the tray area is dark (nativeTheme.shouldUseDarkColors), so the glyph is light. */
  dark: boolean;
}

export function trayVariant(platform: Platform, look: TrayLook): TrayVariant {
  if (platform === 'darwin') return 'template';
  return look.dark ? 'dark' : 'light';
}

/**
 * The file name of a state's icon. macOS loads `<name>@2x.png` beside it by
 * itself and treats it as a template image because the name ends in
 * "Template"; Linux also picks up the @2x file on HiDPI panels; Windows gets one
 * multi-size ICO and picks the size for the DPI.
 */
export function trayIconName(state: TrayState, platform: Platform, look: TrayLook): string {
  const variant = trayVariant(platform, look);
  if (variant === 'template') return `tray-${state}Template.png`;
  const extension = platform === 'win32' ? 'ico' : 'png';
  return `tray-${state}-${variant}.${extension}`;
}

export interface TrayPathOptions extends TrayLook {
  /** app.getAppPath(). */
  appPath: string;
}

export function trayIconPath(
  state: TrayState,
  platform: Platform,
  options: TrayPathOptions,
): string {
  return join(options.appPath, TRAY_DIR, trayIconName(state, platform, options));
}

export function appIconPath(appPath: string): string {
  return join(appPath, TRAY_DIR, APP_ICON_FILE);
}
