import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createServices } from '../../services';
import { tempDir } from '../../../../test/support/temp';
import { EncryptedKeyStore, openKeyStore } from './encrypted-keys';
import { aesCipher } from './key-cipher.fixtures';
import { FileKeyStore } from './keys';

const SECRET = 'sk-test-9f8e7d6c5b4a';

describe('API key stores', () => {
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => dir.remove());

  it('keeps keys encrypted by the keychain in a 0600 file where the key text never appears', () => {
    dir = tempDir('prs-keys-');
    const secrets = join(dir.path, 'secrets');
    const { store, fallback } = openKeyStore(secrets, aesCipher());
    expect(fallback).toBeNull();
    expect(store).toBeInstanceOf(EncryptedKeyStore);
    store.set('m1', SECRET);
    expect(store.get('m1')).toBe(SECRET);
    const file = join(secrets, EncryptedKeyStore.FILE);
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(secrets).mode & 0o777).toBe(0o700);
    store.set('m1', null);
    expect(store.get('m1')).toBeNull();
  });

  it('reads a key the CLI stored in the plain file, and moves it into the keychain store when set again', () => {
    dir = tempDir('prs-keys-');
    new FileKeyStore(dir.path).set('m2', 'from-the-cli');
    const { store } = openKeyStore(dir.path, aesCipher());
    expect(store.get('m2')).toBe('from-the-cli');
    store.set('m2', SECRET);
    expect(store.get('m2')).toBe(SECRET);
    expect(JSON.parse(readFileSync(join(dir.path, FileKeyStore.FILE), 'utf8'))).toEqual({});
  });

  it('falls back to the 0600 file where the OS cannot encrypt, and says so', () => {
    dir = tempDir('prs-keys-');
    for (const cipher of [aesCipher(false), aesCipher(true, 'basic_text')]) {
      const { store, fallback } = openKeyStore(dir.path, cipher);
      if (process.platform !== 'linux' && cipher.isEncryptionAvailable()) continue;
      expect(store).toBeInstanceOf(FileKeyStore);
      expect(fallback).toMatch(/^The OS keychain cannot encrypt here .*server-keys\.json \(plain text/);
      store.set('m3', SECRET);
      expect(new FileKeyStore(dir.path).get('m3')).toBe(SECRET);
    }
  });

  it('fails with one line, not garbage, when the keychain can no longer decrypt a key', () => {
    dir = tempDir('prs-keys-');
    const cipher = aesCipher();
    const { store } = openKeyStore(dir.path, cipher);
    store.set('m4', SECRET);
    // The command line, which has no keychain, says whose key it is instead of sending none.
    expect(() => new FileKeyStore(dir.path).get('m4')).toThrow(/encrypted by the desktop app's OS keychain/);
    cipher.rotate();
    let err: unknown;
    try {
      store.get('m4');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/^The API key of model m4 cannot be decrypted .*add it again/);
  });

  it('is the store the engine uses when the shell passes its cipher, and says where the keys are', async () => {
    dir = tempDir('prs-keys-');
    const services = createServices({ dataDir: dir.path, host: 'cli', keyCipher: aesCipher() });
    try {
      const keys = services.engine.models.keys;
      expect(keys).toBeInstanceOf(EncryptedKeyStore);
      // One store for the whole host: drafting and exports (run.ts's ctx.keys) read the same one.
      expect(services.keys).toBe(keys);
      keys?.set('m5', SECRET);
      expect(readFileSync(join(dir.path, 'secrets', EncryptedKeyStore.FILE), 'utf8')).not.toContain(SECRET);
      expect(keys?.where).toMatch(/encrypted by the OS keychain/);
    } finally {
      await services.close();
    }
  });
});
