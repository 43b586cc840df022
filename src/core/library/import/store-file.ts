import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** papers/<sha256>.pdf: the content-addressed copy the reader and the engine use. */
export function pdfPathFor(papersDir: string, id: string): string {
  return join(papersDir, `${id}.pdf`);
}

/**
 * A copy being written: lives under a temporary name in papers/ (same filesystem, so the
 * rename is atomic) until commit(); discard() removes whatever is left. A crash between
 * the two leaves only a ".tmp" file, which sweepTemp() clears.
 */
export interface PendingCopy {
  commit(): Promise<string>;
  discard(): Promise<void>;
}

export async function writePending(papersDir: string, id: string, bytes: Uint8Array): Promise<PendingCopy> {
  const tmp = join(papersDir, `.${id}.${randomBytes(6).toString('hex')}.tmp`);
  const target = pdfPathFor(papersDir, id);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync(); // the row will point at this file; it must survive a power cut too
  } catch (e) {
    await fh.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  let committed = false;
  return {
    async commit() {
      await rename(tmp, target);
      committed = true;
      return target;
    },
    async discard() {
      if (!committed) await rm(tmp, { force: true });
    },
  };
}

/** Removes temporary copies older than an hour (left by a crash mid-import). */
export async function sweepTemp(papersDir: string, olderThanMs = 3_600_000): Promise<void> {
  const names = await readdir(papersDir).catch(() => [] as string[]);
  const cutoff = Date.now() - olderThanMs;
  for (const name of names) {
    if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
    const full = join(papersDir, name);
    const st = await stat(full).catch(() => null);
    if (st && st.mtimeMs < cutoff) await rm(full, { force: true });
  }
}
