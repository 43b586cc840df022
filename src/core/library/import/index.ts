import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { AppError } from '../../../shared/errors';
import { MAX_UPLOAD_BYTES, type ImportProgress, type ImportResult } from '../../../shared/contract/library';
import type { Services } from '../../services';
import { getPaper } from '../../store/repos/papers';
import { expandInputs } from './expand';
import { extractPdfInWorker, type ExtractFn } from './extractor';
import { importOne, type ImportSource } from './import-one';
import { pdfPathFor } from './store-file';

export interface ImportOptions {
  /** Echoed in every progress event so a UI can tell its batch from another window's. */
  batchId?: string;
  onProgress?: (p: ImportProgress) => void;
  /** Aborting stops the current extraction; files not yet done are reported as cancelled. */
  signal?: AbortSignal;
  /** Called as each file finishes (the CLI prints results as they come). */
  onResult?: (r: ImportResult, index: number) => void;
  /** Defaults to extraction in a worker thread, keeping the main thread responsive. */
  extract?: ExtractFn;
}

/**
 * Imports files and folders (recursively, *.pdf) one after another — 2-core laptops gain
 * nothing from parallel pdf.js runs, and order keeps progress readable. One result per
 * file, in order; one bad file never stops the batch. Progress goes to `onProgress` and
 * to services.events ('importProgress'); each stored paper emits 'papersChanged'.
 */
export async function importFiles(
  s: Services,
  paths: readonly string[],
  opts: ImportOptions = {},
): Promise<ImportResult[]> {
  const inputs = await expandInputs(paths);
  const sources = inputs.map((input) => ({
    input,
    source: {
      file: input.file,
      fileName: basename(input.file),
      source: `import:${resolve(input.file)}`,
      read: () => readFile(input.file),
    } satisfies ImportSource,
  }));
  return runBatch(s, sources, opts);
}

/** A single browser upload (the web host cannot pass paths). */
export async function importBytes(
  s: Services,
  upload: { fileName: string; bytes: Uint8Array },
  opts: ImportOptions = {},
): Promise<ImportResult> {
  // Only the last path segment is a file name; a browser may send "C:\\fakepath\\x.pdf".
  const fileName = upload.fileName.split(/[\\/]/).pop()?.trim().slice(0, 255) || 'upload.pdf';
  if (upload.bytes.length > MAX_UPLOAD_BYTES) {
    return {
      file: fileName,
      status: 'failed',
      warnings: [],
      error: {
        code: 'invalid_input',
        message: `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it from the desktop app or the CLI instead.`,
      },
    };
  }
  const source: ImportSource = {
    file: fileName,
    fileName,
    source: 'upload',
    read: () => Promise.resolve(upload.bytes),
  };
  const [result] = await runBatch(s, [{ input: { file: fileName }, source }], opts);
  return result as ImportResult;
}

async function runBatch(
  s: Services,
  items: Array<{ input: { file: string; error?: ImportResult['error'] }; source: ImportSource }>,
  opts: ImportOptions,
): Promise<ImportResult[]> {
  const batchId = opts.batchId ?? randomUUID();
  const total = items.length;
  const results: ImportResult[] = [];
  for (const [index, { input, source }] of items.entries()) {
    const progress = (phase: ImportProgress['phase'], page?: { page: number; pages: number }) => {
      const p: ImportProgress = { batchId, index, total, file: input.file, phase, ...page };
      opts.onProgress?.(p);
      s.events.emit('importProgress', p);
    };
    const result: ImportResult = input.error
      ? { file: input.file, status: 'failed', warnings: [], error: input.error }
      : await importOne(source, {
          db: s.db,
          papersDir: s.paths.papers,
          extract: opts.extract ?? extractPdfInWorker,
          ...(opts.signal ? { signal: opts.signal } : {}),
          onPhase: progress,
        });
    results.push(result);
    progress(result.status);
    opts.onResult?.(result, index);
    if (result.status === 'imported' && result.id) s.events.emit('papersChanged', { ids: [result.id] });
  }
  return results;
}

/**
 * The stored PDF of a paper, for the reader (the web host serves it as /papers/<id>.pdf).
 * The id must be a sha256, so no input can point outside papers/. Throws
 * AppError('not_found') for an unknown paper or one without a PDF.
 */
export function paperPdfPath(s: Services, id: string): string {
  if (!/^[0-9a-f]{64}$/.test(id)) throw new AppError('not_found', `No paper with id ${id}.`);
  const paper = getPaper(s.db, id);
  if (!paper) throw new AppError('not_found', `No paper with id ${id}.`);
  const file = pdfPathFor(s.paths.papers, id);
  if (!paper.hasPdf || !existsSync(file))
    throw new AppError('not_found', `Paper ${id} has no PDF in the library.`);
  return file;
}

export type { ImportResult, ImportProgress } from '../../../shared/contract/library';
export type { ExtractFn, Extraction } from './extractor';
export { extractPdfInProcess, extractPdfInWorker } from './extractor';
