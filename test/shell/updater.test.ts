import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../main/ports';
import {
  CHECK_INTERVAL_MS,
  type AutoUpdater,
  createUpdater,
  planUpdates,
} from '../../main/shell/updater';

type Entry = { level: keyof Logger; message: string; data?: Record<string, unknown> };

function recordingLogger(): Logger & { entries: Entry[] } {
  const entries: Entry[] = [];
  const at =
    (level: keyof Logger) =>
    (message: string, data?: Record<string, unknown>): void => {
      entries.push(data === undefined ? { level, message } : { level, message, data });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

type FeedOptions = Parameters<AutoUpdater['setFeedURL']>[0];

/** Stands in for electron-updater's autoUpdater, recording what it is asked to do. */
class FakeAutoUpdater extends EventEmitter implements AutoUpdater {
  logger: AutoUpdater['logger'] = null;
  feeds: FeedOptions[] = [];
  checks = 0;
  failWith: Error | null = null;

  setFeedURL(options: FeedOptions): void {
    this.feeds.push(options);
  }

  async checkForUpdates() {
    this.checks += 1;
    if (this.failWith !== null) throw this.failWith;
    return null;
  }
}

/** A schedule driven by the test: `tick()` runs what setInterval would. */
function manualSchedule() {
  const tasks: { ms: number; task: () => void; cancelled: boolean }[] = [];
  return {
    tasks,
    every(ms: number, task: () => void) {
      const entry = { ms, task, cancelled: false };
      tasks.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
    tick() {
      for (const entry of tasks) if (!entry.cancelled) entry.task();
    },
  };
}

const FEED = 'https://updates.example.com/daka/';

function setup(options: { isPackaged: boolean; feedUrl: string | null }) {
  const autoUpdater = new FakeAutoUpdater();
  const logger = recordingLogger();
  const schedule = manualSchedule();
  const updater = createUpdater({ ...options, autoUpdater, logger, every: schedule.every });
  return { autoUpdater, logger, schedule, updater };
}

/** Lets the checks started without await settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('planUpdates', () => {
  it('is off in development, whatever the feed', () => {
    expect(planUpdates({ isPackaged: false, feedUrl: FEED })).toEqual({
      kind: 'off',
      reason: 'development',
    });
  });

  it('is off when provisioning names no feed', () => {
    expect(planUpdates({ isPackaged: true, feedUrl: null })).toEqual({
      kind: 'off',
      reason: 'noFeed',
    });
    expect(planUpdates({ isPackaged: true, feedUrl: '  ' })).toEqual({
      kind: 'off',
      reason: 'noFeed',
    });
  });

  it('refuses feeds that are not https', () => {
    for (const feedUrl of ['http://updates.example.com/', 'file:///tmp/feed', 'not a url']) {
      expect(planUpdates({ isPackaged: true, feedUrl })).toEqual({
        kind: 'off',
        reason: 'insecureFeed',
      });
    }
  });

  it('is on for an https feed', () => {
    expect(
      planUpdates({ isPackaged: true, feedUrl: ' https://Updates.Example.com/daka ' }),
    ).toEqual({
      kind: 'on',
      url: 'https://updates.example.com/daka',
    });
  });
});

describe('createUpdater', () => {
  it('does nothing in development', async () => {
    const { autoUpdater, logger, schedule, updater } = setup({ isPackaged: false, feedUrl: FEED });
    updater.start();
    await updater.checkNow();

    expect(autoUpdater.feeds).toEqual([]);
    expect(autoUpdater.checks).toBe(0);
    expect(autoUpdater.listenerCount('error')).toBe(0);
    expect(schedule.tasks).toEqual([]);
    expect(logger.entries).toEqual([
      { level: 'info', message: 'updates off', data: { reason: 'development' } },
    ]);
  });

  it('does nothing without a feed', async () => {
    const { autoUpdater, schedule, updater } = setup({ isPackaged: true, feedUrl: null });
    updater.start();
    await updater.checkNow();

    expect(autoUpdater.feeds).toEqual([]);
    expect(autoUpdater.checks).toBe(0);
    expect(schedule.tasks).toEqual([]);
  });

  it('points electron-updater at the feed, checks at start and then daily', async () => {
    const { autoUpdater, schedule, updater } = setup({ isPackaged: true, feedUrl: FEED });
    updater.start();
    await settle();

    expect(autoUpdater.feeds).toEqual([{ provider: 'generic', url: FEED }]);
    expect(autoUpdater.checks).toBe(1);
    expect(schedule.tasks.map((t) => t.ms)).toEqual([CHECK_INTERVAL_MS]);

    schedule.tick();
    await settle();
    expect(autoUpdater.checks).toBe(2);

    updater.stop();
    schedule.tick();
    await settle();
    expect(autoUpdater.checks).toBe(2);
  });

  it('configures electron-updater once across restarts', async () => {
    const { autoUpdater, updater } = setup({ isPackaged: true, feedUrl: FEED });
    updater.start();
    updater.start();
    updater.stop();
    updater.start();
    await settle();

    expect(autoUpdater.feeds).toHaveLength(1);
    expect(autoUpdater.listenerCount('error')).toBe(1);
    expect(autoUpdater.checks).toBe(2);
  });

  it('logs a failed check instead of throwing', async () => {
    const { autoUpdater, logger, updater } = setup({ isPackaged: true, feedUrl: FEED });
    autoUpdater.failWith = new Error('net::ERR_INTERNET_DISCONNECTED');
    updater.start();
    await settle();

    await expect(updater.checkNow()).resolves.toBeUndefined();
    const warnings = logger.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.message).toBe('update check failed');
    expect(warnings[0]?.data?.error).toBe(autoUpdater.failWith);
  });

  it("logs electron-updater's error events and messages through the app's logger", () => {
    const { autoUpdater, logger, updater } = setup({ isPackaged: true, feedUrl: FEED });
    updater.start();

    const error = new Error('sha512 checksum mismatch');
    expect(() => autoUpdater.emit('error', error)).not.toThrow();
    autoUpdater.logger?.info('Checking for update');
    autoUpdater.logger?.error(new Error('Cannot download'));

    expect(logger.entries).toContainEqual({
      level: 'warn',
      message: 'updater error',
      data: { error },
    });
    expect(logger.entries).toContainEqual({
      level: 'info',
      message: 'updater: Checking for update',
    });
    expect(logger.entries).toContainEqual({ level: 'error', message: 'updater: Cannot download' });
  });
});
