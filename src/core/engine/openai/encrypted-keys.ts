import { AppError } from '../../../shared/errors';
import { ENCRYPTED_KEYS_FILE, FileKeyStore, SecretMapFile, type KeyStore } from './keys';

/** The shape of Electron's `safeStorage` (injected: core never imports Electron). */
export interface KeyCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means a hard-coded password, no keyring: not worth more than the 0600 file. */
  getSelectedStorageBackend?(): string;
}

/**
 * The keys encrypted by the OS keychain (Electron's safeStorage: Keychain on macOS, DPAPI on
 * Windows, libsecret/kwallet on Linux) in `<data dir>/secrets/server-keys.enc.json`, base64
 * per model, the file itself 0600 too. Keys the CLI stored in the plain file are still read
 * (the CLI has no keychain), and move into this store, out of the plain file, when set again.
 */
export class EncryptedKeyStore implements KeyStore {
  static readonly FILE = ENCRYPTED_KEYS_FILE;
  private readonly map: SecretMapFile;
  private readonly plain: FileKeyStore;

  constructor(
    dir: string,
    private readonly cipher: KeyCipher,
  ) {
    this.map = new SecretMapFile(dir, EncryptedKeyStore.FILE);
    this.plain = new FileKeyStore(dir);
  }

  get where(): string {
    return `${this.map.file} (encrypted by the OS keychain)`;
  }

  get(modelId: string): string | null {
    const sealed = this.map.read()[modelId];
    if (sealed === undefined) return this.plain.get(modelId);
    try {
      return this.cipher.decryptString(Buffer.from(sealed, 'base64'));
    } catch (e) {
      throw new AppError(
        'io_error',
        `The API key of model ${modelId} cannot be decrypted (${(e as Error).message}): the OS keychain changed; remove the model and add it again with its key.`,
      );
    }
  }

  set(modelId: string, key: string | null): void {
    this.map.put(modelId, key ? this.cipher.encryptString(key).toString('base64') : null);
    // Whatever the key was in plain text is gone once the keychain holds it (or it is removed).
    this.plain.set(modelId, null);
  }
}

/** A data dir's key store, and why it is not the OS keychain where a cipher was given but cannot encrypt. */
export interface OpenedKeyStore {
  store: KeyStore;
  fallback: string | null;
}

/**
 * The key store for a data dir: encrypted where a cipher is given and the OS can encrypt
 * (Electron with a keychain), else the 0600 file. `fallback` says why a cipher was not used
 * (Linux without a keyring), for the log and the engine diagnostics.
 */
export function openKeyStore(dir: string, cipher?: KeyCipher): OpenedKeyStore {
  if (!cipher) return { store: new FileKeyStore(dir), fallback: null };
  const keyring = process.platform !== 'linux' || cipher.getSelectedStorageBackend?.() !== 'basic_text';
  if (cipher.isEncryptionAvailable() && keyring)
    return { store: new EncryptedKeyStore(dir, cipher), fallback: null };
  const store = new FileKeyStore(dir);
  return {
    store,
    fallback: `The OS keychain cannot encrypt here (no keyring service?): API keys of served models are kept in ${store.where}.`,
  };
}
