import { describe, expect, it } from 'vitest';
import { createSafeStorageCipher } from '../../main/shell/safe-storage-cipher';
import { createFakeElectron } from '../fakes/electron';

function setup(platform: NodeJS.Platform, backend?: string) {
  const { safeStorage } = createFakeElectron({ platform });
  if (backend) safeStorage.backend = backend;
  return { safeStorage, cipher: createSafeStorageCipher({ safeStorage, platform }) };
}

describe('the safeStorage cipher', () => {
  it('round-trips through base64 cipher text that does not contain the secret', () => {
    const { cipher } = setup('darwin');
    const secret = 'app-secret-密钥-123';
    const sealed = cipher.encrypt(secret);
    expect(sealed).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(sealed, 'base64').toString('utf8')).not.toContain('app-secret');
    expect(cipher.decrypt(sealed)).toBe(secret);
  });

  it('is "os" on macOS and Windows and with a Linux keyring', () => {
    expect(setup('darwin').cipher.kind).toBe('os');
    expect(setup('win32').cipher.kind).toBe('os');
    expect(setup('linux', 'gnome_libsecret').cipher.kind).toBe('os');
    expect(setup('linux', 'kwallet6').cipher.kind).toBe('os');
  });

  it('reports Linux\'s basic_text fallback as "basicText" (still usable, but weak)', () => {
    const { cipher } = setup('linux', 'basic_text');
    expect(cipher.kind).toBe('basicText');
    expect(cipher.isAvailable()).toBe(true);
    expect(cipher.decrypt(cipher.encrypt('s'))).toBe('s');
  });

  it('refuses to work when encryption is unavailable', () => {
    const { cipher, safeStorage } = setup('linux');
    safeStorage.available = false;
    expect(cipher.kind).toBe('unavailable');
    expect(cipher.isAvailable()).toBe(false);
    expect(() => cipher.encrypt('s')).toThrow(
      expect.objectContaining({ code: 'secretStorageUnavailable' }),
    );
    expect(() => cipher.decrypt('AAAA')).toThrow(
      expect.objectContaining({ code: 'secretStorageUnavailable' }),
    );
  });

  it('does not vouch for an unknown Linux backend', () => {
    expect(setup('linux', 'unknown').cipher.kind).toBe('unavailable');
  });

  it('reads the state live: a keyring that comes up later is used', () => {
    const { cipher, safeStorage } = setup('linux', 'basic_text');
    expect(cipher.kind).toBe('basicText');
    safeStorage.backend = 'gnome_libsecret';
    expect(cipher.kind).toBe('os');
  });
});
