/**
 * TEMPORARY stand-in for src/core/library/pdf until it lands: page count, info title and
 * plain text per page, one body section. Delete when extractor.ts points at the real one.
 */
import '../pdf/polyfill';
import { AppError } from '../../../shared/errors';
import type { ExtractOptions, Extraction } from './extractor';

export async function extractPdf(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<Extraction> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  const task = pdfjs.getDocument({ data: bytes, verbosity: 0 });
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') throw new AppError('encrypted', 'The PDF needs a password.');
    throw new AppError('bad_file', `Not a readable PDF: ${(e as Error).message}`);
  }
  try {
    const info = (await doc.getMetadata()).info as { Title?: string } | undefined;
    const total = Math.min(doc.numPages, opts.maxPages ?? Infinity);
    const pages: string[] = [];
    for (let i = 1; i <= total; i++) {
      if (opts.signal?.aborted) throw new AppError('cancelled', 'Import cancelled.');
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
      opts.onProgress?.(i, total);
    }
    const fullText = pages.join('\n');
    const noText = fullText.trim().length === 0;
    return {
      meta: { title: info?.Title?.trim() || null, authors: [], abstract: null, pages: doc.numPages },
      fullText,
      text: {
        extractorVersion: 'stub-0',
        sections: noText ? [] : [{ heading: '', kind: 'body', text: fullText, pages: [1, total] }],
        captions: [],
        warnings: noText ? [{ code: 'no_text_layer', message: 'The PDF has no text layer (a scan?).' }] : [],
      },
    };
  } finally {
    await task.destroy();
  }
}

export const extractPdfInWorker = extractPdf;
