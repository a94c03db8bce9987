/**
 * The handler table behind every `window.daka` call: plain async functions
 * over the engine and a few platform actions. The Electron IPC and the browser
 * test harness serve this same table; only the transport differs.
 */
import type { Handlers, Snapshot } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { SettingsPatch } from '../shared/settings';
import type { Engine } from './engine';

/** What only the platform can do (the shell implements these with Electron). */
export interface PlatformActions {
  /** Shows the OS file dialog and returns the chosen file's text, or null when cancelled. */
  pickProvisioningFile(): Promise<string | null>;
  setStartAtLogin(enabled: boolean): Promise<void>;
  openLogFolder(): Promise<void>;
  /** One update check now; resolves when it finished (its outcome is in the snapshot). Absent: no updater. */
  checkForUpdates?(): Promise<void>;
  hidePopup(): void;
  quit(): void;
  /**
   * Shows the OS save dialog for `name` and writes `text` there; the path, or null when
   * cancelled. Absent where there is no file dialog (the history export then downloads).
   */
  saveFile?(name: string, text: string): Promise<string | null>;
  /** Settings changed that the shell applies itself (shortcut, tray); throws AppError to refuse. */
  settingsChanged?(): void;
}

export function createHandlers(engine: Engine, platform: PlatformActions): Handlers {
  const snap = (): Snapshot => engine.snapshot();
  return {
    getSnapshot: async () => {
      // Opening the popup reads DingTalk only when today's status is not cached yet.
      await engine.open().catch(() => undefined);
      return snap();
    },
    refresh: async () => {
      await engine.refresh();
      return snap();
    },
    punch: ({ confirm }) => engine.punch(confirm),
    outboxSend: ({ id }) => engine.sendHeld(id),
    outboxDiscard: async ({ id }) => {
      engine.discardHeld(id);
      return snap();
    },
    snooze: async () => {
      engine.snooze();
      return snap();
    },
    notToday: async ({ on }) => {
      engine.notToday(on);
      return snap();
    },
    testReminder: async () => ({ delivery: await engine.testReminder() }),
    updateSettings: async (patch) => {
      const before = engine.settings();
      engine.updateSettings(patch as SettingsPatch);
      try {
        platform.settingsChanged?.();
      } catch (error) {
        // The platform refused it (a global shortcut taken by another app): keep the old one,
        // and tell the field why.
        engine.updateSettings({ ui: { globalShortcut: before.ui.globalShortcut } });
        throw error;
      }
      return snap();
    },
    setRobotSecret: async ({ secret, token }) => {
      if (secret !== undefined) await engine.setRobotSecret(secret);
      if (token !== undefined) await engine.setRobotToken(token);
      return snap();
    },
    setStartAtLogin: async ({ enabled }) => {
      await platform.setStartAtLogin(enabled);
      engine.changed();
      return snap();
    },
    acceptWeakStorage: async ({ accept }) => {
      await engine.acceptWeakStorage(accept);
      return snap();
    },
    importProvisioning: async ({ text }) => {
      await engine.importProvisioning(text);
      return snap();
    },
    pickProvisioningFile: async () => {
      const text = await platform.pickProvisioningFile();
      if (text === null) return null;
      await engine.importProvisioning(text);
      return snap();
    },
    setCredentials: async ({ appKey, appSecret }) => {
      await engine.setCheckedCredentials(appKey, appSecret);
      return snap();
    },
    setServer: async ({ url }) => {
      engine.setServer(url);
      return snap();
    },
    loginWithBrowser: async () => ({ identity: await engine.loginWithBrowser() }),
    cancelLogin: async () => {
      engine.cancelLogin();
      return snap();
    },
    lookupByMobile: async ({ mobile }) => ({ identity: await engine.lookupByMobile(mobile) }),
    setUserId: async ({ userId }) => ({ identity: engine.setUserId(userId) }),
    signOut: async () => {
      engine.signOut();
      return snap();
    },
    forgetCredentials: async () => {
      engine.forgetCredentials();
      return snap();
    },
    runDoctor: () => engine.doctor(),
    startDemo: async () => {
      await engine.startDemo();
      await engine.open().catch(() => undefined);
      return snap();
    },
    demoPlay: async () => {
      await engine.playDemo();
      return snap();
    },
    leaveDemo: async () => {
      engine.leaveDemo();
      return snap();
    },
    history: ({ month, refresh }) => engine.history(month, refresh),
    exportHistory: async ({ month, language }) => {
      const file = await engine.historyCsv(month, language);
      if (!platform.saveFile) return { kind: 'download', name: file.name, text: file.text };
      const path = await platform.saveFile(file.name, file.text);
      return path === null ? { kind: 'cancelled' } : { kind: 'saved', path };
    },
    openLogFolder: async () => {
      await platform.openLogFolder();
      return null;
    },
    checkForUpdates: async () => {
      await platform.checkForUpdates?.();
      return snap();
    },
    hidePopup: async () => {
      platform.hidePopup();
      return null;
    },
    quit: async () => {
      platform.quit();
      return null;
    },
  };
}

/** Platform actions for places without a desktop (the browser harness, the CLI). */
export function headlessPlatform(overrides: Partial<PlatformActions> = {}): PlatformActions {
  const unsupported = async (): Promise<never> => {
    throw new AppError('invalidInput', 'Not available here');
  };
  return {
    pickProvisioningFile: async () => null,
    setStartAtLogin: unsupported,
    openLogFolder: unsupported,
    hidePopup: () => undefined,
    quit: () => undefined,
    ...overrides,
  };
}
