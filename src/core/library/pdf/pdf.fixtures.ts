/** Test support for this folder's tests (kept out of the production modules). */
import { readFileSync } from 'node:fs';
import { fixturePdf } from '../../../../test/support/corpus';

/** The bytes of a fixture PDF (test/fixtures/pdfs, else the shared corpus). */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePdf(name)));
}

/** Whitespace-insensitive containment, for checking reading order. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
