import { mergeExport } from '../../core/merge';
import { UsageError, type Verb } from '../verb';

export const mergeVerb: Verb = {
  name: 'merge',
  summary:
    "Merge another annotator's export folder; reports conflicts and agreement (Krippendorff's alpha, edit distance).",
  args: '<export-dir>',
  options: { json: { type: 'boolean', description: 'print the result as one JSON object' } },
  async run(ctx) {
    const dir = ctx.positionals[0];
    if (!dir || ctx.positionals.length > 1) throw new UsageError('merge takes one export folder.');
    const r = await mergeExport(ctx.services().db, dir);
    if (ctx.values.json) {
      ctx.out(JSON.stringify(r));
      return 0;
    }
    ctx.out(
      `${r.records} records: ${r.papersAdded} papers added, ${r.papersMatched} matched; ${r.reviewsAdded} reviews added, ${r.reviewsPresent} already present`,
    );
    for (const c of r.conflicts)
      ctx.out(
        `conflict: ${c.annotator} on ${c.paperId} differs from review ${c.reviewId} here; not overwritten`,
      );
    for (const s of r.skipped) ctx.out(`skipped ${s.file} line ${s.line}: ${s.message}`);
    const a = r.agreement;
    ctx.out(`agreement on ${a.papers} papers with two or more annotators:`);
    for (const s of a.scores)
      ctx.out(
        `  ${s.score}: Krippendorff's alpha (interval) ${s.alpha ?? 'undefined'} over ${s.units} papers`,
      );
    ctx.out(
      `  text: ${a.text.pairs} pairs, mean normalized edit distance ${a.text.meanEditDistance ?? '-'}, median ${a.text.medianEditDistance ?? '-'}`,
    );
    return 0;
  },
};
