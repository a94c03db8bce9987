/**
 * Review of issue #12 item 4 (the async vault): a stored secret the keychain cannot give at
 * start is said, kept, and read again when the keychain can; a plain robot token leaves the
 * settings only once the vault really wrote it to disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine, type EngineStores } from '../../main/engine';
import {
  DEMO_APP_KEY,
  DEMO_APP_SECRET,
  DEMO_USERS,
  SimClock,
  type Simulator,
  startSimulator,
} from '../../main/dingtalk/simulator';
import { FileStore, MemoryStore, NullCipher, TestCipher } from '../../main/node-ports';
import type { Cipher } from '../../main/ports';
import { silentLogger } from '../../main/ports';
import { dropPlainRobotToken, migrateRobotToken } from '../../main/settings/robot-token';
import { Vault } from '../../main/settings/vault';
import { createSafeStorageCipher } from '../../main/shell/safe-storage-cipher';
import { at, followLikeABrowser } from '../helpers/engine-fixture';

const SECRET = 'Zq3-appsecret-value-9Xk';
const TOKEN = 'f00ba4robotWebhookToken0123456789';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daka-unreadable-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const openStore = () => new FileStore({ dir, name: 'secrets' });
const onDisk = () => fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8');
/** A run of the app over the same folder. */
async function run(cipher: Cipher): Promise<Vault> {
  const vault = new Vault({ store: openStore(), cipher });
  await vault.load();
  return vault;
}

/**
 * Electron's safeStorage on Linux with a keyring that is locked until `unlock()` (the
 * session's keyring unlocked after the app started): the real Cipher port over it.
 */
function lateKeyring(locked: boolean) {
  let available = !locked;
  const key = 0x37;
  const xor = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ key));
  const cipher = createSafeStorageCipher({
    platform: 'linux',
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(available),
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: (plain) =>
        available
          ? Promise.resolve(xor(Buffer.from(`sealed:${plain}`, 'utf8')))
          : Promise.reject(new Error('keyring locked')),
      decryptStringAsync: (encrypted) => {
        const plain = xor(encrypted).toString('utf8');
        if (!available) return Promise.reject(new Error('keyring locked'));
        if (!plain.startsWith('sealed:')) return Promise.reject(new Error('bad data'));
        return Promise.resolve({ result: plain.slice('sealed:'.length), shouldReEncrypt: false });
      },
    },
  });
  return {
    cipher,
    unlock: () => {
      available = true;
    },
  };
}

