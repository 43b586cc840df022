import { useCallback, useMemo } from 'react';
import {
  MAX_PARALLEL_UPLOADS,
  type ImportProgress,
  type ImportResult,
} from '../../../shared/contract/library';
import { api } from '../../api/client';
import { Store, useStore } from './import-store';

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

/**
 * How many uploads at once: one more than the machine's cores (the host extracts at most
 * one file per core; the extra file's bytes are already there when a slot frees, so no
 * extraction waits on an upload), at most what the host takes.
 */
export function uploadParallelism(cores = navigator.hardwareConcurrency || 2): number {
  return Math.max(1, Math.min(cores + 1, MAX_PARALLEL_UPLOADS));
}

/** Progress events are folded into one re-render per this many ms (pages come much faster). */
const PROGRESS_MS = 500;

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
    // Raw bytes: the web host takes them as the request body, Electron over IPC as they are.
    const data = new Uint8Array(await file.arrayBuffer());
    const r = await api.importPaperBytes({ fileName: file.name, data, batchId });
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
 * importProgress events, the latest per upload, handed over at most every PROGRESS_MS: a
 * file reports up to ten pages a second, and each report re-rendering the library page
 * cost the browser more CPU than the upload itself. Returns the unsubscribe.
 */
function onProgressThrottled(apply: (batch: Map<string, ImportProgress>) => void): () => void {
  let pending = new Map<string, ImportProgress>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = new Map();
    if (batch.size) apply(batch);
  };
  const off = api.on('importProgress', (p) => {
    pending.set(p.batchId, p);
    timer ??= setTimeout(flush, PROGRESS_MS);
  });
  return () => {
    off();
    if (timer) clearTimeout(timer);
  };
}

/**
 * Imports files picked or dropped in the UI. In a browser the bytes travel over the
 * contract, several files at once (uploadParallelism), each reporting its own progress;
 * one bad file never stops the batch, and the summary says which failed and why. The
 * desktop app hands paths to core instead (importPaths).
 */
export function useImport(onImported: () => void) {
  // Progress lives in a store: the import panel subscribes to all of it, the page only to `running`.
  const store = useMemo(() => new Store<ImportState>(IDLE), []);
  const setState = store.set;
  const running = useStore(store, (s) => s.running);

  const importFiles = useCallback(
    async (files: File[]) => {
      const pdfs = files.filter((f) => /\.pdf$/i.test(f.name) || f.type === 'application/pdf');
      const skipped = files.filter((f) => !pdfs.includes(f)).map(notPdf);
      setState({ running: true, done: 0, total: pdfs.length, active: [], results: skipped });
      const off = onProgressThrottled((batch) =>
        setState((s) => ({
          ...s,
          active: s.active.map((a) => {
            const p = batch.get(a.key);
            return p ? { ...a, phase: p.phase, page: p.page, pages: p.pages } : a;
          }),
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
          // The list refreshes on the host's papersChanged; once more at the end, below.
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
    [onImported, setState],
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
    [onImported, setState],
  );

  return { store, running, importFiles, importPaths, dismiss: () => setState(IDLE) };
}
