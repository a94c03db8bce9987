/**
 * Automatic updates with electron-updater, from a feed nobody but the build's makers can
 * choose: the build's own (electron-builder.yml `publish`, written into app-update.yml
 * next to app.asar), or one a provisioning file names with a signature this build
 * verifies (main/settings/update-feed.ts). What each OS then checks of the download:
 * - Windows: the installer's Authenticode signature must name the build's publisher
 *   (app-update.yml `publisherName`, from electron-builder's win.signtoolOptions); a build
 *   without one has nothing to check against and does not update.
 * - macOS: Squirrel.Mac accepts only an update signed like the running app; an unsigned
 *   app cannot be checked, so it does not update.
 * - Linux: an AppImage updates from the build's own feed only (sha512 from its
 *   latest-linux.yml); a deb or rpm is the system package manager's to update.
 * Never a lower version: allowDowngrade off, and every offer older than or equal to the
 * running version is refused. Checks once at start and then daily; downloads in the
 * background and installs at quit (electron-updater's defaults). `status()` is what About
 * shows (snapshot.updates).
 */
import type { UpdateInfo as FeedInfo, Logger as UpdaterLogger } from 'electron-updater';
import type { UpdateInfo, UpdateReason } from '../../shared/contract';
import { verifyFeedSignature } from '../settings/update-feed';
import type { Logger } from '../ports';
import { isNewerVersion, parseAppUpdateConfig, type BuildFeed } from './update-config';

export { parseAppUpdateConfig, type BuildFeed };

export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The part of electron-updater's AppUpdater used here (tests pass a fake). */
export interface AutoUpdater {
  logger: UpdaterLogger | null;
  allowDowngrade: boolean;
  /** electron-updater asks this before offering an update (default: the OS version check). */
  isUpdateSupported: (info: FeedInfo) => boolean | Promise<boolean>;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
}

export type Platform = 'darwin' | 'win32' | 'linux';

export interface PlanInput {
  isPackaged: boolean;
  platform: Platform;
  /** app-update.yml as electron-builder wrote it; null when the build has none. */
  build: BuildFeed | null;
  /** What the provisioning file names (already checked once at import; checked again here). */
  provisioning: { url: string; signature: string | null } | null;
  trustedKeys: readonly string[];
  /** Linux: running as an AppImage ($APPIMAGE set, no resources/package-type). */
  appImage: boolean;
}

export type UpdatePlan =
  | { kind: 'off'; reason: UpdateReason; feed: string | null; source: UpdateInfo['source'] }
  | { kind: 'on'; feed: string; source: 'build' | 'provisioning' };

/** A feed URL worth calling: https, and not the placeholder host of an unconfigured build. */
function usableFeed(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') return null;
    // RFC 2606: ".invalid" never resolves; electron-builder.yml ships such a placeholder.
    if (parsed.hostname === 'invalid' || parsed.hostname.endsWith('.invalid')) return null;
    return parsed.href;
  } catch {
    return null;
  }
}

/** Whether and where to look for updates: a pure decision over what the build and the file say. */
export function planUpdates(input: PlanInput): UpdatePlan {
  // Linux takes the build's feed only: an AppImage's only check is the feed's own sha512.
  const offered =
    input.platform !== 'linux' && input.provisioning?.signature ? input.provisioning : null;
  const offeredFeed = offered ? usableFeed(offered.url) : null;
  const signed =
    offered?.signature &&
    offeredFeed !== null &&
    verifyFeedSignature(offered.url, offered.signature, input.trustedKeys)
      ? offeredFeed
      : null;
  const buildFeed = input.build?.provider === 'generic' ? usableFeed(input.build.url) : null;
  const chosen =
    signed !== null
      ? { feed: signed, source: 'provisioning' as const }
      : buildFeed !== null
        ? { feed: buildFeed, source: 'build' as const }
        : { feed: null, source: 'none' as const };
  const off = (reason: UpdateReason): UpdatePlan => ({ kind: 'off', reason, ...chosen });

  if (!input.isPackaged) return off('development');
  if (input.platform === 'linux' && !input.appImage) return off('packageManager');
  if (chosen.feed === null) return off('noFeed');
  // electron-updater skips the Authenticode check when app-update.yml names no publisher.
  if (input.platform === 'win32' && (input.build?.publisherName.length ?? 0) === 0) {
    return off('unsigned');
  }
  return { kind: 'on', feed: chosen.feed, source: chosen.source };
}

