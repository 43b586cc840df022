import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyCipher } from './encrypted-keys';

/**
 * A stand-in for Electron's safeStorage (the Electron binary cannot run here) that really
 * encrypts: AES-256-GCM under a key only this object holds, as the OS keychain holds its own.
 */
export function aesCipher(available = true, backend = 'gnome_libsecret'): KeyCipher & { rotate(): void } {
  let key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
    rotate() {
      key = randomBytes(32);
    },
  };
}
