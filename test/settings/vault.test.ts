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
const openVault = (cipher: Cipher) => new Vault({ store: openStore(), cipher, logger: logger() });
const onDisk = () => {
  const file = path.join(dir, 'vault.json');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
};

describe('vault with a real cipher', () => {
  it('writes only cipher text to disk and reads it back in a new run', () => {
    const vault = openVault(new TestCipher());
    expect(vault.persistence).toBe('disk');
    vault.setSecret('appSecret', SECRET);
    expect(onDisk()).not.toContain(SECRET);
    expect(JSON.parse(onDisk())['secret.appSecret']).toEqual({
      kind: 'test',
      data: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
    });
    const next = openVault(new TestCipher());
    expect(next.getSecret('appSecret')).toBe(SECRET);
    expect(next.hasSecret('robotSecret')).toBe(false);
    expect(next.storageInfo()).toEqual({ kind: 'os', weakAccepted: false, memoryOnly: false });
  });

  it('deletes a secret from memory and disk', () => {
    const vault = openVault(new TestCipher());
    vault.setSecret('robotSecret', SECRET);
    vault.deleteSecret('robotSecret');
    expect(vault.hasSecret('robotSecret')).toBe(false);
    expect(openVault(new TestCipher()).hasSecret('robotSecret')).toBe(false);
  });

  it('never logs a secret value', () => {
    const vault = openVault(new TestCipher());
    vault.setSecret('appSecret', SECRET);
    vault.getSecret('appSecret');
    openVault(new TestCipher({ key: 7 })).getSecret('appSecret');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('keeps an unreadable secret on disk and does not retry it in the same run', () => {
    openVault(new TestCipher({ key: 1 })).setSecret('appSecret', SECRET);
    let decrypts = 0;
    const other = new TestCipher({ key: 3 });
    const counting: Cipher = {
      kind: other.kind,
      isAvailable: () => true,
      encrypt: (p) => other.encrypt(p),
      decrypt: (c) => {
        decrypts++;
        return other.decrypt(c);
      },
    };
    const vault = openVault(counting);
    expect(vault.getSecret('appSecret')).toBeUndefined();
    expect(vault.getSecret('appSecret')).toBeUndefined();
    expect(decrypts).toBe(1);
    expect(lines.some((l) => l.includes('could not decrypt'))).toBe(true);
    // The original keychain still reads it.
    expect(openVault(new TestCipher({ key: 1 })).getSecret('appSecret')).toBe(SECRET);
    // A new value replaces it.
    vault.setSecret('appSecret', 'fresh-value');
    expect(openVault(counting).getSecret('appSecret')).toBe('fresh-value');
  });

  it('refuses unknown names and empty values', () => {
    const vault = openVault(new TestCipher());
    expect(() => vault.setSecret('nope' as SecretName, 'x')).toThrow(AppError);
    expect(() => vault.setSecret('appSecret', '')).toThrow(
      expect.objectContaining({ code: 'invalidInput', detail: { field: 'appSecret' } }),
    );
  });

  it('turns an encryption failure into secretStorageUnavailable', () => {
    const failing: Cipher = {
      kind: 'os',
      isAvailable: () => true,
      encrypt: () => {
        throw new Error('keychain locked');
      },
      decrypt: () => '',
    };
    expect(() => openVault(failing).setSecret('appSecret', SECRET)).toThrow(
      expect.objectContaining({ code: 'secretStorageUnavailable' }),
    );
    expect(onDisk()).not.toContain(SECRET);
  });
});

describe('vault without strong encryption', () => {
  it('keeps secrets in memory only when no cipher is available', () => {
    const vault = openVault(new NullCipher());
    expect(vault.persistence).toBe('memory');
    vault.setSecret('appSecret', SECRET);
    expect(vault.getSecret('appSecret')).toBe(SECRET);
    expect(onDisk()).not.toContain('appSecret');
    expect(openVault(new NullCipher()).hasSecret('appSecret')).toBe(false);
    expect(vault.storageInfo()).toEqual({
      kind: 'unavailable',
      weakAccepted: false,
      memoryOnly: true,
    });
  });

  it('keeps basic_text secrets in memory until the weak storage is accepted, then moves them to disk', () => {
    const vault = openVault(new TestCipher({ kind: 'basicText' }));
    vault.setSecret('appSecret', SECRET);
    vault.setSecret('userRefreshToken', 'refresh-1');
    expect(vault.persistence).toBe('memory');
    expect(onDisk()).not.toContain('secret.');

    vault.acceptWeakStorage(true);
    expect(vault.persistence).toBe('disk');
    expect(onDisk()).toContain('secret.appSecret');
    expect(onDisk()).not.toContain(SECRET);

    const nextRun = openVault(new TestCipher({ kind: 'basicText' }));
    expect(nextRun.weakStorageAccepted).toBe(true);
    expect(nextRun.getSecret('appSecret')).toBe(SECRET);
    expect(nextRun.getSecret('userRefreshToken')).toBe('refresh-1');
    expect(nextRun.storageInfo()).toEqual({
      kind: 'basicText',
      weakAccepted: true,
      memoryOnly: false,
    });

    // Changing one's mind takes them off the disk but keeps them for this run.
    nextRun.acceptWeakStorage(false);
    expect(onDisk()).not.toContain('secret.');
    expect(nextRun.getSecret('appSecret')).toBe(SECRET);
    expect(openVault(new TestCipher({ kind: 'basicText' })).hasSecret('appSecret')).toBe(false);
  });

  it('drops a stale disk copy when a secret is set in memory-only mode', () => {
    openVault(new TestCipher({ kind: 'basicText' })).acceptWeakStorage(true);
    openVault(new TestCipher({ kind: 'basicText' })).setSecret('robotSecret', 'old');
    const vault = openVault(new TestCipher({ kind: 'basicText' }));
    vault.acceptWeakStorage(false);
    vault.setSecret('robotSecret', 'new');
    expect(onDisk()).not.toContain('secret.robotSecret');
    expect(vault.getSecret('robotSecret')).toBe('new');
  });

  it('accepting weak storage changes nothing for an OS keychain', () => {
    const vault = openVault(new TestCipher({ kind: 'os' }));
    vault.setSecret('appSecret', SECRET);
    vault.acceptWeakStorage(false);
    expect(vault.persistence).toBe('disk');
    expect(openVault(new TestCipher({ kind: 'os' })).getSecret('appSecret')).toBe(SECRET);
  });
});

describe('token store on the vault', () => {
  it('caches the app token encrypted across runs', () => {
    const tokens = vaultTokenStore(openVault(new TestCipher()));
    expect(tokens.load()).toBeUndefined();
    tokens.save({ token: 'tok-abc-123', expiresAt: 1_900_000_000_000 });
    expect(onDisk()).not.toContain('tok-abc-123');
    const next = vaultTokenStore(openVault(new TestCipher()));
    expect(next.load()).toEqual({ token: 'tok-abc-123', expiresAt: 1_900_000_000_000 });
    next.clear();
    expect(vaultTokenStore(openVault(new TestCipher())).load()).toBeUndefined();
  });

  it('drops a token that does not parse', () => {
    const vault = openVault(new TestCipher());
    vault.setSecret('appToken', '{"token": 5}');
    expect(vaultTokenStore(vault).load()).toBeUndefined();
    expect(vault.hasSecret('appToken')).toBe(false);
  });
});
