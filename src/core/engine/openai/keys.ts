import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';

const KeyFile = z.record(z.string(), z.string());

/**
 * API keys of served models, by model id, in `<data dir>/secrets/server-keys.json` (0600,
 * folder 0700): outside library.db, so no export, backup of the database or `db` verb ever
 * carries them. The Electron shell may later wrap this with safeStorage; the CLI and the
 * web host use it as is.
 */
export class ServerKeys {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, 'server-keys.json');
  }

  get(modelId: string): string | null {
    return this.read()[modelId] ?? null;
  }

  set(modelId: string, key: string | null): void {
    const all = this.read();
    if (key) all[modelId] = key;
    else delete all[modelId];
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  private read(): Record<string, string> {
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
}
