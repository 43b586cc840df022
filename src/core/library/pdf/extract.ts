/**
 * extractPdf: bytes in, metadata + sections + captions + warnings out. Pages are read with
 * PDFium one at a time and closed, so a 500-page book stays within memory; layout and section
 * detection run on the small per-page item lists afterwards.
 */
import { AppError } from '../../../shared/errors';
import type { HiddenPassage, PaperSection, TextWarning } from '../../../shared/paper';
import { toBlocks } from './blocks';
import { asHeading, bodyStyle } from './headings';
import { documentGutters, pageLines } from './layout';
import { markFigureText } from './figure-text';
import { moveFloats } from './floats';
import { FURNITURE, splitFootnotes, type FootNote } from './footnotes';
import { repairLineGlyphs } from './glyphs';
import { dropMarginNoise } from './margins';
import { metadata, type InfoDict } from './metadata';
import { openPdfium, PDFIUM_VERSION, type PdfiumDoc } from './pdfium';
import { docFonts, readPdfiumPage, type DocFonts } from './pdfium-page';
import { asidesOf, fullTextOf, toSections, type PlacedNote } from './sections';
import type { ExtractOptions, Line, PageItems, PdfExtraction } from './types';

/** Bump the suffix whenever the output for the same PDF changes (stored per version). */
export const EXTRACTOR_VERSION = `pdfium-${PDFIUM_VERSION}/5`;
export const VERY_LARGE_PAGES = 500;
/** The most pages a PDF may have (thesis-sized books pass; page-count bombs do not). */
export const PAGE_LIMIT = 2000;
/** Fewer visible characters than this per page on average: treat as a scan. */
const MIN_CHARS_PER_PAGE = 20;

function cancelled(): AppError {
  return new AppError('cancelled', 'Extraction was cancelled.');
}

interface PagesRead {
  pages: PageItems[];
  hidden: HiddenPassage[];
  /** arXiv stamps read in the side margins (kept out of the text, reported as venue lines). */
  stamps: string[];
  warnings: TextWarning[];
}

