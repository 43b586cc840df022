/** Paths shared by this folder's tests (kept out of the production modules). */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const fixtureDir = path.join(repoRoot, 'test/fixtures/pdfs');
/** ../shared/corpus next to the checkout; absent in a fresh clone. */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
export const hasCorpus = existsSync(path.join(corpusDir, 'pdfs'));

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(fixtureDir, name)));
}

/** Whitespace-insensitive containment, for checking reading order. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
