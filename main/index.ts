/**
 * The app's composition root: Electron's lifecycle around the Electron-free
 * engine. Everything here is wiring; decisions live in the engine and in the
 * shell's pure helpers.
 */
import { existsSync, renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  shell,
  Tray,
} from 'electron';
import log from 'electron-log/main';
import electronUpdater from 'electron-updater';
import type { View } from '../shared/contract';
import { type MessageKey, resolveLanguage, translate } from '../shared/i18n';
import type { TrayState } from '../shared/model';
import type { ReminderTrigger } from './attendance/reminders';
import { startDemoBackend } from './demo';
import { Engine } from './engine';
import { createHandlers } from './handlers';
import { systemClock, type Store } from './ports';
import { registerAppScheme, serveApp } from './shell/app-protocol';
import { resolveAppUrl } from './shell/app-url';
import { trayIconPath } from './shell/artwork';
import { createElectronStore } from './shell/electron-store-adapter';
import { createExternalOpener, type ExternalAllowList } from './shell/external-links';
import { broadcast, createTrustedSenderCheck, registerIpc } from './shell/ipc';
import { createLogger, logFolder } from './shell/logging';
import { createLoginItem, isAutostartLaunch } from './shell/login-item';
import { createNotifier } from './shell/notifier';
import { createPopup } from './shell/popup';
import { waitForOnline, watchPower } from './shell/power';
import { readProvisioningFile } from './settings/provisioning';
import { createSafeStorageCipher } from './shell/safe-storage-cipher';
import { createShortcutBinding } from './shell/shortcut';
import { createPunchAsker } from './shell/punch-confirm';
import { stopBeforeQuit } from './shell/quit';
import { createFileSaver } from './shell/save-file';
import { createTrayController } from './shell/tray';
import { createUpdater, type Updater } from './shell/updater';
import { macCodeSigned, readInstalledBuild } from './shell/update-host';
import { TRUSTED_FEED_KEYS } from './settings/update-feed-keys';
import { NO_UPDATER } from './engine/snapshot';
import { addDays, dateKey, startOfDate } from '../shared/time';

/** A minute past the next midnight in the organisation's zone. */
function nextDayStart(now: number, timeZone: string): number {
  return startOfDate(addDays(dateKey(now, timeZone), 1), timeZone) + 60_000;
}

const APP_ID = 'com.daka.app';
const platform = process.platform;
/** The three platforms the engine and the updater tell apart (any other Unix is 'linux'). */
const shellPlatform = platform === 'darwin' || platform === 'win32' ? platform : 'linux';

app.setAppUserModelId(APP_ID);
registerAppScheme(protocol);

/** A second launch before the popup exists is remembered and honoured once it does. */
let showPopup: (() => void) | null = null;
let popupWanted = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    // A second copy started at login must not pop the window open.
    if (argv.includes('--autostart')) return;
    if (showPopup) showPopup();
    else popupWanted = true;
  });
  void main();
}

