import { useCallback, useState } from 'react';
import type { ImportResult } from '../../../shared/contract/library';
import { api } from '../../api/client';
import { toBase64 } from './collect-files';

export interface ImportState {
  running: boolean;
  done: number;
  total: number;
  current: string | null;
  results: ImportResult[];
}

const IDLE: ImportState = { running: false, done: 0, total: 0, current: null, results: [] };

/**
 * Imports files picked or dropped in the UI. Works the same in Electron and in a browser:
 * the bytes travel over the contract, one file at a time, so one bad file never stops the
 * batch and progress is exact.
 */
export function useImport(onImported: () => void) {
  const [state, setState] = useState<ImportState>(IDLE);

  const importFiles = useCallback(
    async (files: File[]) => {
      const pdfs = files.filter((f) => /\.pdf$/i.test(f.name) || f.type === 'application/pdf');
      const skipped: ImportResult[] = files
        .filter((f) => !pdfs.includes(f))
        .map((f) => ({
          file: f.name,
          status: 'failed',
          warnings: [],
          error: { code: 'bad_file', message: `${f.name} is not a PDF.` },
        }));
      setState({ running: true, done: 0, total: pdfs.length, current: pdfs[0]?.name ?? null, results: skipped });
      for (const [i, file] of pdfs.entries()) {
        setState((s) => ({ ...s, current: file.name, done: i }));
        let result: ImportResult;
        try {
          const r = await api.importPaperBytes({ fileName: file.name, dataBase64: await toBase64(file) });
          result = r.ok ? r.value : { file: file.name, status: 'failed', warnings: [], error: r.error };
        } catch (e) {
          result = { file: file.name, status: 'failed', warnings: [], error: { code: 'io_error', message: (e as Error).message } };
        }
        setState((s) => ({ ...s, results: [...s.results, result] }));
        if (result.status === 'imported') onImported();
      }
      setState((s) => ({ ...s, running: false, done: pdfs.length, current: null }));
      onImported();
    },
    [onImported],
  );

  /** Desktop app: paths from the native dialog are imported by core, which reports progress. */
  const importPaths = useCallback(
    async (paths: string[]) => {
      if (!paths.length) return;
      const batchId = crypto.randomUUID();
      setState({ running: true, done: 0, total: 0, current: null, results: [] });
      const off = api.on('importProgress', (p) => {
        if (p.batchId !== batchId) return;
        setState((s) => ({ ...s, total: p.total, done: p.index, current: p.file }));
      });
      const r = await api.importPapers({ paths, batchId });
      off();
      const results: ImportResult[] = r.ok
        ? r.value.results
        : [{ file: paths.join(', '), status: 'failed', warnings: [], error: r.error }];
      setState({ running: false, done: results.length, total: results.length, current: null, results });
      onImported();
    },
    [onImported],
  );

  return { state, importFiles, importPaths, dismiss: () => setState(IDLE) };
}
