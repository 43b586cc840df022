import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { notRegularFile } from './bounded-read';
import { basename, join, resolve } from 'node:path';

export type DatasetFileKind = 'json' | 'jsonl';

const JSONL = /\.(jsonl|ndjson)(\.gz)?$|\.json\.gz$/i;
const JSON_FILE = /\.json$/i;

export function fileKind(file: string): DatasetFileKind | undefined {
  if (JSONL.test(file)) return 'jsonl';
  if (JSON_FILE.test(file)) return 'json';
  return undefined;
}

/**
 * A folder is read recursively for .json / .jsonl / .jsonl.gz files, in name order. Only
 * regular files are taken: a FIFO, device or socket under a dataset name is reported, never
 * opened, and symlinked folders are not followed (a link to a parent would never end).
 */
export function expandDatasetPaths(paths: readonly string[]): Array<{ file: string; error?: string }> {
  const out: Array<{ file: string; error?: string }> = [];
  const take = (file: string, st: Stats) => {
    if (!fileKind(file)) return false;
    out.push(st.isFile() ? { file } : { file, error: notRegularFile(file).message });
    return true;
  };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      const st = statOrNull(full);
      if (!st) continue;
      if (st.isDirectory()) {
        if (!lstatSync(full).isSymbolicLink()) walk(full);
      } else take(full, st);
    }
  };
  for (const p of paths) {
    const full = resolve(p);
    const st = statOrNull(full);
    if (!st) out.push({ file: full, error: 'no such file or folder' });
    else if (st.isDirectory()) walk(full);
    else if (!take(full, st)) out.push({ file: full, error: 'not a .json, .jsonl or .jsonl.gz file' });
  }
  return out;
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** The default source name: the file name without its extensions ("neurips2025-papers-reviews"). */
export function sourceFromFile(file: string): string {
  return basename(file).replace(/(\.(jsonl|ndjson|json))?(\.gz)?$/i, '');
}
