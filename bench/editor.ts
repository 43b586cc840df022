/**
 * Keystroke cost in the correction workspace with a 60-page paper open in the reader (corpus
 * pages joined with pdf-lib) and a 10 000-word review (four sections of 2 500 words), in
 * headless Chromium through the real web host. Not a test: prints one
 * JSON line and a table, and writes bench/results/editor-<date>.md.
 * Run (after `npx vite build -c vite.web.config.ts`): npx tsx bench/editor.ts
 *
 * Measured two ways: Chromium's own TaskDuration metric (every main-thread task: handlers,
 * CodeMirror's measure, style, layout, paint, autosave) over the whole typing run divided by
 * the keystrokes; and, per keystroke, Event Timing's handler processing time (keydown,
 * keypress, beforeinput, input, keyup). Entries only exist for events whose duration to the
 * next paint reached 16 ms, which at 60 Hz is nearly all of them (eventSamples says how many).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { fixturePdf } from '../test/support/corpus';
import { importFiles } from '../src/core/library/import';
import { extractPdfInProcess } from '../src/core/library/import/extractor';
import { makePdf } from '../src/core/library/import/pdfs.fixtures';
import { launchBrowser } from '../test/support/browser';
import { startHostProcess } from '../test/support/host-process';
import { tempDir, REPO_ROOT } from '../test/support/temp';
import { createServices } from '../src/core/services';
import { writeSettings } from '../src/core/store/repos/settings';
import { seedDraft } from '../src/core/review/seed.fixtures';

const WORDS_PER_SECTION = 2_500;
const PAGES = 60;
/** Real pages for the reader beside the editor: two corpus papers, 44 + 16 = 60 pages. */
const SOURCES = ['neurips2023-self-refine.pdf', 'iclr2017-sgdr-annotated.pdf'].map(fixturePdf);
const KEYS = 300;
const VOCAB = [
  'model',
  'baseline',
  'ablation',
  'the',
  'results',
  'show',
  'that',
  'graph',
  'attention',
  'claim',
  'novel',
  'evidence',
];

function prose(n: number, seed: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(VOCAB[(i * 7 + seed) % VOCAB.length]! + ((i + 1) % 100 === 0 ? '.\n\n' : ''));
  return out.join(' ');
}

/**
 * Page-side instrumentation (a string: tsx's __name helper does not exist in the page).
 * Event Timing entries give each keystroke's handler time (keydown, keypress, beforeinput,
 * input: processingEnd - processingStart), summed per keystroke.
 */
const INSTRUMENT = `(() => {
  const w = window;
  w.__perKey = [];
  let cur = null;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) {
      if (!['keydown', 'keypress', 'beforeinput', 'input', 'keyup'].includes(e.name)) continue;
      if (e.name === 'keydown') { cur = { t: 0 }; w.__perKey.push(cur); }
      if (cur) cur.t += e.processingEnd - e.processingStart;
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
})()`;

/** A PDF of exactly PAGES pages: corpus pages when the corpus is there, else generated ones. */
async function sixtyPagePdf(file: string): Promise<'corpus' | 'generated'> {
  if (!SOURCES.every(existsSync)) {
    writeFileSync(file, await makePdf({ title: 'Editor bench paper', pages: PAGES }));
    return 'generated';
  }
  const out = await PDFDocument.create();
  out.setTitle('Editor bench paper');
  for (const src of SOURCES) {
    const doc = await PDFDocument.load(readFileSync(src), { ignoreEncryption: true });
    const want = Math.min(doc.getPageCount(), PAGES - out.getPageCount());
    const pages = await out.copyPages(doc, [...Array(want).keys()]);
    for (const p of pages) out.addPage(p);
  }
  writeFileSync(file, await out.save());
  return 'corpus';
}

const dir = tempDir('prs-bench-editor-');
const s = createServices({ dataDir: join(dir.path, 'lib'), host: 'cli' });
writeSettings(s.db, { annotator: 'Bench' });
const pdfFile = join(dir.path, 'sixty-pages.pdf');
const pdfSource = await sixtyPagePdf(pdfFile);
const [imported] = await importFiles(s, [pdfFile], { extract: extractPdfInProcess });
if (imported?.status !== 'imported' || imported.pages !== PAGES)
  throw new Error(`bench paper not imported as ${PAGES} pages: ${JSON.stringify(imported)}`);
const paperId = imported.id!;
const ids = ['significance', 'accept', 'reject', 'suggestions'];
seedDraft(s, paperId, {
  sections: Object.fromEntries(ids.map((id, i) => [id, prose(WORDS_PER_SECTION, i)])),
});
await s.close();

