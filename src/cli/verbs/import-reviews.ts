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
    form: {
      type: 'string',
      value: 'TEMPLATE',
      description:
        "the reviews' own form, e.g. neurips-2025 (default: named by the data's venue or source; else read onto conference)",
    },
    'map-to': {
      type: 'string',
      value: 'TEMPLATE',
      description:
        "map the reviews onto four-part or conference (recorded in each review's notes); off by default",
    },
    json: { type: 'boolean', description: 'print the result as one JSON object' },
  },
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('import-reviews needs a file or folder.');
    const source = stringOption(ctx.values, 'source');
    const form = stringOption(ctx.values, 'form');
    const mapTo = stringOption(ctx.values, 'map-to');
    let lastNote = 0;
    const r = await importReviews(ctx.services().db, ctx.positionals, {
      ...(source ? { source } : {}),
      ...(form ? { form } : {}),
      ...(mapTo ? { mapTo } : {}),
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
