import { importReviews } from '../../core/import-reviews';
import { stringOption, UsageError, type Verb } from '../verb';

export const importReviewsVerb: Verb = {
  name: 'import-reviews',
  summary:
    'Import review datasets: corpus review JSON (matched to imported PDFs) or JSON Lines papers with reviews (.jsonl[.gz]).',
  args: '<file|dir>...',
  options: {
    source: {
      type: 'string',
      value: 'NAME',
      description: 'source name for annotators import:<NAME>#n (default: the file name)',
    },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('import-reviews needs a file or folder.');
    const source = stringOption(ctx.values, 'source');
    let lastNote = 0;
    const r = await importReviews(ctx.services().db, ctx.positionals, {
      ...(source ? { source } : {}),
      onProgress: (p) => {
        if (!p.done && Date.now() - lastNote > 1000) {
          lastNote = Date.now();
          ctx.note(
            `${p.file}: line ${p.lines}, ${Math.round((100 * p.bytesRead) / Math.max(1, p.totalBytes))}%`,
          );
        }
      },
    });
    if (ctx.values.json) {
      ctx.out(JSON.stringify(r));
    } else {
      for (const f of r.files) {
        ctx.out(
          `${f.file}: ${f.papersAdded} papers added, ${f.papersPresent} already present; ${f.reviewsAdded} reviews added, ${f.reviewsPresent} already present` +
            (f.unstructured ? `; ${f.unstructured} kept whole (no headings recognized)` : ''),
        );
        for (const c of f.conflicts)
          ctx.out(`  conflict: ${c.annotator} on ${c.paperId} has a different text here; left as it was`);
        for (const u of f.unmatched)
          ctx.out(
            `  unmatched: ${u.datasetPaperId}${u.title ? ` ("${u.title}")` : ''} is not in the library`,
          );
        for (const e of f.errors) ctx.out(`  ${e.line ? `line ${e.line}: ` : ''}${e.message}`);
      }
    }
    return r.errors > 0 || r.files.some((f) => f.unmatched.length > 0) ? 1 : 0;
  },
};
