import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { createConsoleLogger, FileStore, NullCipher, TestCipher } from '../../main/node-ports';
import type { Cipher } from '../../main/ports';
import type { SecretName } from '../../main/settings/vault';
import { Vault, vaultTokenStore } from '../../main/settings/vault';

const SECRET = 'Zq3-appsecret-value-9Xk';

let dir: string;
let lines: string[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daka-vault-'));
  lines = [];
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const logger = () => createConsoleLogger({ level: 'debug', write: (l) => lines.push(l) });
const openStore = () => new FileStore({ dir, name: 'vault' });
/** A run of the app: the vault decrypts what is on disk once, at start. */
const openVault = async (cipher: Cipher) => {
  const vault = new Vault({ store: openStore(), cipher, logger: logger() });
  await vault.load();
  return vault;
};
const onDisk = () => {
  const file = path.join(dir, 'vault.json');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
};

describe('vault with a real cipher', () => {
  it('writes only cipher text to disk and reads it back in a new run', async () => {
    const vault = await openVault(new TestCipher());
    expect(vault.persistence).toBe('disk');
    await vault.setSecret('appSecret', SECRET);
    expect(onDisk()).not.toContain(SECRET);
    expect(JSON.parse(onDisk())['secret.appSecret']).toEqual({
      kind: 'test',
      data: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
    });
    const next = await openVault(new TestCipher());
    expect(next.getSecret('appSecret')).toBe(SECRET);
    expect(next.hasSecret('robotSecret')).toBe(false);
    expect(next.storageInfo()).toEqual({ kind: 'os', weakAccepted: false, memoryOnly: false });
  });

  it('decrypts each stored secret once, at start; reads after that never ask the cipher', async () => {
    const first = await openVault(new TestCipher());
    await first.setSecret('appSecret', SECRET);
    await first.setSecret('robotSecret', 'robot-secret-1');
    const cipher = new TestCipher();
    const vault = new Vault({ store: openStore(), cipher });
    // Nothing is read before the start's decryption.
    expect(vault.hasSecret('appSecret')).toBe(false);
    await Promise.all([vault.load(), vault.load()]);
    for (let i = 0; i < 5; i++) expect(vault.getSecret('appSecret')).toBe(SECRET);
    expect(vault.getSecret('robotSecret')).toBe('robot-secret-1');
    expect(cipher.calls.decrypt).toBe(2);
  });

  it('encrypts again, at start, what the cipher says was made with a rotated key', async () => {
    await (await openVault(new TestCipher({ key: 1 }))).setSecret('appSecret', SECRET);
    const rotated = new TestCipher({ key: 3, rotatedFrom: [1] });
    const vault = await openVault(rotated);
    expect(vault.getSecret('appSecret')).toBe(SECRET);
    await vault.flush();
    expect(rotated.calls.encrypt).toBe(1);
    // On disk with the new key only: the old one no longer reads it.
    expect((await openVault(new TestCipher({ key: 3 }))).getSecret('appSecret')).toBe(SECRET);
    expect((await openVault(new TestCipher({ key: 1 }))).hasSecret('appSecret')).toBe(false);
    // Not again on the next start.
    const again = new TestCipher({ key: 3, rotatedFrom: [1] });
    await (await openVault(again)).flush();
    expect(again.calls.encrypt).toBe(0);
  });

  it('the newest value reaches the disk, however the encryptions finish', async () => {
    const vault = await openVault(new TestCipher());
    void vault.setSecret('robotSecret', 'first-value');
    const second = vault.setSecret('robotSecret', 'second-value');
    expect(vault.getSecret('robotSecret')).toBe('second-value');
    await second;
    await vault.flush();
    expect((await openVault(new TestCipher())).getSecret('robotSecret')).toBe('second-value');
    // Deleted while being encrypted: it does not come back.
    void vault.setSecret('robotSecret', 'third-value');
    vault.deleteSecret('robotSecret');
    await vault.flush();
    expect((await openVault(new TestCipher())).hasSecret('robotSecret')).toBe(false);
  });

  it('a secret set while the start decrypts is the newer one', async () => {
    await (await openVault(new TestCipher())).setSecret('appSecret', 'stored-old-value');
    const vault = new Vault({ store: openStore(), cipher: new TestCipher() });
    const loading = vault.load();
    await vault.setSecret('appSecret', 'typed-new-value');
    await loading;
    expect(vault.getSecret('appSecret')).toBe('typed-new-value');
  });

  it('keeps a secret bound to hosts with its binding across runs', async () => {
    const hosts = { oapiBase: 'https://oapi.dingtalk.com', apiBase: 'https://api.dingtalk.com' };
    await (await openVault(new TestCipher())).setSecret('appSecret', SECRET, hosts);
    expect(onDisk()).not.toContain('dingtalk.com');
    const next = await openVault(new TestCipher());
    expect(next.getSecret('appSecret', hosts)).toBe(SECRET);
    expect(
      next.getSecret('appSecret', { ...hosts, apiBase: 'http://127.0.0.1:1' }),
    ).toBeUndefined();
    expect(next.getSecret('appSecret')).toBeUndefined();
    expect(next.bindingOf('appSecret')).toEqual(hosts);
  });

  it('deletes a secret from memory and disk', async () => {
    const vault = await openVault(new TestCipher());
    await vault.setSecret('robotSecret', SECRET);
    vault.deleteSecret('robotSecret');
    expect(vault.hasSecret('robotSecret')).toBe(false);
    expect((await openVault(new TestCipher())).hasSecret('robotSecret')).toBe(false);
  });

  it('never logs a secret value', async () => {
    const vault = await openVault(new TestCipher());
    await vault.setSecret('appSecret', SECRET);
    vault.getSecret('appSecret');
    await openVault(new TestCipher({ key: 7 }));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('keeps an unreadable secret on disk and does not retry it in the same run', async () => {
    await (await openVault(new TestCipher({ key: 1 }))).setSecret('appSecret', SECRET);
    const other = new TestCipher({ key: 3 });
    const vault = await openVault(other);
    expect(vault.getSecret('appSecret')).toBeUndefined();
    expect(vault.getSecret('appSecret')).toBeUndefined();
    expect(other.calls.decrypt).toBe(1);
    expect(lines.some((l) => l.includes('could not decrypt'))).toBe(true);
    // The original keychain still reads it.
    expect((await openVault(new TestCipher({ key: 1 }))).getSecret('appSecret')).toBe(SECRET);
    // A new value replaces it.
    await vault.setSecret('appSecret', 'fresh-value');
    expect((await openVault(other)).getSecret('appSecret')).toBe('fresh-value');
  });

  it('refuses unknown names and empty values', async () => {
    const vault = await openVault(new TestCipher());
    expect(() => vault.setSecret('nope' as SecretName, 'x')).toThrow(AppError);
    expect(() => vault.setSecret('appSecret', '')).toThrow(
      expect.objectContaining({ code: 'invalidInput', detail: { field: 'appSecret' } }),
    );
  });

  it('turns an encryption failure into secretStorageUnavailable; the value stays for this run', async () => {
    const failing: Cipher = {
      kind: 'os',
      probe: () => Promise.resolve('os'),
      encrypt: () => Promise.reject(new Error('keychain locked')),
      decrypt: () => Promise.resolve({ plain: '', shouldReEncrypt: false }),
    };
    const vault = await openVault(failing);
    await expect(vault.setSecret('appSecret', SECRET)).rejects.toEqual(
      expect.objectContaining({ code: 'secretStorageUnavailable' }),
    );
    expect(vault.getSecret('appSecret')).toBe(SECRET);
    expect(onDisk()).not.toContain(SECRET);
    // A caller that does not wait leaves no unhandled rejection behind.
    void vault.setSecret('robotSecret', SECRET);
    await vault.flush();
  });
});

describe('vault without strong encryption', () => {
  it('keeps secrets in memory only when no cipher is available', async () => {
    const vault = await openVault(new NullCipher());
    expect(vault.persistence).toBe('memory');
    await vault.setSecret('appSecret', SECRET);
    expect(vault.getSecret('appSecret')).toBe(SECRET);
    expect(onDisk()).not.toContain('appSecret');
    expect((await openVault(new NullCipher())).hasSecret('appSecret')).toBe(false);
    expect(vault.storageInfo()).toEqual({
      kind: 'unavailable',
      weakAccepted: false,
      memoryOnly: true,
    });
  });

  it('keeps basic_text secrets in memory until the weak storage is accepted, then moves them to disk', async () => {
    const vault = await openVault(new TestCipher({ kind: 'basicText' }));
    await vault.setSecret('appSecret', SECRET);
    await vault.setSecret('userRefreshToken', 'refresh-1');
    expect(vault.persistence).toBe('memory');
    expect(onDisk()).not.toContain('secret.');

    await vault.acceptWeakStorage(true);
    expect(vault.persistence).toBe('disk');
    expect(onDisk()).toContain('secret.appSecret');
    expect(onDisk()).not.toContain(SECRET);

    const nextRun = await openVault(new TestCipher({ kind: 'basicText' }));
    expect(nextRun.weakStorageAccepted).toBe(true);
    expect(nextRun.getSecret('appSecret')).toBe(SECRET);
    expect(nextRun.getSecret('userRefreshToken')).toBe('refresh-1');
    expect(nextRun.storageInfo()).toEqual({
      kind: 'basicText',
      weakAccepted: true,
      memoryOnly: false,
    });

    // Changing one's mind takes them off the disk but keeps them for this run.
    await nextRun.acceptWeakStorage(false);
    expect(onDisk()).not.toContain('secret.');
    expect(nextRun.getSecret('appSecret')).toBe(SECRET);
    const third = await openVault(new TestCipher({ kind: 'basicText' }));
    expect(third.hasSecret('appSecret')).toBe(false);
  });

  it('drops a stale disk copy when a secret is set in memory-only mode', async () => {
    await (await openVault(new TestCipher({ kind: 'basicText' }))).acceptWeakStorage(true);
    await (await openVault(new TestCipher({ kind: 'basicText' }))).setSecret('robotSecret', 'old');
    const vault = await openVault(new TestCipher({ kind: 'basicText' }));
    await vault.acceptWeakStorage(false);
    await vault.setSecret('robotSecret', 'new');
    expect(onDisk()).not.toContain('secret.robotSecret');
    expect(vault.getSecret('robotSecret')).toBe('new');
  });

  it('accepting weak storage changes nothing for an OS keychain', async () => {
    const vault = await openVault(new TestCipher({ kind: 'os' }));
    await vault.setSecret('appSecret', SECRET);
    await vault.acceptWeakStorage(false);
    expect(vault.persistence).toBe('disk');
    expect((await openVault(new TestCipher({ kind: 'os' }))).getSecret('appSecret')).toBe(SECRET);
  });
});

describe('token store on the vault', () => {
  it('caches the app token encrypted across runs', async () => {
    const first = await openVault(new TestCipher());
    const tokens = vaultTokenStore(first);
    expect(tokens.load()).toBeUndefined();
    tokens.save({ token: 'tok-abc-123', expiresAt: 1_900_000_000_000 });
    await first.flush();
    expect(onDisk()).not.toContain('tok-abc-123');
    const next = vaultTokenStore(await openVault(new TestCipher()));
    expect(next.load()).toEqual({ token: 'tok-abc-123', expiresAt: 1_900_000_000_000 });
    next.clear();
    expect(vaultTokenStore(await openVault(new TestCipher())).load()).toBeUndefined();
  });

  it('loads a token only for the hosts that issued it, and drops it for others', async () => {
    const vault = await openVault(new TestCipher());
    const issuer = { oapiBase: 'http://127.0.0.1:1' };
    vaultTokenStore(vault, issuer).save({ token: 'tok-abc-123', expiresAt: 1_900_000_000_000 });
    expect(vaultTokenStore(vault, issuer).load()?.token).toBe('tok-abc-123');
    expect(vaultTokenStore(vault, { oapiBase: 'http://127.0.0.1:2' }).load()).toBeUndefined();
    expect(vault.hasSecret('appToken')).toBe(false);
  });

  it('drops a token that does not parse', async () => {
    const vault = await openVault(new TestCipher());
    await vault.setSecret('appToken', '{"token": 5}');
    expect(vaultTokenStore(vault).load()).toBeUndefined();
    expect(vault.hasSecret('appToken')).toBe(false);
  });
});
