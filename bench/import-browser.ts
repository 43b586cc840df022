/**
 * Browser import vs the CLI, side by side in one run: the readable corpus PDFs (every
 * ../shared/corpus/pdfs file but the deliberately bad ones) imported into a fresh library
 * (1) by `paper-review import` as a process and (2) through the web host in Chromium
 * (file picker → parallel uploads → the summary line), alternating for --runs rounds.
 * Not a test: prints one JSON line and a short table. Run: npx tsx bench/import-browser.ts [--runs 2]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from '../test/support/browser';
import { CORPUS_DIR } from '../test/support/corpus';
import { startHostProcess } from '../test/support/host-process';
import { REPO_ROOT, tempDir } from '../test/support/temp';

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

function cliRun(dataDir: string): number {
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), 'import', ...files, '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`cli import failed: ${r.stderr}`);
  return ms;
}

/** From choosing the files to the summary line; the host and page are up before the clock starts. */
async function browserRun(dataDir: string): Promise<{ ms: number; parallel: number }> {
  const host = await startHostProcess(dataDir);
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'No papers yet' }).waitFor({ timeout: 60_000 });
    const parallel = Number(await page.evaluate('Math.min(navigator.hardwareConcurrency || 2, 4)'));
    const start = performance.now();
    await page.getByLabel('PDF files').setInputFiles(files);
    await page.getByText(`Imported ${files.length}, duplicates 0, failed 0.`).waitFor({ timeout: 900_000 });
    return { ms: performance.now() - start, parallel };
  } finally {
    await browser.close();
    await host.stop();
  }
}

const rows: Array<{ round: number; cliMs: number; browserMs: number; parallel: number }> = [];
for (let round = 1; round <= runs; round++) {
  const dir = tempDir('prs-bench-import-');
  try {
    const cliMs = cliRun(join(dir.path, 'cli'));
    const b = await browserRun(join(dir.path, 'browser'));
    rows.push({ round, cliMs, browserMs: b.ms, parallel: b.parallel });
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
  }),
);
console.log(`round  cli s    browser s  uploads at once`);
for (const r of rows)
  console.log(
    `${String(r.round).padEnd(5)}  ${(r.cliMs / 1000).toFixed(1).padStart(6)}  ${(r.browserMs / 1000).toFixed(1).padStart(9)}  ${r.parallel}`,
  );
console.log(`median browser / cli = ${(browser / cli).toFixed(2)}× (goal ≤ 1.3×)`);
