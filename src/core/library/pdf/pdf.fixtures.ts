/** Test support for this folder's tests (kept out of the production modules). */
import { readFileSync } from 'node:fs';
import { fixturePdf } from '../../../../test/support/corpus';
import type { PdfExtraction } from './types';

/** The bytes of a fixture PDF (test/fixtures/pdfs, else the shared corpus). */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePdf(name)));
}

/** Whitespace-insensitive containment, for checking reading order. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The sections' text, whitespace squashed, one section a line: what the model reads. */
export const bodyOf = (r: PdfExtraction): string => r.text.sections.map((s) => squash(s.text)).join('\n');
