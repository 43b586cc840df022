import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

/**
 * Where served models' API keys live: never in library.db, so no export, backup of the
 * database or `db` verb ever carries them. Two stores behind one interface: a 0600 file
 * (the CLI and the web host) and, in Electron, the same folder's file of keys encrypted by
 * the OS keychain (safeStorage; encrypted-keys.ts).
 */
export interface KeyStore {
  /** Where the keys are, in words, for the diagnostics and the log. */
  readonly where: string;
  get(modelId: string): string | null;
  /** Stores a model's key; null removes it. */
  set(modelId: string, key: string | null): void;
}

const KeyFile = z.record(z.string(), z.string());

/** The file of keys the desktop app encrypted with the OS keychain (encrypted-keys.ts). */
export const ENCRYPTED_KEYS_FILE = 'server-keys.enc.json';

/** A JSON object of model id → string, written atomically with mode 0600 in a 0700 folder. */
export class SecretMapFile {
  readonly file: string;

  constructor(
    private readonly dir: string,
    name: string,
  ) {
    this.file = join(dir, name);
  }

  read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (e) {
      throw new AppError('io_error', `Cannot read the server keys in ${this.file}: ${(e as Error).message}`);
    }
    const parsed = KeyFile.safeParse(raw);
    if (!parsed.success)
      throw new AppError(
        'io_error',
        `${this.file} is not a JSON object of model id → key; fix or delete it.`,
      );
    return parsed.data;
  }

  write(all: Record<string, string>): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  /** Sets (or, with null, removes) one entry. */
  put(modelId: string, value: string | null): void {
    const all = this.read();
    if (value === null && !(modelId in all)) return;
    if (value === null) delete all[modelId];
    else all[modelId] = value;
    this.write(all);
  }
}

/** The keys in plain text in `<data dir>/secrets/server-keys.json` (0600, folder 0700). */
export class FileKeyStore implements KeyStore {
  static readonly FILE = 'server-keys.json';
  private readonly map: SecretMapFile;
  private readonly sealed: SecretMapFile;

  constructor(dir: string) {
    this.map = new SecretMapFile(dir, FileKeyStore.FILE);
    this.sealed = new SecretMapFile(dir, ENCRYPTED_KEYS_FILE);
  }

  get where(): string {
    return `${this.map.file} (plain text, readable by this user only)`;
  }

  get(modelId: string): string | null {
    const key = this.map.read()[modelId];
    if (key !== undefined) return key;
    // Better than the server's 401 later: say whose key it is and what to do.
    if (this.sealed.read()[modelId] !== undefined)
      throw new AppError(
        'unsupported',
        `The API key of model ${modelId} is encrypted by the desktop app's OS keychain, which only the app can read: draft from the app, or remove the model and add it again here with its key.`,
      );
    return null;
  }

  set(modelId: string, key: string | null): void {
    this.map.put(modelId, key || null);
  }
}