/** Reads pages 1..toRead; a page that fails is skipped with a warning, unless all of them do. */
async function readPages(
  doc: PdfiumDoc,
  shared: DocFonts,
  toRead: number,
  opts: ExtractOptions,
): Promise<PagesRead> {
  const out: PagesRead = { pages: [], hidden: [], stamps: [], warnings: [] };
  let firstFailure: string | null = null;
  for (let n = 1; n <= toRead; n++) {
    if (opts.signal?.aborted) throw cancelled();
    let read;
    try {
      read = await readPdfiumPage(doc, n, shared);
    } catch (e) {
      if (e instanceof AppError) throw e;
      firstFailure ??= `page ${n}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
      // One unreadable page should not cost the whole paper; say so instead.
      out.warnings.push({ code: 'partial_text', message: `Page ${n} could not be read and was skipped.` });
      continue;
    }
    out.hidden.push(...read.hidden);
    out.stamps.push(...read.stamps);
    out.pages.push({ page: read.page, width: read.width, height: read.height, items: read.items });
    opts.onProgress?.(n, toRead);
  }
  if (opts.signal?.aborted) throw cancelled();
  if (!out.pages.length && firstFailure) {
    // Not a scan: nothing could be parsed (deeply nested objects, broken content).
    throw new AppError('bad_file', `No page of the PDF could be read (${firstFailure.slice(0, 120)}).`);
  }
  return out;
}

/** Warnings about the document as a whole (encryption, size, pages left unread, hidden text). */
function documentWarnings(doc: PdfiumDoc, read: PagesRead, toRead: number): TextWarning[] {
  const warnings = read.warnings.slice();
  const total = doc.pageCount;
  if (doc.encrypted) {
    warnings.push({
      code: 'encrypted',
      message:
        'The PDF is encrypted with usage restrictions (no password needed to open it); its text was extracted for review anyway.',
    });
  }
  if (total >= VERY_LARGE_PAGES) {
    warnings.push({
      code: 'very_large',
      message: `Very large PDF (${total} pages); extraction and drafting will be slow.`,
    });
  }
  if (toRead < total) {
    warnings.push({ code: 'partial_text', message: `Only the first ${toRead} of ${total} pages were read.` });
  }
  if (read.hidden.length) {
    warnings.push({
      code: 'hidden_text',
      message: `Hidden text found on ${new Set(read.hidden.map((h) => h.page)).size} page(s) (a possible prompt injection); it was left out of the model input.`,
      passages: read.hidden,
    });
  }
  return warnings;
}

/** Too few visible characters for the page count: a scan without a text layer. */
function isScan(pages: PageItems[]): boolean {
  const visibleChars = pages.reduce((n, p) => n + p.items.reduce((m, it) => m + it.s.trim().length, 0), 0);
  return visibleChars < MIN_CHARS_PER_PAGE * Math.max(1, pages.length) * 0.5 || visibleChars < 20;
}

function scanResult(info: InfoDict, total: number, warnings: TextWarning[]): PdfExtraction {
  warnings.unshift({ code: 'no_text_layer', message: 'No text layer (a scanned PDF?): drafting disabled.' });
  const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
  return {
    meta: { title, authors: [], abstract: null, pages: total },
    text: { extractorVersion: EXTRACTOR_VERSION, sections: [], captions: [], warnings },
    fullText: '',
    asides: [],
  };
}

/** Each note's anchor line as its index in the final line order (floats may have moved lines). */
function placeNotes(notes: FootNote[], lines: Line[]): PlacedNote[] {
  const index = new Map(lines.map((l, i) => [l, i]));
  return notes.map((n) => ({ page: n.page, text: n.text, afterLine: n.anchor && index.get(n.anchor) }));
}

/**
 * Pages to text: margins out, lines in reading order, glyphs repaired, footnotes and venue
 * lines out of the body, floats out of cut words, figure text marked, then blocks, sections
 * and metadata.
 */
function layOut(
  pages: PageItems[],
  info: InfoDict,
  total: number,
  warnings: TextWarning[],
  stamps: string[],
): PdfExtraction {
  // A running header may name the venue ("Published as a conference paper at ICLR 2017").
  const venueHeaders = dropMarginNoise(pages).filter((h) => FURNITURE.test(h));
  const gutters = documentGutters(pages);
  const all: Line[] = pages.flatMap((p, i) => pageLines(p, gutters[i]));
  repairLineGlyphs(all);
  const body = bodyStyle(all);
  const split = splitFootnotes(all, body);
  const lines = moveFloats(split.body, body);
  markFigureText(lines, body);
  const blocks = toBlocks(lines, body);
  const { sections, captions, front } = toSections(blocks);
  const isHeadingLine = (l: Line) => asHeading(l, body) !== null;
  const m = metadata(info, lines, body, pages[0]?.height ?? 792, sections, front, isHeadingLine);
  const out: PaperSection[] = [];
  const frontText = front
    .filter((b) => b.kind === 'para' && b.text.split(/\s+/).length >= 25)
    .map((b) => b.text);
  if (!sections.some((s) => s.kind === 'abstract') && m.abstract) {
    out.push({ heading: 'Abstract', kind: 'abstract', text: m.abstract, pages: [1, 1] });
  } else if (frontText.length && !sections.length) {
    // No headings at all: keep the text as one body section rather than lose it.
    out.push({ heading: '', kind: 'body', text: frontText.join('\n\n'), pages: [1, pages.length] });
  }
  out.push(...sections);
  return {
    meta: { ...m, pages: total, venueLines: [...venueHeaders, ...split.furniture, ...new Set(stamps)] },
    text: {
      extractorVersion: EXTRACTOR_VERSION,
      sections: out,
      captions,
      footnotes: split.notes.map((n) => n.text),
      warnings,
    },
    fullText: fullTextOf(blocks, placeNotes(split.notes, lines)),
    asides: asidesOf(blocks, split.notes),
  };
}

export async function extractPdf(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<PdfExtraction> {
  if (opts.signal?.aborted) throw cancelled();
  const doc = await openPdfium(bytes);
  try {
    const total = doc.pageCount;
    const limit = opts.pageLimit ?? PAGE_LIMIT;
    if (total > limit) {
      throw new AppError(
        'unsupported',
        `The PDF has ${total} pages; at most ${limit} pages can be imported.`,
      );
    }
    const toRead = Math.min(total, Math.max(1, Math.floor(opts.maxPages ?? total)));
    const read = await readPages(doc, docFonts(bytes), toRead, opts);
    const info: InfoDict = { Title: doc.metaText('Title'), Author: doc.metaText('Author') };
    const warnings = documentWarnings(doc, read, toRead);
    if (isScan(read.pages)) return scanResult(info, total, warnings);
    return layOut(read.pages, info, total, warnings, read.stamps);
  } finally {
    doc.close();
  }
}
