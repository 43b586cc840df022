import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../store/open';
import { fsyncDir, processAlive } from '../../durable-fs';

/** papers/<sha256>.pdf: the content-addressed copy the reader and the engine use. */
export function pdfPathFor(papersDir: string, id: string): string {
  return join(papersDir, `${id}.pdf`);
}

/**
 * A copy being written: lives under a temporary name in papers/ (same filesystem, so the
 * rename is atomic) until commit(); discard() removes whatever is left. The order that
 * survives a kill at any point is: write + fsync the temporary copy, commit the row, then
 * commit() the file. A crash before the row leaves a temporary file of a dead process; a
 * crash after it leaves a row whose file still has its temporary name. recoverPaperFiles()
 * at the next start removes the first and renames the second, so papers/<id>.pdf exists
 * exactly when its row does.
 */
export interface PendingCopy {
  commit(): Promise<string>;
  discard(): Promise<void>;
}

/** ".<sha256>.<pid>.<random>.tmp": the writer's pid tells a live import from a crashed one. */
const TEMP_NAME = /^\.([0-9a-f]{64})\.(\d+)\.[0-9a-f]+\.tmp$/;
const PAPER_NAME = /^([0-9a-f]{64})\.pdf$/;
/** A temporary copy this old is stale whoever wrote it (one import never takes an hour). */
const STALE_MS = 3_600_000;

export async function writePending(papersDir: string, id: string, bytes: Uint8Array): Promise<PendingCopy> {
  const tmp = join(papersDir, `.${id}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
  let settled = false;
  return {
    async commit() {
      // From here the temporary copy belongs to the committed row: even if the rename fails,
      // it stays for recoverPaperFiles() instead of being discarded.
      settled = true;
      try {
        await rename(tmp, target);
      } catch (e) {
        // Another process's recovery sweep may have renamed it for us.
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(target)) throw e;
      }
      fsyncDir(papersDir);
      return target;
    },
    async discard() {
      if (!settled) await rm(tmp, { force: true });
    },
  };
}

export interface PaperFileRecovery {
  /** Temporary copies whose row had committed, renamed into place. */
  renamed: string[];
  /** Temporary copies of dead imports and PDFs without a row, removed. */
  removed: string[];
}

/**
 * Repairs papers/ after a crash (run when a process opens the library): a temporary copy
 * whose row committed is renamed into place; one of a dead or stale import, and a
 * papers/<id>.pdf that no row names, are removed. Work of a live import in another process
 * (same library, e.g. the CLI beside the app) is left alone: its copy has no row yet and
 * its pid still runs, and its final file appears only after its row.
 */
export function recoverPaperFiles(db: Db, papersDir: string, now = Date.now()): PaperFileRecovery {
  const out: PaperFileRecovery = { renamed: [], removed: [] };
  let names: string[];
  try {
    names = readdirSync(papersDir);
  } catch {
    return out;
  }
  const hasRow = db.prepare('SELECT 1 FROM papers WHERE id = ?').pluck();
  const known = (id: string) => hasRow.get(id) !== undefined;
  const remove = (name: string) => {
    rmSync(join(papersDir, name), { force: true });
    out.removed.push(name);
  };
  for (const name of names) {
    const paper = PAPER_NAME.exec(name);
    if (paper) {
      if (!known(paper[1] as string)) remove(name);
      continue;
    }
    if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
    const temp = TEMP_NAME.exec(name);
    const full = join(papersDir, name);
    const id = temp?.[1];
    if (id && known(id) && !existsSync(pdfPathFor(papersDir, id))) {
      renameSync(full, pdfPathFor(papersDir, id));
      out.renamed.push(name);
      continue;
    }
    const writerGone = temp ? !processAlive(Number(temp[2])) : false;
    const mtime = statSafe(full);
    if (mtime === null) continue;
    if (writerGone || now - mtime > STALE_MS) remove(name);
  }
  if (out.renamed.length || out.removed.length) fsyncDir(papersDir);
  return out;
}

function statSafe(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