describe('a stored secret that cannot be decrypted at start', () => {
  it('is named in the storage info, kept on disk, and not taken for "nothing stored"', async () => {
    const first = await run(new TestCipher());
    await first.setSecret('appSecret', SECRET);
    await first.setSecret('robotSecret', 'robot-secret-1');
    const before = onDisk();

    // The keychain's key changed (another login, a restored backup): it cannot open them.
    const vault = await run(new TestCipher({ key: 0x11 }));
    expect(vault.hasSecret('appSecret')).toBe(false);
    expect(vault.storageInfo().unreadable).toEqual({
      names: ['appSecret', 'robotSecret'],
      reason: 'failed',
    });
    expect(onDisk()).toBe(before);
  });

  it('a damaged entry is named too; the one readable entry is not', async () => {
    const first = await run(new TestCipher());
    await first.setSecret('appSecret', SECRET);
    await first.setSecret('robotToken', TOKEN);
    const store = openStore();
    store.set('secret.robotToken', { kind: 'test', data: 'bm90IGEgY2lwaGVyIHRleHQ=' });

    const vault = await run(new TestCipher());
    expect(vault.getSecret('appSecret')).toBe(SECRET);
    expect(vault.storageInfo().unreadable).toEqual({ names: ['robotToken'], reason: 'failed' });
  });

  it('entered again, it replaces the unreadable copy and is no longer reported', async () => {
    const first = await run(new TestCipher());
    await first.setSecret('appSecret', SECRET);
    const vault = await run(new TestCipher({ key: 0x11 }));
    await vault.setSecret('appSecret', 'typed-again-secret');
    expect(vault.storageInfo().unreadable).toBeUndefined();
    const next = await run(new TestCipher({ key: 0x11 }));
    expect(next.getSecret('appSecret')).toBe('typed-again-secret');
  });

  it('every secret read: no unreadable field at all', async () => {
    const first = await run(new TestCipher());
    await first.setSecret('appSecret', SECRET);
    expect((await run(new TestCipher())).storageInfo()).not.toHaveProperty('unreadable');
  });

  it('a "try again" (failed: true) reads what the keychain refused before', async () => {
    const first = await run(new TestCipher());
    await first.setSecret('appSecret', SECRET);
    let refuse = true;
    const cipher = new TestCipher();
    const decrypt = cipher.decrypt.bind(cipher);
    cipher.decrypt = (text) => (refuse ? Promise.reject(new Error('denied')) : decrypt(text));
    const vault = await run(cipher);
    expect(vault.storageInfo().unreadable?.reason).toBe('failed');
    refuse = false;
    // Unasked, a refused prompt is not asked again.
    expect(await vault.retry()).toBe(false);
    expect(vault.hasSecret('appSecret')).toBe(false);
    expect(await vault.retry({ failed: true })).toBe(true);
    expect(vault.getSecret('appSecret')).toBe(SECRET);
    expect(vault.storageInfo().unreadable).toBeUndefined();
  });
});

describe('a keychain that is locked at start', () => {
  it('says the stored secrets wait, and reads them once it is unlocked', async () => {
    const first = await run(lateKeyring(false).cipher);
    await first.setSecret('appSecret', SECRET);
    await first.setSecret('userRefreshToken', 'refresh-1');

    const keyring = lateKeyring(true);
    const vault = await run(keyring.cipher);
    expect(vault.hasSecret('appSecret')).toBe(false);
    expect(vault.storageInfo()).toMatchObject({
      kind: 'unavailable',
      unreadable: { names: ['appSecret', 'userRefreshToken'], reason: 'locked' },
    });
    // Still locked: nothing read, nothing lost.
    expect(await vault.retry()).toBe(false);
    keyring.unlock();
    expect(await vault.retry()).toBe(true);
    expect(vault.getSecret('appSecret')).toBe(SECRET);
    expect(vault.getSecret('userRefreshToken')).toBe('refresh-1');
    expect(vault.storageInfo()).toEqual({ kind: 'os', weakAccepted: false, memoryOnly: false });
    // Nothing left to read: no probe, no keychain call.
    expect(await vault.retry()).toBe(false);
  });

  it('a value set while locked stays newer, and reaches the disk once unlocked', async () => {
    const first = await run(lateKeyring(false).cipher);
    await first.setSecret('appSecret', SECRET);
    await first.setSecret('robotSecret', 'robot-secret-old');
    const keyring = lateKeyring(true);
    const vault = await run(keyring.cipher);
    await vault.setSecret('robotSecret', 'robot-secret-new');
    expect(vault.isDurable('robotSecret')).toBe(false);
    keyring.unlock();
    await vault.retry();
    expect(vault.getSecret('robotSecret')).toBe('robot-secret-new');
    expect(vault.isDurable('robotSecret')).toBe(true);
    const next = await run(lateKeyring(false).cipher);
    expect(next.getSecret('robotSecret')).toBe('robot-secret-new');
    expect(next.getSecret('appSecret')).toBe(SECRET);
  });
});

