import { generateKeyPairSync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../main/ports';
import { signFeed } from '../../main/settings/update-feed';
import {
  CHECK_INTERVAL_MS,
  type AutoUpdater,
  type BuildFeed,
  type PlanInput,
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
type Offer = Parameters<AutoUpdater['isUpdateSupported']>[0];
const offer = (version: string) => ({ version }) as Offer;

/** Stands in for electron-updater's autoUpdater, recording what it is asked to do. */
class FakeAutoUpdater extends EventEmitter {
  logger: AutoUpdater['logger'] = null;
  // electron-updater's own default is false too; the updater must set it, not trust it.
  allowDowngrade = true;
  isUpdateSupported: AutoUpdater['isUpdateSupported'] = () => true;
  feeds: FeedOptions[] = [];
  checks = 0;
  failWith: Error | null = null;

  setFeedURL(options: FeedOptions): void {
    this.feeds.push(options);
  }

  async checkForUpdates() {
    this.checks += 1;
    if (this.failWith !== null) {
      this.emit('error', this.failWith);
      throw this.failWith;
    }
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

const BUILD_FEED = 'https://updates.example.com/daka/';
const FILE_FEED = 'https://it.example.cn/daka-feed/';

const keys = generateKeyPairSync('ed25519');
const PUBLIC = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const other = generateKeyPairSync('ed25519');
const OTHER_PRIVATE = other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const build = (overrides: Partial<BuildFeed> = {}): BuildFeed => ({
  provider: 'generic',
  url: BUILD_FEED,
  publisherName: ['Daka developers'],
  ...overrides,
});

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    isPackaged: true,
    platform: 'win32',
    build: build(),
    provisioning: null,
    trustedKeys: [PUBLIC],
    appImage: false,
    ...overrides,
  };
}

function setup(overrides: Partial<PlanInput> = {}, codeSigned?: () => Promise<boolean>) {
  const autoUpdater = new FakeAutoUpdater();
  const logger = recordingLogger();
  const schedule = manualSchedule();
  let changes = 0;
  const updater = createUpdater({
    ...input(overrides),
    autoUpdater,
    currentVersion: '1.4.0',
    logger,
    every: schedule.every,
    onChange: () => (changes += 1),
    ...(codeSigned ? { codeSigned } : {}),
  });
  return { autoUpdater, logger, schedule, updater, changes: () => changes };
}

/** Lets the checks started without await settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('planUpdates: where the feed comes from', () => {
  it("uses the build's own feed (app-update.yml) when no provisioning file names one", () => {
    expect(planUpdates(input())).toEqual({ kind: 'on', feed: BUILD_FEED, source: 'build' });
  });

  it('ignores an unsigned feed from a provisioning file (before: it became the feed)', () => {
    const plan = planUpdates(input({ provisioning: { url: FILE_FEED, signature: null } }));
    expect(plan).toEqual({ kind: 'on', feed: BUILD_FEED, source: 'build' });
  });

  it('ignores a feed signed by a key this build does not trust, or signed for another URL', () => {
    const wrongKey = signFeed(FILE_FEED, OTHER_PRIVATE);
    const otherUrl = signFeed('https://it.example.cn/elsewhere/', PRIVATE);
    for (const signature of [wrongKey, otherUrl, 'A'.repeat(86) + '==']) {
      expect(planUpdates(input({ provisioning: { url: FILE_FEED, signature } }))).toMatchObject({
        source: 'build',
        feed: BUILD_FEED,
      });
    }
  });

  it('takes a provisioning feed signed with a trusted key', () => {
    const signature = signFeed(FILE_FEED, PRIVATE);
    expect(planUpdates(input({ provisioning: { url: FILE_FEED, signature } }))).toEqual({
      kind: 'on',
      feed: FILE_FEED,
      source: 'provisioning',
    });
  });

  it('is off without any feed: no app-update.yml, the placeholder host, or not https', () => {
    for (const feed of [
      null,
      build({ url: 'https://updates.daka.invalid/' }),
      build({ url: 'http://updates.example.com/' }),
    ]) {
      expect(planUpdates(input({ build: feed }))).toEqual({
        kind: 'off',
        reason: 'noFeed',
        feed: null,
        source: 'none',
      });
    }
  });

  it('is off in development, and still says which feed a packaged build would use', () => {
    expect(planUpdates(input({ isPackaged: false }))).toEqual({
      kind: 'off',
      reason: 'development',
      feed: BUILD_FEED,
      source: 'build',
    });
  });
});

describe('planUpdates: what each OS can verify', () => {
  it('Windows: off when the build names no publisher an installer must be signed by', () => {
    expect(planUpdates(input({ build: build({ publisherName: [] }) }))).toMatchObject({
      kind: 'off',
      reason: 'unsigned',
    });
  });

  it('Linux: a deb or rpm is left to the package manager', () => {
    expect(planUpdates(input({ platform: 'linux', appImage: false }))).toMatchObject({
      kind: 'off',
      reason: 'packageManager',
    });
  });

  it("Linux: an AppImage updates from the build's own feed only, even with a signed file", () => {
    const signature = signFeed(FILE_FEED, PRIVATE);
    const plan = planUpdates(
      input({ platform: 'linux', appImage: true, provisioning: { url: FILE_FEED, signature } }),
    );
    expect(plan).toEqual({ kind: 'on', feed: BUILD_FEED, source: 'build' });
  });
});

describe('createUpdater', () => {
  it('does nothing in development', async () => {
    const { autoUpdater, logger, schedule, updater } = setup({ isPackaged: false });
    await updater.start();
    await updater.checkNow();

    expect(autoUpdater.feeds).toEqual([]);
    expect(autoUpdater.checks).toBe(0);
    expect(autoUpdater.listenerCount('error')).toBe(0);
    expect(schedule.tasks).toEqual([]);
    expect(logger.entries).toEqual([
      { level: 'info', message: 'updates off', data: { reason: 'development', source: 'build' } },
    ]);
    expect(updater.status()).toEqual({
      feed: BUILD_FEED,
      source: 'build',
      reason: 'development',
      state: 'off',
      version: null,
    });
  });

  it("leaves the build's feed to electron-updater (app-update.yml), checks at start, then daily", async () => {
    const { autoUpdater, schedule, updater } = setup();
    await updater.start();
    await settle();

    expect(autoUpdater.feeds).toEqual([]);
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

  it('points electron-updater at a signed provisioning feed', async () => {
    const signature = signFeed(FILE_FEED, PRIVATE);
    const { autoUpdater, updater } = setup({ provisioning: { url: FILE_FEED, signature } });
    await updater.start();
    expect(autoUpdater.feeds).toEqual([{ provider: 'generic', url: FILE_FEED }]);
    expect(updater.status()).toMatchObject({ feed: FILE_FEED, source: 'provisioning' });
  });

  it('never downgrades: allowDowngrade off, and an offer at or below this version refused', async () => {
    const { autoUpdater, logger, updater } = setup();
    await updater.start();

    expect(autoUpdater.allowDowngrade).toBe(false);
    expect(await autoUpdater.isUpdateSupported(offer('1.3.9'))).toBe(false);
    expect(await autoUpdater.isUpdateSupported(offer('1.4.0'))).toBe(false);
    expect(await autoUpdater.isUpdateSupported(offer('1.4.0-beta.2'))).toBe(false);
    expect(await autoUpdater.isUpdateSupported(offer('not-a-version'))).toBe(false);
    expect(await autoUpdater.isUpdateSupported(offer('1.4.1'))).toBe(true);
    expect(logger.entries).toContainEqual({
      level: 'warn',
      message: 'update refused: not newer than this version',
      data: { offered: '1.3.9', current: '1.4.0' },
    });
  });

  it("keeps electron-updater's own check (minimum OS version) for a newer offer", async () => {
    const { autoUpdater, updater } = setup();
    autoUpdater.isUpdateSupported = () => false;
    await updater.start();
    expect(await autoUpdater.isUpdateSupported(offer('2.0.0'))).toBe(false);
  });

  it("macOS: off when the running app is not code-signed (Squirrel.Mac's check needs it)", async () => {
    const { autoUpdater, updater, changes } = setup({ platform: 'darwin' }, async () => false);
    await updater.start();
    expect(autoUpdater.checks).toBe(0);
    expect(updater.status()).toMatchObject({ state: 'off', reason: 'unsigned' });
    expect(changes()).toBe(1);
  });

  it('macOS: a signed app checks', async () => {
    const { autoUpdater, updater } = setup({ platform: 'darwin' }, async () => true);
    await updater.start();
    await settle();
    expect(autoUpdater.checks).toBe(1);
  });

  it("follows electron-updater's events in status() and tells the shell", async () => {
    const { autoUpdater, updater, changes } = setup();
    await updater.start();
    const seen: unknown[] = [];
    const step = (event: string, ...args: unknown[]) => {
      autoUpdater.emit(event, ...args);
      const { state, version, reason } = updater.status();
      seen.push([state, version, reason]);
    };
    step('checking-for-update');
    step('update-not-available');
    step('update-available', offer('1.5.0'));
    step('update-downloaded', offer('1.5.0'));
    step('error', new Error('sha512 checksum mismatch'));
    expect(seen).toEqual([
      ['checking', null, null],
      ['upToDate', null, null],
      ['available', '1.5.0', null],
      ['downloaded', '1.5.0', null],
      ['error', '1.5.0', 'checkFailed'],
    ]);
    expect(changes()).toBe(5);
  });

  it('configures electron-updater once across restarts', async () => {
    const { autoUpdater, updater } = setup();
    await updater.start();
    await updater.start();
    updater.stop();
    await updater.start();
    await settle();

    expect(autoUpdater.listenerCount('error')).toBe(1);
    expect(autoUpdater.checks).toBe(2);
  });

  it('logs a failed check instead of throwing, and shows it', async () => {
    const { autoUpdater, logger, updater } = setup();
    autoUpdater.failWith = new Error('net::ERR_INTERNET_DISCONNECTED');
    await updater.start();
    await settle();

    await expect(updater.checkNow()).resolves.toBeUndefined();
    const warnings = logger.entries.filter((e) => e.message === 'update check failed');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.data?.error).toBe(autoUpdater.failWith);
    expect(updater.status()).toMatchObject({ state: 'error', reason: 'checkFailed' });
  });

  it("logs electron-updater's messages through the app's logger", async () => {
    const { autoUpdater, logger, updater } = setup();
    await updater.start();

    autoUpdater.logger?.info('Checking for update');
    autoUpdater.logger?.error(new Error('Cannot download'));
    expect(logger.entries).toContainEqual({
      level: 'info',
      message: 'updater: Checking for update',
    });
    expect(logger.entries).toContainEqual({ level: 'error', message: 'updater: Cannot download' });
  });
});
