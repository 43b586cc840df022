/**
 * Corpus-wide checks over ../shared/corpus (real papers). Skipped, with a note, in a fresh
 * clone where ../shared is absent.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { extractPdf } from './extract';
import { CORPUS_DIR, HAS_CORPUS } from '../../../../test/support/corpus';
import type { PdfExtraction } from './types';

if (!HAS_CORPUS) console.warn(`corpus tests skipped: ${CORPUS_DIR} is absent (../shared is not checked out)`);

const pdfDir = path.join(CORPUS_DIR, 'pdfs');
const read = (id: string) => new Uint8Array(readFileSync(path.join(pdfDir, `${id}.pdf`)));

describe.skipIf(!HAS_CORPUS)('corpus (../shared/corpus; skipped when ../shared is absent)', () => {
  const good = HAS_CORPUS
    ? readdirSync(pdfDir)
        .filter((f) => f.endsWith('.pdf') && !f.startsWith('bad-'))
        .map((f) => f.replace(/\.pdf$/, ''))
        .sort()
    : [];
  const results = new Map<string, PdfExtraction>();
  beforeAll(async () => {
    for (const id of good) results.set(id, await extractPdf(read(id)));
  }, 300_000);

  it('has the 16 good papers', () => expect(good).toHaveLength(16));

  it.each(good)('%s: title, at least 3 sections, a references section, no hidden text', (id) => {
    const r = results.get(id)!;
    expect(r.meta.title?.length ?? 0).toBeGreaterThan(5);
    expect(r.text.sections.length).toBeGreaterThanOrEqual(3);
    expect(r.text.sections.some((s) => s.kind === 'references' && s.text.length > 500)).toBe(true);
    expect(r.text.warnings.filter((w) => w.code === 'hidden_text')).toEqual([]);
    expect(r.meta.abstract?.length ?? 0).toBeGreaterThan(200);
    // A glyph its font maps nowhere is left out, never passed on as a control code.
    const text = [r.fullText, ...r.text.sections.map((s) => s.text), ...r.text.captions].join('\n');
    expect(text).not.toMatch(/(?![\t\n\r])\p{Cc}/u);
    for (const s of r.text.sections) {
      expect(s.pages[0]).toBeGreaterThanOrEqual(1);
      expect(s.pages[1]).toBeGreaterThanOrEqual(s.pages[0]);
      expect(s.pages[1]).toBeLessThanOrEqual(r.meta.pages);
    }
  });

  it('keeps the French paper’s accents', () => {
    const r = results.get('fr-olap-query-logs')!;
    expect(r.meta.title).toMatch(/Résumés/);
    expect(r.fullText).toMatch(/requêtes/);
    expect(r.fullText).toMatch(/é.*è|è.*é/s);
    expect(r.fullText).not.toMatch(/´e|`e/);
  });

  it('flags the scanned pages as no_text_layer without failing', async () => {
    const r = await extractPdf(read('bad-scanned-zh-book-pages'));
    expect(r.meta.pages).toBe(8);
    expect(r.text.sections).toEqual([]);
    expect(r.text.warnings.map((w) => w.code)).toEqual(['no_text_layer']);
  });

  it('extracts the copy-protected (owner-password) PDF and warns encrypted', async () => {
    const r = await extractPdf(read('bad-encrypted-copy-protected-layoutparser'));
    expect(r.text.warnings.map((w) => w.code)).toEqual(['encrypted']);
    expect(r.meta.title).toMatch(/LayoutParser/);
    expect(r.text.sections.length).toBeGreaterThan(0);
  });

  it('rejects the truncated copy as bad_file', async () => {
    const err = await extractPdf(read('bad-truncated-acl2020-s2orc')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_file');
  });
});
