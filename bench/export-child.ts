/**
 * One measured export for bench/export.ts, run in its own process (bundled to plain JS with
 * the worker, as the app will ship it, so tsx's loader threads do not count in the RSS):
 * the export, then a plain sequential copy of the same bytes in the same process.
 */
import { closeSync, fsyncSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../src/core/services';
import { runExport } from '../src/core/export/run';
import { setExportWorkerPath } from '../src/core/export/worker-path';
import type { ExportFormat } from '../src/shared/contract/dataset';

/** The same bytes copied sequentially: 1 MiB reads and writes, then fsync. */
function plainWrite(files: string[], dest: string): number {
  const t0 = performance.now();
  const buf = Buffer.alloc(1 << 20);
  for (const [i, f] of files.entries()) {
    const src = openSync(f, 'r');
    const out = openSync(`${dest}.${i}`, 'w');
    let n: number;
    while ((n = readSync(src, buf, 0, buf.length, null)) > 0) writeSync(out, buf, 0, n);
    fsyncSync(out);
    closeSync(out);
    closeSync(src);
  }
  return (performance.now() - t0) / 1000;
}

const [dataDir, format, outDir, workerJs] = process.argv.slice(2) as [string, ExportFormat, string, string];
setExportWorkerPath(workerJs);
const s = createServices({ dataDir, host: 'cli' });
const baseRssMb = process.memoryUsage().rss / 2 ** 20;
const t0 = performance.now();
const r = await runExport(
  { db: s.db, dataDir, schemaVersion: s.schemaVersion },
  { format, outDir, valRatio: 0.1, seed: 0, include: ['all'] },
);
const exportSeconds = (performance.now() - t0) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;
const dataFiles = ['train.jsonl', 'validation.jsonl'].map((f) => join(outDir, f));
const bytes = dataFiles.reduce((a, f) => a + statSync(f).size, 0);
const plainSeconds = plainWrite(dataFiles, join(outDir, '..', `plain-${format}`));
await s.close();
process.stdout.write(
  JSON.stringify({
    format,
    records: r.counts.train + r.counts.validation,
    bytes,
    exportSeconds,
    plainSeconds,
    baseRssMb,
    maxRssMb,
  }) + '\n',
);
