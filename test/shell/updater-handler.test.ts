/**
 * The `checkForUpdates` request (About's button) and `snapshot.updates`: the handler runs one
 * check through the shell's updater and answers with the snapshot that shows its outcome.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { NO_UPDATER } from '../../main/engine/snapshot';
import { Engine } from '../../main/engine';
import { createHandlers, headlessPlatform } from '../../main/handlers';
import { MemoryStore, TestCipher } from '../../main/node-ports';
import { silentLogger, systemClock } from '../../main/ports';
import { type AutoUpdater, type Updater, createUpdater } from '../../main/shell/updater';

const FEED = 'https://updates.example.com/daka/';

/** electron-updater answering "nothing newer" to every check. */
class UpToDateFeed extends EventEmitter {
  logger: AutoUpdater['logger'] = null;
  allowDowngrade = false;
  isUpdateSupported: AutoUpdater['isUpdateSupported'] = () => true;
  checks = 0;
  setFeedURL(): void {}
  async checkForUpdates() {
    this.checks += 1;
    this.emit('checking-for-update');
    this.emit('update-not-available');
    return null;
  }
}

function engineWith(updater: Updater | null) {
  return new Engine({
    stores: {
      settings: new MemoryStore(),
      state: new MemoryStore(),
      outbox: new MemoryStore(),
      secrets: new MemoryStore(),
    },
    cipher: new TestCipher(),
    clock: systemClock,
    logger: silentLogger,
    host: {
      hostname: 'h',
      platform: 'win32',
      version: '1.4.0',
      startAtLogin: () => false,
      ...(updater ? { updates: () => updater.status() } : {}),
    },
    openUrl: async () => undefined,
  });
}

describe('checkForUpdates', () => {
  it('checks the feed once and answers with the snapshot showing the result', async () => {
    const feed = new UpToDateFeed();
    const updater = createUpdater({
      autoUpdater: feed,
      isPackaged: true,
      platform: 'win32',
      build: { provider: 'generic', url: FEED, publisherName: ['Daka developers'] },
      provisioning: null,
      trustedKeys: [],
      appImage: false,
      currentVersion: '1.4.0',
      logger: silentLogger,
      every: () => () => undefined,
    });
    const engine = engineWith(updater);
    let checksAsked = 0;
    const handlers = createHandlers(
      engine,
      headlessPlatform({
        checkForUpdates: async () => {
          checksAsked += 1;
          await updater.checkNow();
        },
      }),
    );
    await updater.start();
    const before = feed.checks;

    const snapshot = await handlers.checkForUpdates({});
    expect(checksAsked).toBe(1);
    expect(feed.checks).toBe(before + 1);
    expect(snapshot.updates).toEqual({
      feed: FEED,
      source: 'build',
      reason: null,
      state: 'upToDate',
      version: null,
    });
  });

  it('says updates are off where there is no updater (CLI, browser harness)', async () => {
    const handlers = createHandlers(engineWith(null), headlessPlatform());
    expect((await handlers.checkForUpdates({})).updates).toEqual(NO_UPDATER);
  });
});
