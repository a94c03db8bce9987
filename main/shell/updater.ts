/**
 * Automatic updates with electron-updater from the feed the organisation's
 * provisioning names (a "generic" server holding the latest*.yml files that
 * electron-builder writes). Checks once at start and then daily; downloads in
 * the background and installs when the app quits (electron-updater's defaults).
 * Off in development and when provisioning names no feed.
 *
 * In the app: createUpdater({ autoUpdater, isPackaged: app.isPackaged, feedUrl, logger })
 * with `autoUpdater` from 'electron-updater'.
 */
import type { AppUpdater, Logger as UpdaterLogger } from 'electron-updater';
import type { Logger } from '../ports';

export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The part of electron-updater's AppUpdater used here (tests pass a fake). */
export type AutoUpdater = Pick<AppUpdater, 'setFeedURL' | 'checkForUpdates'> & {
  logger: UpdaterLogger | null;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

export type UpdatePlan =
  { kind: 'off'; reason: 'development' | 'noFeed' | 'insecureFeed' } | { kind: 'on'; url: string };

/** Whether and where to look for updates. Only https: an update is code we run. */
export function planUpdates(input: { isPackaged: boolean; feedUrl: string | null }): UpdatePlan {
  if (!input.isPackaged) return { kind: 'off', reason: 'development' };
  const feed = input.feedUrl?.trim() ?? '';
  if (feed === '') return { kind: 'off', reason: 'noFeed' };
  let url: URL;
  try {
    url = new URL(feed);
  } catch {
    return { kind: 'off', reason: 'insecureFeed' };
  }
  if (url.protocol !== 'https:') return { kind: 'off', reason: 'insecureFeed' };
  return { kind: 'on', url: url.href };
}

export interface UpdaterDeps {
  autoUpdater: AutoUpdater;
  /** app.isPackaged. */
  isPackaged: boolean;
  /** From provisioning; null when it names none. */
  feedUrl: string | null;
  logger: Logger;
  /** Runs `task` every `ms` until the returned function is called (default: setInterval). */
  every?: (ms: number, task: () => void) => () => void;
}

export interface Updater {
  readonly plan: UpdatePlan;
  /** Points electron-updater at the feed, checks now and then daily. */
  start(): void;
  stop(): void;
  /** One check; failures (offline, server down) are logged, never thrown. */
  checkNow(): Promise<void>;
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
  const plan = planUpdates(deps);
  let cancel: (() => void) | null = null;
  let configured = false;

  const checkNow = async (): Promise<void> => {
    if (plan.kind === 'off') return;
    try {
      await autoUpdater.checkForUpdates();
    } catch (error) {
      logger.warn('update check failed', { error });
    }
  };

  return {
    plan,
    start() {
      if (plan.kind === 'off') {
        logger.info('updates off', { reason: plan.reason });
        return;
      }
      if (cancel !== null) return;
      if (!configured) {
        autoUpdater.logger = updaterLogger(logger);
        // An 'error' event with no listener would throw out of the updater.
        autoUpdater.on('error', (error) => logger.warn('updater error', { error }));
        autoUpdater.setFeedURL({ provider: 'generic', url: plan.url });
        logger.info('updates on', { feed: plan.url });
        configured = true;
      }
      void checkNow();
      cancel = every(CHECK_INTERVAL_MS, () => void checkNow());
    },
    stop() {
      cancel?.();
      cancel = null;
    },
    checkNow,
  };
}
