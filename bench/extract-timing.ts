/**
 * Measuring code shared by the extraction speed benches (extract-phases.ts,
 * extract-pdfium-probe.ts): wall + CPU of an in-process pass, pdftotext's cost read through
 * /usr/bin/time, the pdf.js getTextContent-only pass, and the corpus file list.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPdfjs, openPdf } from './extract-pdfjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const corpusDir = path.resolve(root, '../shared/corpus/pdfs');
export const REPEAT = Number(process.env.REPEAT ?? 3);
export const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export interface Cost {
  wall: number;
  cpu: number;
}

export async function timed(fn: () => Promise<unknown> | unknown): Promise<Cost> {
  const t = performance.now();
  const c = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (d.user + d.system) / 1000 };
}

/** pdf.js opening the file and reading each page; with the operator list when asked. */
export async function pdfjsPass(bytes: Uint8Array, withOpList: boolean): Promise<void> {
  const pdfjs = await loadPdfjs();
  const { doc, close } = await openPdf(bytes);
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    if (withOpList) await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    await page.getTextContent({ disableNormalization: true });
    page.cleanup();
  }
  await close();
}

/** pdftotext's wall time, and its user+system CPU as /usr/bin/time reports it. */
export function pdftotextCost(file: string): Cost {
  const t = performance.now();
  const script = `/usr/bin/time -f '%U %S' pdftotext "$1" /dev/null 2>&1 >/dev/null`;
  const out = execFileSync('/bin/sh', ['-c', script, 'sh', file], { encoding: 'utf8' });
  const wall = performance.now() - t;
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(out);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

/** The corpus PDFs that hold a paper (the bad-* files are error cases). */
export function corpusFiles(): string[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.pdf') && !f.startsWith('bad-'))
    .sort();
}

export const cell = (c: Cost) => `${c.wall.toFixed(0).padStart(6)} (${c.cpu.toFixed(0).padStart(6)})`;

/**
 * Times each pass over every corpus file, side by side in one loop (REPEAT runs a file,
 * medians), prints a row a file and the totals, and returns the totals and the ratios of each
 * pass to the first (pdftotext), wall and CPU.
 */
export async function sideBySide<K extends string>(
  passes: Record<K, (file: string, bytes: Uint8Array) => Promise<Cost> | Cost>,
): Promise<{ total: Record<K, Cost>; wallRatio: Record<K, number>; cpuRatio: Record<K, number> }> {
  const kinds = Object.keys(passes) as K[];
  const total = Object.fromEntries(kinds.map((k) => [k, { wall: 0, cpu: 0 }])) as Record<K, Cost>;
  console.log(`${'file'.padEnd(46)} ${kinds.map((k) => `${k} wall (cpu) ms`.padStart(28)).join('')}`);
  for (const name of corpusFiles()) {
    const file = path.join(corpusDir, name);
    const bytes = new Uint8Array(readFileSync(file));
    const runs = Object.fromEntries(kinds.map((k) => [k, [] as Cost[]])) as Record<K, Cost[]>;
    for (let i = 0; i < REPEAT; i++) for (const k of kinds) runs[k].push(await passes[k](file, bytes));
    const row = kinds.map((k) => {
      const m = { wall: median(runs[k].map((r) => r.wall)), cpu: median(runs[k].map((r) => r.cpu)) };
      total[k].wall += m.wall;
      total[k].cpu += m.cpu;
      return cell(m).padStart(28);
    });
    console.log(`${name.padEnd(46)} ${row.join('')}`);
  }
  console.log(`${'TOTAL'.padEnd(46)} ${kinds.map((k) => cell(total[k]).padStart(28)).join('')}`);
  const base = total[kinds[0]!];
  const ratio = (m: keyof Cost) =>
    Object.fromEntries(kinds.slice(1).map((k) => [k, +(total[k][m] / base[m]).toFixed(2)])) as Record<
      K,
      number
    >;
  return { total, wallRatio: ratio('wall'), cpuRatio: ratio('cpu') };
}
