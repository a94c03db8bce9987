import { describe, expect, it } from 'vitest';
import {
  BLUR_TOGGLE_GRACE_MS,
  createPopup,
  popupWindowOptions,
  POPUP_SIZE,
} from '../../main/shell/popup';
import { createFakeElectron, type FakeBrowserWindow } from '../fakes/electron';
import { manualClock, recordingLogger } from './fixtures';

const APP_URL = 'file:///opt/Daka/resources/app.asar/out/renderer/index.html';
const LOGIN = `https://login.dingtalk.com/oauth2/auth?redirect_uri=${encodeURIComponent('http://127.0.0.1:50123/callback')}&client_id=ding1&response_type=code&state=s`;
const DOCS = 'https://daka.example.org/docs/';

function setup(opts: { platform?: NodeJS.Platform; isDev?: boolean } = {}) {
  const platform = opts.platform ?? 'win32';
  const electron = createFakeElectron({ platform });
  const clock = manualClock();
  const logger = recordingLogger();
  const popup = createPopup({
    electron,
    platform,
    appUrl: APP_URL,
    preloadPath: '/opt/Daka/resources/app.asar/out/preload/index.cjs',
    isDev: opts.isDev ?? false,
    externalAllowList: () => ({
      loginBase: 'https://login.dingtalk.com',
      clientId: 'ding1',
    }),
    clock,
    logger,
  });
  const win = electron.BrowserWindow.instances[0] as FakeBrowserWindow;
  return { electron, clock, logger, popup, win };
}

