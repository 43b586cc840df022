import { venueAndYear } from '../venue';
import { createHash } from 'node:crypto';
import { AppError, toApiError, type ApiError } from '../../../shared/errors';
import type { ImportProgress, ImportResult } from '../../../shared/contract/library';
import { cleanText } from '../../../shared/clean-text';
import type { TextWarning } from '../../../shared/paper';
import type { Db } from '../../store/open';
import { getLatestPaperText, getPaper, insertPaper, savePaperText } from '../../store/repos/papers';
import { cleanPaperText } from '../clean-paper-text';
import type { ExtractFn } from './extractor';
import { writePending } from './store-file';

/** One file to import, wherever its bytes come from (a path, a browser upload). */
export interface ImportSource {
  /** How the file is named in results and progress (the path as given, or the upload name). */
  file: string;
  /** The original file name, kept on the paper. */
  fileName: string;
  /** Where it came from, stored on the paper (e.g. "import:/home/me/papers/x.pdf"). */
  source: string;
  read(): Promise<Uint8Array>;
}

export interface ImportOneContext {
  db: Db;
  papersDir: string;
  extract: ExtractFn;
  signal?: AbortSignal;
  onPhase(phase: ImportProgress['phase'], page?: { page: number; pages: number }): void;
}

const PDF_MAGIC = Buffer.from('%PDF-');

/**
 * Imports one file: never throws, always returns a result. A file that fails leaves
 * nothing behind: the copy is written under a temporary name and only renamed into
 * papers/ once its row is committed, and removed if the row cannot be stored.
 */
export async function importOne(src: ImportSource, ctx: ImportOneContext): Promise<ImportResult> {
  try {
    checkAborted(ctx.signal);
    ctx.onPhase('reading');
    const bytes = await readSource(src);
    checkLooksLikePdf(bytes);
    const id = createHash('sha256').update(bytes).digest('hex');
    const existing = duplicateOf(ctx.db, id, src.file);
    if (existing) return existing;

    const pending = await writePending(ctx.papersDir, id, bytes);
    try {
      ctx.onPhase('extracting');
      const ex = await extract(ctx, bytes);
      checkAborted(ctx.signal);
      // Another import (a second window, the CLI) may have stored the same bytes meanwhile.
      const raced = duplicateOf(ctx.db, id, src.file);
      if (raced) return raced;
      // Cleaned once, here, before anything is stored (CLEAN_TEXT_RULE; the text's version says so).
      const text = cleanPaperText(ex.text);
      const title =
        cleanText(ex.meta.title ?? '', { singleLine: true }) || src.fileName.replace(/\.pdf$/i, '');
      const abstract = cleanText(ex.meta.abstract ?? '') || null;
      const fullText = cleanText(ex.fullText);
      try {
        ctx.db.transaction(() => {
          insertPaper(ctx.db, {
            id,
            title,
            authors: ex.meta.authors.map((a) => cleanText(a, { singleLine: true })).filter(Boolean),
            abstract,
            pages: ex.meta.pages,
            fileName: src.fileName,
            hasPdf: true,
            source: src.source,
            // The venue lines are page furniture the extractor keeps out of the text; read them
            // first, as one line (a venue's year is often on the line after its name).
            ...venueAndYear([(ex.meta.venueLines ?? []).join(' '), fullText].join('\n')),
          });
          savePaperText(ctx.db, id, text, fullText);
        })();
      } catch (e) {
        // A concurrent import (another window, the CLI) committed the same paper first; its
        // own copy becomes papers/<id>.pdf, this one is discarded below.
        if (e instanceof AppError && e.code === 'conflict')
          return duplicateOf(ctx.db, id, src.file) ?? failed(src, toApiError(e));
        throw e;
      }
      // Row first, file second (see PendingCopy): a kill in between is repaired at the next start.
      await pending.commit();
      return {
        file: src.file,
        status: 'imported',
        id,
        title,
        pages: ex.meta.pages,
        warnings: brief(text.warnings),
      };
    } finally {
      await pending.discard();
    }
  } catch (e) {
    return failed(src, toApiError(e));
  }
}

function failed(src: ImportSource, error: ApiError): ImportResult {
  return { file: src.file, status: 'failed', warnings: [], error };
}

function duplicateOf(db: Db, id: string, file: string): ImportResult | null {
  const paper = getPaper(db, id);
  if (!paper) return null;
  const text = getLatestPaperText(db, id);
  return {
    file,
    status: 'duplicate',
    id,
    title: paper.title,
    ...(paper.pages !== null ? { pages: paper.pages } : {}),
    warnings: brief(text?.warnings ?? []),
  };
}

/** Results carry codes and messages; hidden passages stay with the paper (getPaper). */
function brief(warnings: TextWarning[]): ImportResult['warnings'] {
  return warnings.map((w) => ({ code: w.code, message: w.message }));
}

async function readSource(src: ImportSource): Promise<Uint8Array> {
  try {
    const bytes = await src.read();
    // pdf.js refuses Node Buffers; a plain view over the same memory costs no copy.
    return Buffer.isBuffer(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not_found', `No such file: ${src.file}`);
    if (code === 'EISDIR') throw new AppError('bad_file', `${src.file} is a folder, not a PDF.`);
    throw new AppError('io_error', `Cannot read ${src.file}: ${(e as Error).message}`);
  }
}

// A cheap check before hashing and copying, with a message that says what is wrong.
function checkLooksLikePdf(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new AppError('bad_file', 'The file is empty (0 bytes).');
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024));
  if (head.indexOf(PDF_MAGIC) < 0) {
    throw new AppError('bad_file', 'Not a PDF: the file has no %PDF- header.');
  }
}

async function extract(ctx: ImportOneContext, bytes: Uint8Array) {
  let last = 0;
  try {
    return await ctx.extract(bytes, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onProgress: (page, pages) => {
        // At most ~10 progress events a second, plus the last page.
        const t = Date.now();
        if (page === pages || t - last >= 100) {
          last = t;
          ctx.onPhase('extracting', { page, pages });
        }
      },
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (ctx.signal?.aborted) throw new AppError('cancelled', 'Import cancelled.');
    // pdf.js's own errors (InvalidPDFException, ...) mean the file is unreadable.
    throw new AppError('bad_file', `Cannot read the PDF: ${(e as Error).message}`);
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled', 'Import cancelled.');
}
