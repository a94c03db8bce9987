/**
 * The popup: one frameless, sandboxed window created hidden at start (so it
 * opens instantly), shown next to the tray icon and hidden on blur or Escape.
 * It is not movable, so "reopens where it was" means: at the same computed
 * spot next to the tray icon. It can only ever show the app's own page;
 * everything else is refused or, for the few URLs the app builds itself,
 * handed to the system browser.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { Clock, Logger } from '../ports';
import { isAppUrl } from './app-url';
import { isAllowedExternalUrl, isOwnLoginUrl, type ExternalAllowList } from './external-links';
import type { EventReceiver } from './ipc';
import { computePopupPosition, type Point, type Rect, type Size } from './positioning';

export const POPUP_SIZE: Size = { width: 360, height: 480 };

/** A click on the tray icon blurs (and so hides) the popup just before it toggles. */
export const BLUR_TOGGLE_GRACE_MS = 300;

interface PreventableEvent {
  preventDefault(): void;
}

interface NavigationEvent extends PreventableEvent {
  url: string;
}

export interface PopupWebContents extends EventReceiver {
  readonly id: number;
  readonly session: {
    setPermissionRequestHandler(
      handler: (
        webContents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
      ) => void,
    ): void;
    setPermissionCheckHandler(handler: () => boolean): void;
  };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (details: NavigationEvent) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(
    event: 'before-input-event',
    listener: (event: PreventableEvent, input: { type: string; key: string }) => void,
  ): unknown;
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string }) => void,
  ): unknown;
  isDevToolsOpened(): boolean;
}

export interface PopupWindow {
  readonly webContents: PopupWebContents;
  loadURL(url: string): Promise<void>;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isDestroyed(): boolean;
  destroy(): void;
  setPosition(x: number, y: number): void;
  getSize(): number[];
  setVisibleOnAllWorkspaces(visible: boolean, options?: { visibleOnFullScreen?: boolean }): void;
  on(event: 'blur', listener: () => void): unknown;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
}

export interface PopupElectron {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => PopupWindow;
  screen: {
    getCursorScreenPoint(): Point;
    getDisplayMatching(rect: Rectangle): { bounds: Rect; workArea: Rect };
    getDisplayNearestPoint(point: Point): { bounds: Rect; workArea: Rect };
  };
  shell: { openExternal(url: string): Promise<void> };
  app: { on(event: 'before-quit', listener: () => void): unknown };
}

export interface PopupOptions {
  electron: PopupElectron;
  platform: NodeJS.Platform;
  /** The page to show (see resolveAppUrl). */
  appUrl: string;
  /** Absolute path of out/preload/index.cjs. */
  preloadPath: string;
  isDev: boolean;
  externalAllowList: () => ExternalAllowList;
  clock: Clock;
  logger: Logger;
}

export interface Popup {
  readonly webContents: PopupWebContents;
  /** Settles when the page has loaded (or failed to, which is logged). */
  readonly loaded: Promise<void>;
  /** Show next to `anchor` (the tray icon's bounds), or near the cursor when unknown. */
  show(anchor: Rect | null): void;
  hide(): void;
  toggle(anchor: Rect | null): void;
  isVisible(): boolean;
}

export function popupWindowOptions(opts: {
  platform: NodeJS.Platform;
  preloadPath: string;
  isDev: boolean;
}): BrowserWindowConstructorOptions {
  return {
    width: POPUP_SIZE.width,
    height: POPUP_SIZE.height,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    // Tiling and some X11 window managers mishandle always-on-top undecorated windows.
    alwaysOnTop: opts.platform !== 'linux',
    title: 'Daka',
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      preload: opts.preloadPath,
      spellcheck: false,
      devTools: opts.isDev,
    },
  };
}

/** The page is sealed: no navigation away, no new windows, no webviews, no permissions. */
function lockDown(win: PopupWindow, opts: PopupOptions): void {
  const contents = win.webContents;
  const openIfAllowed = (
    url: string,
    allowed: (url: string, list: ExternalAllowList) => boolean,
  ) => {
    if (!allowed(url, opts.externalAllowList())) {
      opts.logger.warn('Popup tried to open a URL that is not allowed', { url });
      return;
    }
    opts.electron.shell.openExternal(url).catch((error: unknown) => {
      opts.logger.warn('Could not open the system browser', { message: String(error) });
    });
  };

  const guardNavigation = (details: NavigationEvent) => {
    if (isAppUrl(details.url, opts.appUrl)) return;
    details.preventDefault();
    openIfAllowed(details.url, isAllowedExternalUrl);
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  // window.open: only the app's own sign-in page (its client id or its server, its own
  // redirect); the docs open through IPC, so nothing else has a reason to come this way.
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url, isOwnLoginUrl);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    opts.logger.info('Popup permission request denied', { permission });
    callback(false);
  });
  contents.session.setPermissionCheckHandler(() => false);
}

export function createPopup(opts: PopupOptions): Popup {
  const { electron, platform, clock } = opts;
  const win = new electron.BrowserWindow(popupWindowOptions(opts));
  lockDown(win, opts);
  // Open on the current Space (even over a full-screen app) instead of switching Spaces. Once, at
  // creation: each call briefly hides the window and the dock icon on macOS.
  if (platform === 'darwin') win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });

  let quitting = false;
  let lastBlurHideAt = Number.NEGATIVE_INFINITY;

  const hide = () => {
    if (!win.isDestroyed() && win.isVisible()) win.hide();
  };

  electron.app.on('before-quit', () => {
    quitting = true;
  });
  // Closing (Cmd+W, Alt+F4) only hides: the window is reused until the app quits.
  win.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    hide();
  });
  win.on('blur', () => {
    // Detached dev tools take focus; hiding then would make the page impossible to inspect.
    if (win.webContents.isDevToolsOpened()) return;
    if (win.isVisible()) lastBlurHideAt = clock.now();
    hide();
  });
  win.webContents.on('before-input-event', (_event, input) => {
    if (input.type === 'keyDown' && input.key === 'Escape') hide();
  });

  const show = (anchor: Rect | null) => {
    if (win.isDestroyed()) return;
    const cursor = electron.screen.getCursorScreenPoint();
    const anchored = anchor !== null && anchor.width > 0 && anchor.height > 0;
    const display = anchored
      ? electron.screen.getDisplayMatching(anchor)
      : electron.screen.getDisplayNearestPoint(cursor);
    const [width = POPUP_SIZE.width, height = POPUP_SIZE.height] = win.getSize();
    const { x, y } = computePopupPosition({
      platform,
      trayBounds: anchor,
      windowSize: { width, height },
      display: { bounds: display.bounds, workArea: display.workArea },
      cursor,
    });
    win.setPosition(x, y);
    win.show();
    win.focus();
  };

  const load = () =>
    win.loadURL(opts.appUrl).catch((error: unknown) => {
      opts.logger.error('The popup page failed to load', { message: String(error) });
    });
  const loaded = load();
  // A crashed or killed page would leave a blank popup: load the app again.
  win.webContents.on('render-process-gone', (_event, details) => {
    opts.logger.error('The popup page is gone', { reason: details.reason });
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) void load();
  });

  return {
    webContents: win.webContents,
    loaded,
    show,
    hide,
    toggle(anchor) {
      if (win.isDestroyed()) return;
      if (win.isVisible()) {
        hide();
        return;
      }
      // The click that blurred the popup was meant to close it, not to reopen it.
      if (clock.now() - lastBlurHideAt < BLUR_TOGGLE_GRACE_MS) return;
      show(anchor);
    },
    isVisible: () => !win.isDestroyed() && win.isVisible(),
  };
}