describe('the popup window', () => {
  it('is created hidden, frameless, out of the taskbar, with the secure web preferences', () => {
    const { win } = setup();
    expect(win.options).toMatchObject({
      width: POPUP_SIZE.width,
      height: POPUP_SIZE.height,
      show: false,
      frame: false,
      resizable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
    });
    expect(win.options.webPreferences).toEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      preload: '/opt/Daka/resources/app.asar/out/preload/index.cjs',
      spellcheck: false,
      devTools: false,
    });
    expect(win.isVisible()).toBe(false);
    expect(win.loadedUrl).toBe(APP_URL);
  });

  it('allows dev tools only in development, and is not always-on-top on Linux', () => {
    expect(
      popupWindowOptions({ platform: 'darwin', preloadPath: 'p', isDev: true }).webPreferences
        ?.devTools,
    ).toBe(true);
    expect(
      popupWindowOptions({ platform: 'linux', preloadPath: 'p', isDev: false }).alwaysOnTop,
    ).toBe(false);
  });

  it('stays on the app page: in-app routes pass, anything else is blocked', () => {
    const { win, electron } = setup();
    expect(win.webContents.navigate(`${APP_URL}#/settings`)).toBe(true);
    expect(win.webContents.navigate('https://evil.example/')).toBe(false);
    expect(win.webContents.navigate('file:///etc/passwd')).toBe(false);
    expect(win.webContents.redirect('https://evil.example/')).toBe(false);
    expect(electron.shell.opened).toEqual([]);
  });

  it('hands only the login page to the system browser instead of navigating (no docs page)', () => {
    const { win, electron } = setup();
    expect(win.webContents.navigate(LOGIN)).toBe(false);
    // Help is the in-app guide: a documentation page is no longer handed on either.
    expect(win.webContents.navigate(DOCS)).toBe(false);
    expect(win.webContents.openWindow(LOGIN)).toEqual({ action: 'deny' });
    expect(electron.shell.opened).toEqual([LOGIN, LOGIN]);
  });

  it('window.open opens only our own login page: not the docs, another app, another redirect', () => {
    const { win, electron, logger } = setup();
    const refused = [
      'https://evil.example/phish',
      'https://login.dingtalk.com/somewhere-else',
      DOCS,
      LOGIN.replace('client_id=ding1', 'client_id=dingOTHER'),
      LOGIN.replace(
        encodeURIComponent('http://127.0.0.1:50123/callback'),
        encodeURIComponent('https://evil.example/callback'),
      ),
    ];
    for (const url of refused) {
      expect(win.webContents.openWindow(url)).toEqual({ action: 'deny' });
    }
    expect(electron.shell.opened).toEqual([]);
    expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(refused.length);
  });

  it('denies every permission request and check, and refuses webviews', async () => {
    const { win } = setup();
    await expect(win.webContents.session.requestPermission('media')).resolves.toBe(false);
    await expect(win.webContents.session.requestPermission('notifications')).resolves.toBe(false);
    expect(win.webContents.session.checkPermission('clipboard-read')).toBe(false);
    expect(win.webContents.attachWebview('https://evil.example/')).toBe(false);
  });

  it('hides on blur and on Escape, not on other keys', () => {
    const { popup, win } = setup();
    popup.show(null);
    win.blur();
    expect(popup.isVisible()).toBe(false);
    popup.show(null);
    win.webContents.pressKey('a');
    expect(popup.isVisible()).toBe(true);
    win.webContents.pressKey('Escape');
    expect(popup.isVisible()).toBe(false);
  });

  it('does not hide on blur while dev tools are open', () => {
    const { popup, win } = setup({ isDev: true });
    popup.show(null);
    win.webContents.devToolsOpened = true;
    win.blur();
    expect(popup.isVisible()).toBe(true);
  });

  it('shows next to the tray icon, on the display that holds it, focused', () => {
    const { popup, win, electron } = setup();
    electron.screen.displays.push({
      id: 2,
      bounds: { x: -1920, y: 0, width: 1920, height: 1080 },
      workArea: { x: -1920, y: 0, width: 1920, height: 1040 },
      scaleFactor: 1,
    });
    popup.show({ x: -220, y: 1048, width: 24, height: 24 });
    expect(win.position).toEqual([-208 - 180, 1040 - 480]);
    expect(win.isVisible()).toBe(true);
    expect(win.focused).toBe(true);
  });

  it('without an icon position (Linux) opens near the cursor', () => {
    const { popup, win, electron } = setup({ platform: 'linux' });
    electron.screen.displays[0] = {
      id: 1,
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 32, width: 1920, height: 1048 },
      scaleFactor: 1,
    };
    electron.screen.cursor = { x: 1000, y: 12 };
    popup.show({ x: 0, y: 0, width: 0, height: 0 });
    expect(win.position).toEqual([1000 - 180, 32]);
  });

  it('opens on the current Space on macOS, set once at creation', () => {
    expect(setup({ platform: 'darwin' }).win.visibleOnAllWorkspaces).toBe(true);
    expect(setup({ platform: 'win32' }).win.visibleOnAllWorkspaces).toBe(false);
  });

  it('toggles, without reopening when the tray click itself blurred it', () => {
    const { popup, win, clock } = setup();
    const icon = { x: 1700, y: 1048, width: 24, height: 24 };
    popup.toggle(icon);
    expect(popup.isVisible()).toBe(true);
    popup.toggle(icon);
    expect(popup.isVisible()).toBe(false);

    popup.toggle(icon);
    // Clicking the icon blurs the popup first, then delivers the click.
    win.blur();
    clock.advance(50);
    popup.toggle(icon);
    expect(popup.isVisible()).toBe(false);

    clock.advance(BLUR_TOGGLE_GRACE_MS);
    popup.toggle(icon);
    expect(popup.isVisible()).toBe(true);
  });

  it('closing only hides the window until the app quits', () => {
    const { popup, win, electron } = setup();
    popup.show(null);
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(popup.isVisible()).toBe(false);
    electron.app.quit();
    win.close();
    expect(win.isDestroyed()).toBe(true);
    popup.show(null);
    popup.toggle(null);
    expect(popup.isVisible()).toBe(false);
  });

  it('loads the app again when its page crashes, not after a clean exit', () => {
    const { win } = setup();
    win.loadedUrl = null;
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit' });
    expect(win.loadedUrl).toBeNull();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(win.loadedUrl).toBe(APP_URL);
  });

  it('exposes the webContents for the trust check and broadcasts', () => {
    const { popup, win } = setup();
    expect(popup.webContents.id).toBe(win.webContents.id);
  });
});
