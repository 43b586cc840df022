import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { AppError } from '../../../shared/errors';
import { encryptedPdf } from '../../../../test/support/encrypted-pdf';
import { extractPdf } from './extract';
import { fixture } from './pdf.fixtures';

async function codeOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    // One line for people, no stack trace or internals.
    expect(err.message).not.toMatch(/\n|at .*\(|Exception/);
    return { code: err.code, message: err.message };
  }
  throw new Error('expected a rejection');
}

describe('extractPdf: input it cannot read', () => {
  it('rejects zero bytes as bad_file', async () => {
    expect(await codeOf(extractPdf(new Uint8Array(0)))).toEqual({
      code: 'bad_file',
      message: 'The file is empty (0 bytes).',
    });
  });

  it('rejects random bytes and other file types as bad_file', async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) & 255);
    expect((await codeOf(extractPdf(random))).code).toBe('bad_file');
    expect((await codeOf(extractPdf(new TextEncoder().encode('<html>not a pdf</html>')))).code).toBe(
      'bad_file',
    );
  });

  it('rejects a truncated PDF (no xref, no trailer) as bad_file', async () => {
    const r = await codeOf(extractPdf(fixture('bad-truncated-acl2020-s2orc.pdf')));
    expect(r.code).toBe('bad_file');
    expect(r.message).toMatch(/damaged|truncated|cannot be read/);
  });

  it('rejects a PDF that needs a user password as encrypted', async () => {
    const r = await codeOf(extractPdf(encryptedPdf()));
    expect(r.code).toBe('encrypted');
    expect(r.message).toMatch(/password/);
  });

  it('leaves the caller’s bytes intact (pdf.js may detach what it is given)', async () => {
    const bytes = fixture('iclr2017-gcrn.pdf');
    await extractPdf(bytes, { maxPages: 1 });
    expect(bytes.length).toBeGreaterThan(100_000);
  });

  it('stops with cancelled when aborted, and reports progress per page until then', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const p = extractPdf(fixture('iclr2017-gcrn.pdf'), {
      signal: ac.signal,
      onProgress: (page) => {
        seen.push(page);
        if (page === 2) ac.abort();
      },
    });
    expect((await codeOf(p)).code).toBe('cancelled');
    expect(seen).toEqual([1, 2]);
  });

  it('reads only maxPages pages and says so', async () => {
    const r = await extractPdf(fixture('iclr2017-gcrn.pdf'), { maxPages: 2 });
    expect(r.meta.pages).toBe(6);
    expect(r.text.warnings.map((w) => w.code)).toContain('partial_text');
  });

  it('treats a PDF without any text as a scan: no error, no sections, no_text_layer', async () => {
    const doc = await PDFDocument.create();
    for (let i = 0; i < 3; i++) doc.addPage().drawRectangle({ x: 50, y: 50, width: 300, height: 400 });
    const r = await extractPdf(await doc.save());
    expect(r.meta.pages).toBe(3);
    expect(r.text.sections).toEqual([]);
    expect(r.text.warnings[0]?.code).toBe('no_text_layer');
    expect(r.text.warnings[0]?.message).toMatch(/no text layer.*drafting disabled/i);
  });

  it('handles a very large PDF page by page and warns very_large', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let i = 0; i < 520; i++) {
      const page = doc.addPage([612, 792]);
      page.drawText(`Page ${i + 1} of a long report about graph learning and its many uses.`, {
        x: 72,
        y: 700,
        size: 10,
        font,
      });
    }
    let last = 0;
    const r = await extractPdf(await doc.save(), { onProgress: (p) => (last = p) });
    expect(last).toBe(520);
    expect(r.meta.pages).toBe(520);
    expect(r.text.warnings.map((w) => w.code)).toContain('very_large');
  }, 120_000);
});
