/**
 * The Cipher port over Electron's safeStorage: Keychain, DPAPI, libsecret or
 * kwallet. On Linux without a keyring Chromium falls back to `basic_text`, an
 * obfuscation with a hard-coded key: reported as 'basicText' so the vault can
 * warn or refuse. Cipher texts travel as base64 strings.
 *
 * Only the asynchronous API (isAsyncEncryptionAvailable, encryptStringAsync,
 * decryptStringAsync): Electron 45 deprecates the synchronous calls and 46
 * removes them. decryptStringAsync reads what the synchronous API wrote, and says
 * `shouldReEncrypt` when the key was rotated. Probe after the app is ready:
 * before that, safeStorage reports itself unavailable.
 */
import { AppError } from '../../shared/errors';
import type { Cipher } from '../ports';

/** The part of Electron's safeStorage this uses (no deprecated member, so none can be called). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  getSelectedStorageBackend(): string;
}

export type CipherKind = Exclude<Cipher['kind'], 'test'>;

/** What backs the storage, given whether the async encryptor is available. */
export function safeStorageKind(
  available: boolean,
  backend: string,
  platform: NodeJS.Platform,
): CipherKind {
  if (!available) return 'unavailable';
  if (platform !== 'linux') return 'os';
  switch (backend) {
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
  let available = false;
  const kind = () => safeStorageKind(available, safeStorage.getSelectedStorageBackend(), platform);
  const refuse = () =>
    new AppError('secretStorageUnavailable', 'The system has no secret storage available');

  return {
    // The backend name is read live; availability as last probed (a keyring unlocked late
    // is found by the next probe, which the vault makes before each write).
    get kind() {
      return kind();
    },
    async probe() {
      available = await safeStorage.isAsyncEncryptionAvailable();
      return kind();
    },
    async encrypt(plain) {
      if (kind() === 'unavailable') throw refuse();
      return (await safeStorage.encryptStringAsync(plain)).toString('base64');
    },
    async decrypt(cipherText) {
      if (kind() === 'unavailable') throw refuse();
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
        Buffer.from(cipherText, 'base64'),
      );
      return { plain: result, shouldReEncrypt };
    },
  };
}