export interface UpdaterDeps extends PlanInput {
  autoUpdater: AutoUpdater;
  /** app.getVersion(): nothing at or below it is installed. */
  currentVersion: string;
  logger: Logger;
  /** macOS: whether the running app is code-signed (Squirrel.Mac checks updates against it). */
  codeSigned?: () => Promise<boolean>;
  /** Called whenever status() changes (the shell pushes a snapshot). */
  onChange?: () => void;
  /** Runs `task` every `ms` until the returned function is called (default: setInterval). */
  every?: (ms: number, task: () => void) => () => void;
}

export interface Updater {
  /** Points electron-updater at the feed, checks now and then daily (after the macOS check). */
  start(): Promise<void>;
  stop(): void;
  /** One check; failures (offline, server down) are logged and shown, never thrown. */
  checkNow(): Promise<void>;
  status(): UpdateInfo;
}

const everyInterval = (ms: number, task: () => void): (() => void) => {
  const timer = setInterval(task, ms);
  return () => clearInterval(timer);
};

/** electron-updater logs strings and sometimes errors; ours takes a message. */
function updaterLogger(logger: Logger): UpdaterLogger {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    debug: (message: string) => logger.debug(`updater: ${message}`),
    info: (message?: unknown) => logger.info(`updater: ${text(message)}`),
    warn: (message?: unknown) => logger.warn(`updater: ${text(message)}`),
    error: (message?: unknown) => logger.error(`updater: ${text(message)}`),
  };
}

export function createUpdater(deps: UpdaterDeps): Updater {
  const { autoUpdater, logger } = deps;
  const every = deps.every ?? everyInterval;
  let plan = planUpdates(deps);
  let cancel: (() => void) | null = null;
  let configured = false;
  let state: UpdateInfo['state'] = plan.kind === 'off' ? 'off' : 'idle';
  let version: string | null = null;

  const set = (next: UpdateInfo['state'], nextVersion: string | null = version) => {
    if (next === state && nextVersion === version) return;
    state = next;
    version = nextVersion;
    deps.onChange?.();
  };

  const checkNow = async (): Promise<void> => {
    if (plan.kind === 'off' || !configured) return;
    try {
      await autoUpdater.checkForUpdates();
    } catch (error) {
      // electron-updater emitted 'error' already (state 'error'); the log keeps the detail.
      logger.warn('update check failed', { error });
    }
  };

  const configure = () => {
    autoUpdater.logger = updaterLogger(logger);
    autoUpdater.allowDowngrade = false;
    const supported = autoUpdater.isUpdateSupported.bind(autoUpdater);
    autoUpdater.isUpdateSupported = async (info) => {
      if (!isNewerVersion(info.version, deps.currentVersion)) {
        logger.warn('update refused: not newer than this version', {
          offered: info.version,
          current: deps.currentVersion,
        });
        return false;
      }
      return supported(info);
    };
    // An 'error' event with no listener would throw out of the updater.
    autoUpdater.on('error', (error) => {
      logger.warn('updater error', { error });
      set('error');
    });
    autoUpdater.on('checking-for-update', () => set('checking'));
    autoUpdater.on('update-not-available', () => set('upToDate', null));
    autoUpdater.on('update-available', (info) => set('available', info.version));
    autoUpdater.on('update-downloaded', (info) => set('downloaded', info.version));
    // The build's feed is app-update.yml, which electron-updater reads itself.
    if (plan.kind === 'on' && plan.source === 'provisioning') {
      autoUpdater.setFeedURL({ provider: 'generic', url: plan.feed });
    }
    configured = true;
  };

  return {
    async start() {
      if (plan.kind === 'on' && deps.platform === 'darwin' && deps.codeSigned !== undefined) {
        if (!(await deps.codeSigned())) {
          plan = { kind: 'off', reason: 'unsigned', feed: plan.feed, source: plan.source };
          set('off');
        }
      }
      if (plan.kind === 'off') {
        logger.info('updates off', { reason: plan.reason, source: plan.source });
        return;
      }
      if (cancel !== null) return;
      if (!configured) {
        configure();
        logger.info('updates on', { feed: plan.feed, source: plan.source });
      }
      void checkNow();
      cancel = every(CHECK_INTERVAL_MS, () => void checkNow());
    },
    stop() {
      cancel?.();
      cancel = null;
    },
    checkNow,
    status() {
      return {
        feed: plan.feed,
        source: plan.source,
        reason: plan.kind === 'off' ? plan.reason : state === 'error' ? 'checkFailed' : null,
        state,
        version,
      };
    },
  };
}
