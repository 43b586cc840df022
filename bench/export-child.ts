/**
 * One measurement for bench/export.ts, in its own process (bundled to plain JS with the
 * worker, as the app will ship it, so tsx's loader threads do not count in the RSS):
 *   <dataDir> <format> <outDir> <worker.mjs> [forModel]   one export;
 *   --plain <outDir> <dest>                     a plain write of that export's bytes.
 * The plain write runs in a fresh process of its own, so it is the same after either
 * worker and owes nothing to the export's heap or threads.
 */
import { closeSync, fsyncSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createServices } from '../src/core/services';
import { runExport } from '../src/core/export/run';
import { WRITE_CHUNK } from '../src/core/export/partial-file';
import { setWorkerEntry } from '../src/core/workers';
import type { ExportFormat } from '../src/shared/contract/dataset';

/**
 * The same bytes written sequentially in the exporter's chunk size (WRITE_CHUNK), then
 * fsync. Only the writes and the fsync are timed: reading the export back (page cache) is
 * not work a plain writer does, and counting it would flatter the ratio.
 */
function plainWrite(files: string[], dest: string): number {
  const buf = Buffer.alloc(WRITE_CHUNK);
  let ms = 0;
  for (const [i, f] of files.entries()) {
    const src = openSync(f, 'r');
    const out = openSync(`${dest}.${i}`, 'w');
    let n: number;
    while ((n = readSync(src, buf, 0, buf.length, null)) > 0) {
      const t = performance.now();
      let off = 0;
      while (off < n) off += writeSync(out, buf, off, n - off);
      ms += performance.now() - t;
    }
    const t = performance.now();
    fsyncSync(out);
    closeSync(out);
    ms += performance.now() - t;
    closeSync(src);
    rmSync(`${dest}.${i}`);
  }
  return ms / 1000;
}

const dataFiles = (dir: string) => ['train.jsonl', 'validation.jsonl'].map((f) => join(dir, f));

if (process.argv[2] === '--plain') {
  const [outDir, dest] = process.argv.slice(3) as [string, string];
  process.stdout.write(JSON.stringify({ plainSeconds: plainWrite(dataFiles(outDir), dest) }) + '\n');
} else {
  const [dataDir, format, outDir, workerJs, forModel] = process.argv.slice(2) as [
    string,
    ExportFormat,
    string,
    string,
    string?,
  ];
  setWorkerEntry('export-worker', workerJs);
  const s = createServices({ dataDir, host: 'cli' });
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await runExport(
    { db: s.db, dataDir, schemaVersion: s.schemaVersion },
    { format, outDir, valRatio: 0.1, seed: 0, include: ['all'], ...(forModel ? { forModel } : {}) },
  );
  const exportSeconds = (performance.now() - t0) / 1000;
  // Process-wide (main thread, worker thread, libuv pool): less sensitive to a loaded box than wall time.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const bytes = dataFiles(outDir).reduce((a, f) => a + statSync(f).size, 0);
  await s.close();
  process.stdout.write(
    JSON.stringify({
      format,
      records: r.counts.train + r.counts.validation,
      bytes,
      sha256: r.files
        .filter((f) => f.path.endsWith('.jsonl'))
        .map((f) => f.sha256)
        .join(','),
      exportSeconds,
      cpuSeconds,
      baseRssMb,
      maxRssMb,
    }) + '\n',
  );
}
