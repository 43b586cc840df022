import { useCallback, useState } from 'react';
import {
  MAX_PARALLEL_UPLOADS,
  type ImportProgress,
  type ImportResult,
} from '../../../shared/contract/library';
import { api } from '../../api/client';
import { toBase64 } from './collect-files';

/** One file of a browser import while it runs: sending, then extracting page by page. */
export interface FileProgress {
  /** Unique per upload (two dropped files may share a name). */
  key: string;
  file: string;
  phase: 'sending' | ImportProgress['phase'];
  page?: number | undefined;
  pages?: number | undefined;
}

export interface ImportState {
  running: boolean;
  done: number;
  total: number;
  /** Files in flight now (several at once in a browser), in the order they started. */
  active: FileProgress[];
  results: ImportResult[];
}

const IDLE: ImportState = { running: false, done: 0, total: 0, active: [], results: [] };

/** How many uploads at once: the machine's cores, at most what the host takes. */
export function uploadParallelism(cores = navigator.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(cores, MAX_PARALLEL_UPLOADS));
}

/** The share of a file done, for the bars: sending ≈ 10 %, then the pages extracted. */
export function fileFraction(f: FileProgress): number {
  if (f.phase === 'sending' || f.phase === 'reading') return 0.05;
  if (f.phase === 'extracting') return f.pages ? 0.1 + (0.9 * (f.page ?? 0)) / f.pages : 0.1;
  return 1;
}

const notPdf = (f: File): ImportResult => ({
  file: f.name,
  status: 'failed',
  warnings: [],
  error: { code: 'bad_file', message: `${f.name} is not a PDF.` },
});

/** Uploads one file with its own batch id, so the host's progress events name it. */
async function uploadOne(file: File, batchId: string): Promise<ImportResult> {
  try {
    const r = await api.importPaperBytes({ fileName: file.name, dataBase64: await toBase64(file), batchId });
    return r.ok ? r.value : { file: file.name, status: 'failed', warnings: [], error: r.error };
  } catch (e) {
    return {
      file: file.name,
      status: 'failed',
      warnings: [],
      error: { code: 'io_error', message: (e as Error).message },
    };
  }
}

/**
 * Imports files picked or dropped in the UI. In a browser the bytes travel over the
 * contract, several files at once (uploadParallelism), each reporting its own progress;
 * one bad file never stops the batch, and the summary says which failed and why. The
 * desktop app hands paths to core instead (importPaths).
 */
export function useImport(onImported: () => void) {
  const [state, setState] = useState<ImportState>(IDLE);

  const importFiles = useCallback(
    async (files: File[]) => {
      const pdfs = files.filter((f) => /\.pdf$/i.test(f.name) || f.type === 'application/pdf');
      const skipped = files.filter((f) => !pdfs.includes(f)).map(notPdf);
      setState({ running: true, done: 0, total: pdfs.length, active: [], results: skipped });
      const off = api.on('importProgress', (p) =>
        setState((s) => ({
          ...s,
          active: s.active.map((a) =>
            a.key === p.batchId ? { ...a, phase: p.phase, page: p.page, pages: p.pages } : a,
          ),
        })),
      );
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < pdfs.length; i = next++) {
          const file = pdfs[i]!;
          const key = crypto.randomUUID();
          setState((s) => ({ ...s, active: [...s.active, { key, file: file.name, phase: 'sending' }] }));
          const result = await uploadOne(file, key);
          setState((s) => ({
            ...s,
            done: s.done + 1,
            active: s.active.filter((a) => a.key !== key),
            results: [...s.results, result],
          }));
          if (result.status === 'imported') onImported();
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(uploadParallelism(), pdfs.length) }, worker));
      } finally {
        off();
      }
      setState((s) => ({ ...s, running: false, active: [] }));
      onImported();
    },
    [onImported],
  );

  /** Desktop app: paths from the native dialog are imported by core, which reports progress. */
  const importPaths = useCallback(
    async (paths: string[]) => {
      if (!paths.length) return;
      const batchId = crypto.randomUUID();
      setState({ running: true, done: 0, total: 0, active: [], results: [] });
      const off = api.on('importProgress', (p) => {
        if (p.batchId !== batchId) return;
        const finished = ['imported', 'duplicate', 'failed'].includes(p.phase);
        setState((s) => ({
          ...s,
          total: p.total,
          done: p.index + (finished ? 1 : 0),
          active: finished
            ? []
            : [{ key: batchId, file: p.file, phase: p.phase, page: p.page, pages: p.pages }],
        }));
      });
      const r = await api.importPapers({ paths, batchId });
      off();
      const results: ImportResult[] = r.ok
        ? r.value.results
        : [{ file: paths.join(', '), status: 'failed', warnings: [], error: r.error }];
      setState({ running: false, done: results.length, total: results.length, active: [], results });
      onImported();
    },
    [onImported],
  );

  return { state, importFiles, importPaths, dismiss: () => setState(IDLE) };
}
