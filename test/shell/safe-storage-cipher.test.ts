import { describe, expect, it } from 'vitest';
import { createSafeStorageCipher } from '../../main/shell/safe-storage-cipher';
import { createFakeElectron } from '../fakes/electron';

async function setup(platform: NodeJS.Platform, backend?: string) {
  const { safeStorage } = createFakeElectron({ platform });
  if (backend) safeStorage.backend = backend;
  const cipher = createSafeStorageCipher({ safeStorage, platform });
  await cipher.probe();
  return { safeStorage, cipher };
}

const kindOf = async (platform: NodeJS.Platform, backend?: string) =>
  (await setup(platform, backend)).cipher.kind;

describe('the safeStorage cipher', () => {
  it('round-trips through base64 cipher text that does not contain the secret', async () => {
    const { cipher } = await setup('darwin');
    const secret = 'app-secret-密钥-123';
    const sealed = await cipher.encrypt(secret);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('app-secret');
    expect(await cipher.decrypt(sealed)).toEqual({ plain: secret, shouldReEncrypt: false });
  });

  it('uses only the asynchronous API (the synchronous one is deprecated in Electron 45)', async () => {
    const { cipher, safeStorage } = await setup('linux', 'basic_text');
    await cipher.decrypt(await cipher.encrypt('s'));
    void cipher.kind;
    expect(safeStorage.syncCalls).toEqual([]);
    expect(safeStorage.asyncCalls).toEqual([
      'isAsyncEncryptionAvailable',
      'encryptStringAsync',
      'decryptStringAsync',
    ]);
  });

  it('passes on shouldReEncrypt after a key rotation', async () => {
    const { cipher, safeStorage } = await setup('win32');
    const old = await cipher.encrypt('rotated');
    safeStorage.rotateKey();
    expect(await cipher.decrypt(old)).toEqual({ plain: 'rotated', shouldReEncrypt: true });
    expect(await cipher.decrypt(await cipher.encrypt('rotated'))).toEqual({
      plain: 'rotated',
      shouldReEncrypt: false,
    });
  });

  it('is "os" on macOS and Windows and with a Linux keyring', async () => {
    expect(await kindOf('darwin')).toBe('os');
    expect(await kindOf('win32')).toBe('os');
    expect(await kindOf('linux', 'gnome_libsecret')).toBe('os');
    expect(await kindOf('linux', 'kwallet6')).toBe('os');
  });

  it('reports Linux\'s basic_text fallback as "basicText" (still usable, but weak)', async () => {
    const { cipher } = await setup('linux', 'basic_text');
    expect(cipher.kind).toBe('basicText');
    expect((await cipher.decrypt(await cipher.encrypt('s'))).plain).toBe('s');
  });

  it('refuses to work when encryption is unavailable', async () => {
    const { cipher, safeStorage } = await setup('linux');
    safeStorage.available = false;
    expect(await cipher.probe()).toBe('unavailable');
    expect(cipher.kind).toBe('unavailable');
    const refused = expect.objectContaining({ code: 'secretStorageUnavailable' });
    await expect(cipher.encrypt('s')).rejects.toEqual(refused);
    await expect(cipher.decrypt('AAAA')).rejects.toEqual(refused);
  });

  it('is unavailable before the first probe, and does not vouch for an unknown backend', async () => {
    const { safeStorage } = createFakeElectron({ platform: 'darwin' });
    expect(createSafeStorageCipher({ safeStorage, platform: 'darwin' }).kind).toBe('unavailable');
    expect(await kindOf('linux', 'unknown')).toBe('unavailable');
  });

  it('reads the backend live: a keyring that comes up later is used', async () => {
    const { cipher, safeStorage } = await setup('linux', 'basic_text');
    expect(cipher.kind).toBe('basicText');
    safeStorage.backend = 'gnome_libsecret';
    expect(cipher.kind).toBe('os');
  });
});
