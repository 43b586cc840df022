/**
 * Browser import vs the CLI, side by side in one run: the readable corpus PDFs (every
 * ../shared/corpus/pdfs file but the deliberately bad ones) imported into a fresh library
 * (1) by `paper-review import` as a process and (2) through the web host in Chromium
 * (file picker → parallel uploads → the summary line), alternating for --runs rounds.
 * Not a test: prints one JSON line and a short table. Run: npx tsx bench/import-browser.ts [--runs 2]
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../test/support/browser';
import { CORPUS_DIR } from '../test/support/corpus';
import { startHostProcess } from '../test/support/host-process';
import { REPO_ROOT, tempDir } from '../test/support/temp';
import { WebSocket } from 'ws';
import { sampleCpu } from './proc-cpu';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
const runs = Math.max(1, Number(values.runs) || 1);
const pdfDir = join(CORPUS_DIR, 'pdfs');
if (!existsSync(pdfDir)) {
  console.log(`skipped: ${pdfDir} is absent (a fresh clone has no ../shared)`);
  process.exit(0);
}
const files = readdirSync(pdfDir)
  .filter((f) => f.endsWith('.pdf') && !f.startsWith('bad-'))
  .sort()
  .map((f) => join(pdfDir, f));

async function cliRun(dataDir: string): Promise<{ ms: number; cpu: Record<string, number> }> {
  const cpu = sampleCpu();
  const start = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'import', ...files, '--data-dir', dataDir],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`cli import failed: ${stderr}`);
  return { ms, cpu: cpu.stop() };
}

const IDLE_MS = 10_000;

/** Per file, from the host's importProgress events: when each phase was first seen (epoch ms). */
type Phases = Map<string, Record<string, number>>;

function watchPhases(hostUrl: string): { phases: Phases; close(): void } {
  const u = new URL(hostUrl);
  const ws = new WebSocket(`ws://${u.host}/events?token=${u.searchParams.get('token')}`);
  const phases: Phases = new Map();
  ws.on('message', (m: Buffer) => {
    const { event, payload } = JSON.parse(m.toString()) as {
      event: string;
      payload: { batchId: string; phase: string };
    };
    if (event !== 'importProgress') return;
    const t = Date.now();
    const rec = phases.get(payload.batchId) ?? {};
    if (payload.phase === 'extracting') rec.lastPage = t;
    rec[payload.phase] ??= t;
    phases.set(payload.batchId, rec);
  });
  return { phases, close: () => ws.close() };
}

/**
 * Sums of per-file phase times (seconds): upload = fetch start → the host has the bytes
 * (its 'reading' event); hash+copy = → 'extracting'; extract = → the last page; store = →
 * the file's result. Uploads are paired with files in arrival order (FIFO), so upload is
 * approximate when several are in flight.
 */
function phaseTotals(phases: Phases, fetches: Array<{ start: number; end: number }>): Record<string, number> {
  const recs = [...phases.values()].sort((a, b) => (a.reading ?? 0) - (b.reading ?? 0));
  const starts = fetches.map((f) => f.start).sort((a, b) => a - b);
  const sum = { upload: 0, hashCopy: 0, extract: 0, store: 0 };
  recs.forEach((r, i) => {
    const done = r.imported ?? r.failed ?? r.duplicate ?? 0;
    if (starts[i] !== undefined && r.reading) sum.upload += r.reading - starts[i]!;
    if (r.extracting && r.reading) sum.hashCopy += r.extracting - r.reading;
    if (r.lastPage && r.extracting) sum.extract += r.lastPage - r.extracting;
    if (done && r.lastPage) sum.store += done - r.lastPage;
  });
  return Object.fromEntries(Object.entries(sum).map(([k, v]) => [k, +(v / 1000).toFixed(1)]));
}

/** From choosing the files to the summary line; the host and page are up before the clock starts. */
async function browserRun(dataDir: string): Promise<{
  ms: number;
  parallel: number;
  cpu: Record<string, number>;
  phases: Record<string, number>;
}> {
  const host = await startHostProcess(dataDir);
  const browser = await launchBrowser();
  const watch = watchPhases(host.url);
  try {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'No papers yet' }).waitFor({ timeout: 60_000 });
    // The same rule as use-import.ts's uploadParallelism: one more than the cores, at most 4.
    const parallel = Number(await page.evaluate('Math.min((navigator.hardwareConcurrency || 2) + 1, 4)'));
    // Chromium's own idle cost on this page, to tell rendering the import from rendering at all.
    const idle = sampleCpu();
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idleCpu = idle.stop();
    const cpu = sampleCpu();
    const start = performance.now();
    await page.getByLabel('PDF files').setInputFiles(files);
    await page.getByText(`Imported ${files.length}, duplicates 0, failed 0.`).waitFor({ timeout: 900_000 });
    const ms = performance.now() - start;
    const used = cpu.stop();
    const fetches = (await page.evaluate(
      `performance.getEntriesByType('resource').filter((e) => /importPaper/.test(e.name)).map((e) => ({ start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.responseEnd }))`,
    )) as Array<{ start: number; end: number }>;
    const chromiumIdle = Object.entries(idleCpu)
      .filter(([k]) => k.startsWith('chromium'))
      .reduce((a, [, v]) => a + v, 0);
    return {
      ms,
      parallel,
      cpu: { ...used, chromiumIdleCpuSPerMin: +((chromiumIdle / IDLE_MS) * 60_000).toFixed(2) },
      phases: phaseTotals(watch.phases, fetches),
    };
  } finally {
    watch.close();
    await browser.close();
    await host.stop();
  }
}

interface Row {
  round: number;
  cliMs: number;
  browserMs: number;
  parallel: number;
  cliCpu: Record<string, number>;
  browserCpu: Record<string, number>;
  phases: Record<string, number>;
}
const rows: Row[] = [];
const loadBefore = loadavg().map((x) => +x.toFixed(2));
for (let round = 1; round <= runs; round++) {
  const dir = tempDir('prs-bench-import-');
  try {
    const c = await cliRun(join(dir.path, 'cli'));
    const b = await browserRun(join(dir.path, 'browser'));
    rows.push({
      round,
      cliMs: c.ms,
      browserMs: b.ms,
      parallel: b.parallel,
      cliCpu: c.cpu,
      browserCpu: b.cpu,
      phases: b.phases,
    });
    console.log(JSON.stringify(rows[rows.length - 1]));
  } finally {
    dir.remove();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cli = median(rows.map((r) => r.cliMs));
const browser = median(rows.map((r) => r.browserMs));
console.log(
  JSON.stringify({
    bench: 'import-browser',
    files: files.length,
    cpus: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    runs: rows.map((r) => ({ ...r, cliMs: Math.round(r.cliMs), browserMs: Math.round(r.browserMs) })),
    medianCliMs: Math.round(cli),
    medianBrowserMs: Math.round(browser),
    ratio: +(browser / cli).toFixed(2),
    loadavgBefore: loadBefore,
    loadavgAfter: loadavg().map((x) => +x.toFixed(2)),
  }),
);
console.log(`round  cli s    browser s  uploads at once`);
for (const r of rows)
  console.log(
    `${String(r.round).padEnd(5)}  ${(r.cliMs / 1000).toFixed(1).padStart(6)}  ${(r.browserMs / 1000).toFixed(1).padStart(9)}  ${r.parallel}`,
  );
console.log(`median browser / cli = ${(browser / cli).toFixed(2)}× (goal ≤ 1.3×)`);