const host = await startHostProcess(join(dir.path, 'lib'));
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${host.url}#/paper/${paperId}`);
  const box = page.getByRole('textbox', { name: 'Significance and novelty', exact: true });
  await box.waitFor({ timeout: 60_000 });
  // The paper open beside the editor: the reader has laid out all its pages and drawn the first.
  const reader = page.getByRole('region', { name: 'PDF reader' });
  await reader
    .getByRole('group', { name: `Page ${PAGES}`, exact: true })
    .waitFor({ state: 'attached', timeout: 60_000 });
  await reader
    .getByRole('group', { name: 'Page 1', exact: true })
    .locator('canvas')
    .waitFor({ timeout: 60_000 });
  await page.evaluate(INSTRUMENT);
  // Type in the middle of the first section: the worst place for a naive editor.
  await box.click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 40; i++) await page.keyboard.press('PageDown');
  const text = 'the baseline comparison is missing here '.repeat(Math.ceil(KEYS / 40)).slice(0, KEYS);
  // Whole main-thread task time (scripts, style, layout, paint, autosave) from Chromium.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const m = (await cdp.send('Performance.getMetrics')).metrics;
    const get = (n: string) => (m.find((x) => x.name === n)?.value ?? 0) * 1000;
    return {
      task: get('TaskDuration'),
      script: get('ScriptDuration'),
      layout: get('LayoutDuration'),
      style: get('RecalcStyleDuration'),
    };
  };
  const m0 = await metric();
  await page.keyboard.type(text, { delay: 40 });
  const m1 = await metric();
  await page.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved' }).waitFor();
  // Event Timing entries arrive after the next paint: wait until (nearly) every keystroke has one.
  await page
    .waitForFunction(
      (n) => ((globalThis as unknown as { __perKey?: unknown[] }).__perKey?.length ?? 0) >= n,
      Math.floor(KEYS * 0.75),
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  const perKey = (await page.evaluate('window.__perKey.map((x) => x.t)')) as number[];
  const xs = [...perKey].sort((a, b) => a - b);
  const pct = (p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const per = (k: keyof typeof m0) => +((m1[k] - m0[k]) / KEYS).toFixed(2);
  // Stored words (the editors render only their viewport, so the DOM holds far fewer).
  const words = (
    (await page.evaluate(
      `fetch('/api/getReview', { method: 'POST', headers: { 'content-type': 'application/json', 'x-prs-token': sessionStorage.getItem('prs-token') }, body: JSON.stringify({ paperId: '${paperId}' }) }).then((r) => r.json())`,
    )) as { value: { sections: Record<string, string> } }
  ).value;
  const storedWords = Object.values(words.sections).reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);
  const result = {
    bench: 'editor-keystroke',
    paperPages: PAGES,
    pdf: pdfSource,
    reviewWords: WORDS_PER_SECTION * ids.length,
    storedWords,
    keystrokes: KEYS,
    mainThreadMsPerKey: per('task'),
    scriptMsPerKey: per('script'),
    layoutMsPerKey: per('layout'),
    styleMsPerKey: per('style'),
    handlerP50Ms: +pct(50).toFixed(2),
    handlerP95Ms: +pct(95).toFixed(2),
    handlerMaxMs: +xs[xs.length - 1]!.toFixed(2),
    eventSamples: xs.length,
    goalMs: 16,
    loadavg: loadavg().map((x) => +x.toFixed(2)),
  };
  console.log(JSON.stringify(result));
  const table = [
    '| metric | value |',
    '| --- | --- |',
    ...Object.entries(result).map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
  console.log(table);
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(join(REPO_ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(REPO_ROOT, 'bench', 'results', `editor-${date}.md`),
    `# Editor keystroke cost (${date})\n\nHeadless Chromium, web host, a ${PAGES}-page paper (${pdfSource} pages) open in the reader beside a ${result.reviewWords}-word review, ${result.keystrokes} keystrokes typed mid-section at 40 ms intervals. mainThreadMsPerKey = Chromium's TaskDuration (all main-thread work: handlers, style, layout, paint, autosave) over the typing, divided by keystrokes; handler percentiles from Event Timing (keydown…keyup processing).\n\n${table}\n\n\`\`\`json\n${JSON.stringify(result)}\n\`\`\`\n`,
  );
} finally {
  await browser.close();
  await host.stop();
  dir.remove();
}
