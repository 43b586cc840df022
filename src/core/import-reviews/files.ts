import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export type DatasetFileKind = 'json' | 'jsonl';

const JSONL = /\.(jsonl|ndjson)(\.gz)?$|\.json\.gz$/i;
const JSON_FILE = /\.json$/i;

export function fileKind(file: string): DatasetFileKind | undefined {
  if (JSONL.test(file)) return 'jsonl';
  if (JSON_FILE.test(file)) return 'json';
  return undefined;
}

/** A folder is read recursively for .json / .jsonl / .jsonl.gz files, in name order. */
export function expandDatasetPaths(paths: readonly string[]): Array<{ file: string; error?: string }> {
  const out: Array<{ file: string; error?: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (fileKind(full)) out.push({ file: full });
    }
  };
  for (const p of paths) {
    const full = resolve(p);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      out.push({ file: full, error: 'no such file or folder' });
      continue;
    }
    if (isDir) walk(full);
    else if (fileKind(full)) out.push({ file: full });
    else out.push({ file: full, error: 'not a .json, .jsonl or .jsonl.gz file' });
  }
  return out;
}

/** The default source name: the file name without its extensions ("neurips2025-papers-reviews"). */
export function sourceFromFile(file: string): string {
  return basename(file).replace(/(\.(jsonl|ndjson|json))?(\.gz)?$/i, '');
}