describe('the plain robot token leaves the settings only once it is on disk', () => {
  const oldSettings = () => {
    const settings = new MemoryStore();
    settings.set('settings', {
      ui: { language: 'en' },
      receipts: { enabled: true, robotToken: TOKEN },
    });
    return settings;
  };

  it('memory-only (no keychain): kept in settings for the next start', async () => {
    const settings = oldSettings();
    const vault = await run(new NullCipher());
    await migrateRobotToken(settings, vault, silentLogger);
    expect(vault.getSecret('robotToken')).toBe(TOKEN);
    expect(JSON.stringify(settings.get('settings'))).toContain(TOKEN);
    // The next start with a keychain moves it for good.
    const next = await run(new TestCipher());
    await migrateRobotToken(settings, next, silentLogger);
    expect(settings.get('settings')).toEqual({
      ui: { language: 'en' },
      receipts: { enabled: true },
    });
    expect((await run(new TestCipher())).getSecret('robotToken')).toBe(TOKEN);
  });

  it('memory-only (basic_text not accepted): kept too', async () => {
    const settings = oldSettings();
    const vault = await run(new TestCipher({ kind: 'basicText' }));
    expect(vault.persistence).toBe('memory');
    await migrateRobotToken(settings, vault, silentLogger);
    expect(JSON.stringify(settings.get('settings'))).toContain(TOKEN);
  });

  it('a token set or forgotten by the employee drops the plain copy', () => {
    const settings = oldSettings();
    dropPlainRobotToken(settings);
    expect(settings.get('settings')).toEqual({
      ui: { language: 'en' },
      receipts: { enabled: true },
    });
  });
});

describe('the engine over a keyring unlocked late', () => {
  let sim: Simulator | undefined;
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
    await sim?.close();
    sim = undefined;
  });

  const stores = (): EngineStores => ({
    settings: new FileStore({ dir, name: 'settings' }),
    state: new FileStore({ dir, name: 'state' }),
    outbox: new FileStore({ dir, name: 'outbox' }),
    secrets: openStore(),
  });
  const engineWith = async (cipher: Cipher) => {
    sim ??= await startSimulator({ clock: new SimClock({ start: at('2026-11-27 08:55:00') }) });
    const engine = new Engine({
      stores: stores(),
      cipher,
      clock: sim.clock,
      logger: silentLogger,
      host: {
        hostname: 'test-host',
        platform: 'linux',
        version: 'test',
        startAtLogin: () => false,
      },
      openUrl: followLikeABrowser,
      clientTuning: { timeoutMs: 1500, backoffMs: 1, maxAttempts: 1 },
      sleep: async () => undefined,
    });
    engines.push(engine);
    await engine.start();
    return engine;
  };

  it('shows setup with the reason, then on the next open is configured and plans again', async () => {
    const configured = await engineWith(lateKeyring(false).cipher);
    const urls = sim?.urls ?? { oapiBase: '', apiBase: '', loginBase: '' };
    await configured.importProvisioning(
      JSON.stringify({
        appKey: DEMO_APP_KEY,
        appSecret: DEMO_APP_SECRET,
        oapiBase: urls.oapiBase,
        apiBase: urls.apiBase,
        loginBase: urls.loginBase,
        policies: { manualUserIdAllowed: true },
      }),
    );
    configured.setUserId(DEMO_USERS.fixed);
    await configured.stop();
    engines.splice(0);

    const keyring = lateKeyring(true);
    const engine = await engineWith(keyring.cipher);
    expect(engine.mode()).toBe('unconfigured');
    expect(engine.snapshot().secretStorage.unreadable).toEqual({
      names: ['appSecret'],
      reason: 'locked',
    });
    await engine.open();
    expect(engine.mode()).toBe('unconfigured');

    const replans: number[] = [];
    engine.on('replan', () => replans.push(1));
    keyring.unlock();
    const day = await engine.open();
    expect(engine.mode()).toBe('configured');
    expect(engine.snapshot().secretStorage.unreadable).toBeUndefined();
    expect(replans.length).toBeGreaterThan(0);
    // Today read with the secret that waited in the keychain.
    expect(day?.date).toBe('2026-11-27');
  });
});
