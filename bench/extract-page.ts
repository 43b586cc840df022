/**
 * One page, ours against both pdftotext orders, for a human look at reading-order differences
 * (run: npx tsx bench/extract-page.ts file.pdf PAGE). Prints our body lines for the page in
 * reading order, tagged with their column (L/R/F/S) and font size, then the footnotes we took
 * out of it; then pdftotext's page (-layout off) and `pdftotext -raw`'s page as words, each
 * [bracketed] where our page text does not have it in order (the same LCS as extract-metrics).
 * Render the page beside it: pdftoppm -r 60 -f P -l P -png file.pdf /tmp/page.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { diffArrays } from 'diff';
import { bodyStyle } from '../src/core/library/pdf/headings';
import { documentGutters, pageLines } from '../src/core/library/pdf/layout';
import { moveFloats } from '../src/core/library/pdf/floats';
import { splitFootnotes } from '../src/core/library/pdf/footnotes';
import { repairLineGlyphs } from '../src/core/library/pdf/glyphs';
import { dropMarginNoise } from '../src/core/library/pdf/margins';
import { openPdfium } from '../src/core/library/pdf/pdfium';
import { docFonts, readPdfiumPage } from '../src/core/library/pdf/pdfium-page';
import type { PageItems } from '../src/core/library/pdf/types';
import { joinSmallCaps, words, withoutMargins } from './extract-metrics';

const [fileArg, pageArg] = process.argv.slice(2);
if (!fileArg || !pageArg) throw new Error('usage: npx tsx bench/extract-page.ts file.pdf PAGE');
const file: string = fileArg;
const page = Number(pageArg);

const bytes = new Uint8Array(readFileSync(file));
const doc = await openPdfium(bytes);
const shared = docFonts(bytes);
const pages: PageItems[] = [];
for (let n = 1; n <= doc.pageCount; n++) {
  const r = await readPdfiumPage(doc, n, shared);
  pages.push({ page: r.page, width: r.width, height: r.height, items: r.items });
}
doc.close();
// The same stages as extract.ts's layOut, up to the body lines.
dropMarginNoise(pages);
const gutters = documentGutters(pages);
const all = pages.flatMap((p, i) => pageLines(p, gutters[i]));
repairLineGlyphs(all);
const body = bodyStyle(all);
const split = splitFootnotes(all, body);
const lines = moveFloats(split.body, body).filter((l) => l.page === page);
const g = gutters[page - 1];
console.log(
  `# ours, page ${page} (gutter ${g ? `x=${g.x.toFixed(0)} strip ${g.strip}` : 'none'}; body ${body.fs}pt)`,
);
for (const l of lines)
  console.log(`${l.col} ${l.fs.toFixed(1).padStart(4)} y${l.y.toFixed(0).padStart(4)} | ${l.text}`);
for (const n of split.notes.filter((x) => x.page === page)) console.log(`NOTE | ${n.text}`);
const ours = words(joinSmallCaps(lines.map((l) => l.text).join('\n')));

function marked(args: string[]): string {
  const all = execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
  const ref = words(joinSmallCaps(withoutMargins(all).split('\f')[page - 1] ?? ''));
  const out: string[] = [];
  let kept = 0;
  for (const part of diffArrays(ref, ours)) {
    if (part.added) continue;
    if (!part.removed) kept += part.value.length;
    out.push(...part.value.map((w) => (part.removed ? `[${w}]` : w)));
  }
  return `in-order ${(kept / Math.max(1, ref.length)).toFixed(3)} of ${ref.length} words\n${out.join(' ')}`;
}
console.log(`\n# pdftotext, page ${page}: ${marked([])}`);
console.log(`\n# pdftotext -raw, page ${page}: ${marked(['-raw'])}`);
