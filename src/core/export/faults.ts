/**
 * Where a test injects a failure into an export (kill-worker.fixtures.ts: the worker dies
 * mid-write, as if killed). The app never passes faults: its worker entry (worker.ts) runs
 * writeExport without them, so the shipped path holds only an optional call.
 */
export interface ExportFaults {
  /** After each record is written; `written` counts the records so far (both splits). */
  afterRecord?(written: number): void;
}

/**
 * A worker entry that runs the export with faults (a test's own file, which calls
 * serveExportJob with them), and the plain data it reads them from (it crosses a thread).
 */
export interface FaultyExportWorker {
  entry: string;
  faults: unknown;
}
