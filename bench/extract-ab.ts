/**
 * Two extractors timed side by side in one process, for a change too small for bench/extract's
 * run-to-run noise (±30% per file on a 2-core box): `npx tsx bench/extract-ab.ts <other
 * checkout>` loads that checkout's extractPdf and this one's, reads every readable corpus paper
 * with each in turn (which goes first alternates by round), 7 rounds, and prints the sums of
 * the per-file medians and their ratio (this ÷ other).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPdf } from '../src/core/library/pdf/extract';

type Extract = typeof extractPdf;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pdfs = path.resolve(root, '../shared/corpus/pdfs');
const ROUNDS = 7;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const otherRoot = process.argv[2];
  if (!otherRoot) throw new Error('usage: npx tsx bench/extract-ab.ts <other checkout>');
  if (!existsSync(pdfs)) {
    console.log(`skipped: ${pdfs} is absent (../shared is not checked out)`);
    return;
  }
  const other = (await import(path.resolve(otherRoot, 'src/core/library/pdf/extract.ts'))) as {
    extractPdf: Extract;
  };
  const files = readdirSync(pdfs).filter((f) => f.endsWith('.pdf') && !f.startsWith('bad-'));
  const bytes = files.map((f) => new Uint8Array(readFileSync(path.join(pdfs, f))));
  const sides: [Extract, number[][]][] = [
    [other.extractPdf, files.map(() => [])],
    [extractPdf, files.map(() => [])],
  ];
  for (const b of bytes) for (const [run] of sides) await run(b); // both warm
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, b] of bytes.entries()) {
      for (const [run, times] of r % 2 ? sides.slice().reverse() : sides) {
        const t = performance.now();
        await run(b);
        times[i]!.push(performance.now() - t);
      }
    }
  }
  const [a, b] = sides.map(([, times]) => times.reduce((s, x) => s + median(x), 0));
  console.log(`other ${a!.toFixed(0)} ms, this ${b!.toFixed(0)} ms, this ÷ other ${(b! / a!).toFixed(3)}`);
}

await main();
