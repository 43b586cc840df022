import type { Db } from '../store/open';
import type { MergeResult } from '../../shared/contract/dataset';
import { findTemplate } from '../../shared/templates';
import { normalizedEditDistance, roundMetric } from '../../shared/text-metrics';
import { reviewFromRow, type Review, type ReviewRow } from '../store/repos/reviews';
import { krippendorffAlphaInterval } from './krippendorff';

/**
 * Agreement between annotators on the papers a merge touched, over every review of those
 * papers in the library except skipped or rejected ones:
 * - scores: Krippendorff's alpha (interval) per score name, units = papers, coders = annotators;
 * - text: for each pair of annotators on a paper, the normalized word edit distance between
 *   their review texts (the section texts in template order, joined by blank lines; headings
 *   and score lines left out, so only the writing is compared), with mean and median.
 */
export function sectionText(r: Review): string {
  const t = findTemplate(r.templateId);
  const order = t ? t.sections.map((s) => s.id) : Object.keys(r.sections);
  return order
    .map((id) => (r.sections[id] ?? '').trim())
    .filter(Boolean)
    .join('\n\n');
}

export function agreementFor(db: Db, paperIds: readonly string[]): MergeResult['agreement'] {
  const stmt = db.prepare(
    "SELECT * FROM reviews WHERE paper_id = ? AND status NOT IN ('skipped', 'rejected') ORDER BY annotator",
  );
  const units: Review[][] = [];
  for (const id of [...new Set(paperIds)].sort()) {
    const reviews = (stmt.all(id) as ReviewRow[]).map(reviewFromRow);
    if (reviews.length >= 2) units.push(reviews);
  }
  const names = new Set<string>();
  for (const u of units) for (const r of u) for (const k of Object.keys(r.scores)) names.add(k);
  const scores = [...names].sort().map((score) => {
    const a = krippendorffAlphaInterval(units.map((u) => u.map((r) => r.scores[score])));
    return { score, alpha: a.alpha === null ? null : roundMetric(a.alpha), units: a.units, values: a.values };
  });
  const byPair: MergeResult['agreement']['text']['byPair'] = [];
  for (const u of units) {
    for (let i = 0; i < u.length; i++) {
      for (let j = i + 1; j < u.length; j++) {
        byPair.push({
          paperId: u[i]!.paperId,
          annotators: [u[i]!.annotator, u[j]!.annotator],
          editDistance: roundMetric(normalizedEditDistance(sectionText(u[i]!), sectionText(u[j]!))),
        });
      }
    }
  }
  const d = byPair.map((p) => p.editDistance).sort((a, b) => a - b);
  const median =
    d.length === 0
      ? null
      : d.length % 2
        ? d[(d.length - 1) / 2]!
        : (d[d.length / 2 - 1]! + d[d.length / 2]!) / 2;
  return {
    papers: units.length,
    scores,
    text: {
      pairs: byPair.length,
      meanEditDistance: d.length ? roundMetric(d.reduce((a, b) => a + b, 0) / d.length) : null,
      medianEditDistance: median === null ? null : roundMetric(median),
      byPair,
    },
  };
}
