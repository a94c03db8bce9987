/**
 * The Cipher port over Electron's safeStorage: Keychain, DPAPI, libsecret or
 * kwallet. On Linux without a keyring Chromium falls back to `basic_text`, an
 * obfuscation with a hard-coded key: reported as 'basicText' so the vault can
 * warn or refuse. Cipher texts travel as base64 strings. Create it after the
 * app is ready: before that, safeStorage reports itself unavailable.
 */
import { AppError } from '../../shared/errors';
import type { Cipher } from '../ports';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
}

export type CipherKind = Exclude<Cipher['kind'], 'test'>;

export function safeStorageKind(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
): CipherKind {
  if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
  if (platform !== 'linux') return 'os';
  switch (safeStorage.getSelectedStorageBackend()) {
    case 'basic_text':
      return 'basicText';
    case 'gnome_libsecret':
    case 'kwallet':
    case 'kwallet5':
    case 'kwallet6':
      return 'os';
    default:
      // 'unknown' only happens before app ready: do not claim protection we cannot vouch for.
      return 'unavailable';
  }
}

export function createSafeStorageCipher(opts: {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
}): Cipher {
  const { safeStorage, platform } = opts;
  const usable = () => safeStorageKind(safeStorage, platform) !== 'unavailable';
  const refuse = () =>
    new AppError('secretStorageUnavailable', 'The system has no secret storage available');

  return {
    // Read live: the keyring can come up after start (a late-unlocked login keyring).
    get kind() {
      return safeStorageKind(safeStorage, platform);
    },
    isAvailable: usable,
    encrypt(plain) {
      if (!usable()) throw refuse();
      return safeStorage.encryptString(plain).toString('base64');
    },
    decrypt(cipherText) {
      if (!usable()) throw refuse();
      return safeStorage.decryptString(Buffer.from(cipherText, 'base64'));
    },
  };
}