async function main(): Promise<void> {
  const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL);
  const logger = createLogger({
    base: log.create({ logId: 'daka' }),
    folder: logFolder(app),
    console: !app.isPackaged,
  });
  process.on('uncaughtException', (error) => logger.error('uncaught exception', { error }));
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));

  await app.whenReady();
  if (platform === 'darwin') app.dock?.hide();
  Menu.setApplicationMenu(null);

  const rendererDir = join(import.meta.dirname, '../renderer');
  serveApp({ protocol, rendererDir, fetchFile: (url) => net.fetch(url) });

  const openStore = (name: string): Store => {
    try {
      return createElectronStore({ name });
    } catch (error) {
      // A corrupt file: keep it for IT, start this store afresh.
      const file = join(app.getPath('userData'), `${name}.json`);
      logger.error('store unreadable, set aside', { name, error });
      if (existsSync(file)) renameSync(file, `${file}.corrupt-${Date.now()}`);
      return createElectronStore({ name });
    }
  };

  const loginItem = createLoginItem({
    app,
    platform,
    execPath: process.execPath,
    env: process.env,
    homeDir: app.getPath('home'),
  });

  const cipher = createSafeStorageCipher({ safeStorage, platform });
  // Read when asked (engine is set by then): a sign-in right after the server address or the
  // credentials changed must find its own login page allowed.
  const externalAllow = (): ExternalAllowList => {
    const config = engine.config();
    return {
      loginBase: config?.loginBase ?? 'https://login.dingtalk.com',
      clientId: config?.appKey ?? null,
      server: engine.connectionInfo().server,
    };
  };
  const openExternal = createExternalOpener({ shell, allow: externalAllow });
  // Set once the engine has read the provisioning (the feed may come from it).
  let updater: Updater | null = null;
  const engine = new Engine({
    stores: {
      settings: openStore('settings'),
      state: openStore('state'),
      outbox: openStore('outbox'),
      secrets: openStore('secrets'),
    },
    cipher,
    clock: systemClock,
    logger,
    host: {
      hostname: hostname(),
      platform: shellPlatform,
      version: app.getVersion(),
      startAtLogin: () => loginItem.isEnabled(),
      updates: () => updater?.status() ?? NO_UPDATER,
    },
    openUrl: (url) => openExternal(url),
    demo: startDemoBackend,
  });
  await engine.start();

  const lang = () =>
    resolveLanguage(engine.settings().ui.language, app.getPreferredSystemLanguages()[0] ?? 'en');
  const t = (key: string, vars?: Record<string, string | number>) =>
    translate(lang(), key as MessageKey, vars);

  const appUrl = resolveAppUrl({
    devServerUrl: isDev ? process.env.ELECTRON_RENDERER_URL : undefined,
  });
  const popup = createPopup({
    electron: { BrowserWindow, screen, shell, app },
    platform,
    appUrl,
    preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
    isDev,
    externalAllowList: externalAllow,
    clock: systemClock,
    logger,
  });

  const shortcut = createShortcutBinding({
    globalShortcut,
    onTrigger: () => popup.show(tray.bounds()),
    logger,
  });
  // The feed is chosen at start: a provisioning file imported later applies from the next one.
  const provisioned = engine.config();
  const updates = createUpdater({
    autoUpdater: electronUpdater.autoUpdater,
    isPackaged: app.isPackaged,
    platform: shellPlatform,
    ...readInstalledBuild({ resourcesPath: process.resourcesPath, env: process.env }),
    provisioning: provisioned?.updateUrl
      ? { url: provisioned.updateUrl, signature: provisioned.updateUrlSignature ?? null }
      : null,
    trustedKeys: TRUSTED_FEED_KEYS,
    currentVersion: app.getVersion(),
    codeSigned: () => macCodeSigned(process.execPath),
    onChange: () => engine.changed(),
    logger,
  });
  updater = updates;
  const platformActions = {
    pickProvisioningFile: async () => {
      const result = await dialog.showOpenDialog({
        properties: ['openFile'],
        filters: [{ name: 'Daka provisioning', extensions: ['json'] }],
      });
      const file = result.canceled ? undefined : result.filePaths[0];
      // At most 64 KB: a huge file picked by mistake is refused, not read into memory.
      return file ? readProvisioningFile(file) : null;
    },
    setStartAtLogin: async (enabled: boolean) => loginItem.setEnabled(enabled),
    openLogFolder: async () => {
      const error = await shell.openPath(logFolder(app));
      if (error) logger.warn('cannot open the log folder', { error });
    },
    checkForUpdates: () => updates.checkNow(),
    // The history export: the save dialog in Downloads, the CSV (with its BOM) as UTF-8.
    saveFile: createFileSaver({ dialog, defaultFolder: () => app.getPath('downloads') }),
    hidePopup: () => popup.hide(),
    quit: () => app.quit(),
    // Throws when the new shortcut cannot be registered: the handler then keeps the old one.
    settingsChanged: () => {
      shortcut.apply(engine.settings().ui.globalShortcut);
      tray.update(engine.snapshot());
    },
  };
  const handlers = createHandlers(engine, platformActions);
  registerIpc({
    ipcMain,
    handlers,
    isTrustedSender: createTrustedSenderCheck({
      trustedWebContentsIds: () => new Set([popup.webContents.id]),
      appUrl,
    }),
    logger,
  });

  const openPopup = (view: View) => {
    popup.show(tray.bounds());
    broadcast([popup.webContents], 'navigate', { view });
  };
  const iconFor = (state: TrayState, p: NodeJS.Platform) => {
    const image = nativeImage.createFromPath(
      trayIconPath(state, p, { dark: nativeTheme.shouldUseDarkColors, appPath: app.getAppPath() }),
    );
    if (p === 'darwin') image.setTemplateImage(true);
    return image;
  };

  const notifier = createNotifier({
    electron: { Notification },
    platform,
    t,
    actions: {
      punch: () => void punchFromOutside(),
      snooze: () => engine.snooze(),
      openPopup: () => openPopup('today'),
    },
    logger,
    // A held punch's notification names what holds it, as the popup's outbox panel does.
    heldCause: (intentId) => engine.snapshot().outbox.find((e) => e.id === intentId)?.held,
  });

  // An early clock-out or a repeat asks in place, in the popup's words (cancel: nothing sent);
  // one question at a time (a second click while it is open punches nothing).
  const askAndPunch = createPunchAsker({
    punch: (confirm) => handlers.punch({ confirm }),
    dialog,
    t,
    focus: platform === 'darwin' ? () => app.focus({ steal: true }) : undefined,
  });
  const punchFromOutside = async () => {
    try {
      const outcome = await askAndPunch();
      if (!outcome) return;
      notifier.punchResult(outcome);
      if (outcome.outcome === 'needs-confirmation' || outcome.outcome === 'unavailable') {
        openPopup('today');
      }
    } catch (error) {
      logger.error('punch failed', { error });
      openPopup('today');
    }
  };

  const tray = createTrayController({
    electron: { Tray, Menu },
    platform,
    iconFor,
    t,
    actions: {
      punch: () => void punchFromOutside(),
      openPopup,
      togglePopup: (anchor) => popup.toggle(anchor),
      refresh: () => void engine.refresh().catch(() => undefined),
      snooze: () => engine.snooze(),
      notToday: (on) => engine.notToday(on),
      toggleStartAtLogin: (enabled) => {
        loginItem.setEnabled(enabled);
        engine.changed();
      },
      playDemo: () => engine.playDemo(),
      // Back to setup, where the popup's demo panel's "Leave demo" lands too.
      leaveDemo: () => {
        engine.leaveDemo();
        openPopup('onboarding');
      },
      quit: () => app.quit(),
    },
    snapshot: engine.snapshot(),
    logger,
    // The countdown and the punch item by the engine's clock (the simulator's in demo mode).
    now: () => engine.now(),
  });

  // Reminders: the planner decides, one timer waits for its next wake-up. Plans run one at
  // a time (a trigger during a plan runs after it), so a timer is never orphaned.
  let wakeTimer: NodeJS.Timeout | null = null;
  let planning: Promise<void> = Promise.resolve();
  const plan = (trigger: ReminderTrigger): Promise<void> => {
    planning = planning.then(async () => {
      if (wakeTimer) clearTimeout(wakeTimer);
      wakeTimer = null;
      const { nextWakeAt } = await engine.planReminder(trigger).catch((error: unknown) => {
        logger.warn('reminder planning failed', { error });
        return { nextWakeAt: null };
      });
      // Nothing more today: wake at the next work date anyway (a desktop that never sleeps).
      // The engine's clock (the simulator's in demo mode, where "play the day" moves it).
      const wakeAt = nextWakeAt ?? nextDayStart(engine.now(), engine.timeZone());
      // Timers drift across sleep: 'resume' re-plans anyway.
      wakeTimer = setTimeout(() => void plan('timer'), Math.max(1000, wakeAt - engine.now()));
    });
    return planning;
  };
  engine.on('reminder', (reminder) => notifier.remind(reminder));
  // Snooze, not today, a punch, settings, the network back: the plan depends on them.
  engine.on('replan', () => void plan('statusChanged'));
  // A queued punch that went out later, or one held for the employee: say so.
  engine.on('background', (outcome) => notifier.punchResult(outcome));

  let lastState = '';
  engine.on('changed', () => {
    const snapshot = engine.snapshot();
    tray.update(snapshot);
    broadcast([popup.webContents], 'snapshot', snapshot);
    const key = JSON.stringify([
      snapshot.today?.date,
      snapshot.today?.next,
      snapshot.today?.checkPoints.map((c) => c.state),
    ]);
    const statusChanged = key !== lastState && lastState !== '';
    // Before planning: planReminder emits 'changed' synchronously and would re-enter here.
    lastState = key;
    if (statusChanged) void plan('statusChanged');
  });

  try {
    platformActions.settingsChanged();
  } catch (error) {
    // At start there is no field to tell: the log says which shortcut was taken.
    logger.warn('global shortcut not registered', { error });
    tray.update(engine.snapshot());
  }
  nativeTheme.on('updated', () => tray.update(engine.snapshot()));

  watchPower({
    powerMonitor,
    platform,
    timers: { setInterval, clearInterval },
    onTrigger: (trigger) => {
      void engine.flushOutbox().catch(() => undefined);
      void engine.open().catch(() => undefined);
      void plan(trigger);
    },
  });
  // Outbox: retry queued punches while any wait (cheap when empty).
  setInterval(() => {
    if (engine.outbox.hasWork()) void engine.flushOutbox().catch(() => undefined);
  }, 30_000).unref();

  showPopup = () => popup.show(tray.bounds());
  if (popupWanted) showPopup();
  if (engine.secretProblem() === 'hostsChanged') {
    // The stored AppSecret was provisioned for other DingTalk hosts (an edited state file, a
    // changed address): it is not sent, and the popup asks for it again (issue #12 item 2).
    logger.warn('the stored AppSecret is for other DingTalk hosts: not used');
    new Notification({ title: 'Daka', body: t('notify.hostsChanged') }).show();
  }
  app.on('window-all-closed', () => {
    // A tray app keeps running with no window; Quit is in the menu.
  });
  // Quit waits (bounded) for the engine: a secret still being encrypted reaches the disk.
  stopBeforeQuit(app, {
    beforeStop: () => globalShortcut.unregisterAll(),
    stop: () => engine.stop(),
    exit: (code) => app.exit(code),
    logger,
  });

  void updates.start();

  const autostart = isAutostartLaunch(process.argv, platform, app.getLoginItemSettings());
  if (autostart) {
    // At login the network may not be up yet: wait quietly before judging anything.
    await waitForOnline({
      probe: async () => net.isOnline(),
      timeoutMs: 120_000,
    });
  }
  await engine.flushOutbox().catch(() => undefined);
  await engine.open().catch((error: unknown) => logger.warn('first load failed', { error }));
  await plan(autostart ? 'login' : 'statusChanged');
  if (!autostart && engine.mode() === 'unconfigured') openPopup('onboarding');
  logger.info('ready', { version: app.getVersion(), mode: engine.mode(), autostart });
}
