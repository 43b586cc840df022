import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiError } from '../../../shared/errors';

/** One file to import, or an input that could not be turned into files (reported as failed). */
export type ImportInput = { file: string } | { file: string; error: ApiError };

const isPdfName = (name: string): boolean => /\.pdf$/i.test(name);

/**
 * Expands the paths a person dropped or typed into files, in a stable order: a file is
 * taken as given (whatever its name: the person chose it), a folder recursively for
 * *.pdf (any case). Hidden entries are skipped — macOS "._x.pdf" resource forks and
 * .Trash folders are not papers — and symlinked folders are followed once (no loops).
 */
export async function expandInputs(paths: readonly string[]): Promise<ImportInput[]> {
  const out: ImportInput[] = [];
  const seenDirs = new Set<string>();
  for (const path of paths) {
    let st;
    try {
      st = await stat(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.push({
        file: path,
        error:
          code === 'ENOENT' || code === 'ENOTDIR'
            ? { code: 'not_found', message: `No such file or folder: ${path}` }
            : { code: 'io_error', message: `Cannot read ${path}: ${(e as Error).message}` },
      });
      continue;
    }
    if (!st.isDirectory()) {
      out.push({ file: path });
      continue;
    }
    const before = out.length;
    await walk(path, out, seenDirs);
    if (out.length === before) {
      out.push({ file: path, error: { code: 'not_found', message: `No PDF files in folder ${path}` } });
    }
  }
  return out;
}

async function walk(dir: string, out: ImportInput[], seen: Set<string>): Promise<void> {
  let real: string;
  let entries;
  try {
    real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    out.push({
      file: dir,
      error: { code: 'io_error', message: `Cannot read folder ${dir}: ${(e as Error).message}` },
    });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const st = await stat(full).catch(() => null);
      isDir = st?.isDirectory() ?? false;
      isFile = st?.isFile() ?? false;
    }
    if (isDir) await walk(full, out, seen);
    else if (isFile && isPdfName(entry.name)) out.push({ file: full });
  }
}
