import { INSIGHT_LABELS, type GroupInsight, type SectionInsight } from '../../shared/contract/insights';
import type { ReviewTemplate } from '../../shared/templates';
import type { PairMeasure, SectionMeasure } from './pair';
import type { DraftRow, ReviewRow } from './rows';
import { templateFor } from './rows';
import { distanceStats, mean, median, pointOverlap, ratio } from './stats';

/**
 * One group's measures from its drafts and the reviews of those drafts. Populations:
 *  - drafts, papers drafted, speed: the group's finished drafts;
 *  - approved / skipped / rejected / in progress / unchanged: reviews of those drafts;
 *  - edit distance, sections, point overlap, score differences, time on task: approved
 *    reviews only (a finished correction; in-progress text is not one yet);
 *  - labels: approved or rejected reviews ("judged" drafts), per 100 of them.
 */
export interface Context {
  drafts: Map<string, DraftRow>;
  /** Measured pairs, by review id (approved reviews only). */
  pairs: Map<string, PairMeasure>;
  templates: Map<string, ReviewTemplate>;
}

export function aggregate(
  key: string | null,
  label: string,
  drafts: readonly DraftRow[],
  reviews: readonly ReviewRow[],
  ctx: Context,
): GroupInsight {
  const count = (s: ReviewRow['status']) => reviews.filter((r) => r.status === s).length;
  const approved = reviews.filter((r) => r.status === 'approved');
  const judged = reviews.filter((r) => r.status === 'approved' || r.status === 'rejected');
  const pairs = approved.map((r) => ctx.pairs.get(r.id)).filter((p): p is PairMeasure => p !== undefined);
  const unchanged = approved.filter((r) => r.approvedUnchanged).length;

  const labelCounts = new Map<string, number>(INSIGHT_LABELS.map((l) => [l, 0]));
  for (const r of judged) for (const l of r.labels) labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);
  const totalLabels = [...labelCounts.values()].reduce((a, b) => a + b, 0);

  const times = approved.map((r) => r.timeOnTaskMs);
  const tps = drafts.map((d) => d.tokensPerSecond).filter((x): x is number => x !== null);
  const ttft = drafts.map((d) => d.ttftMs).filter((x): x is number => x !== null);

  return {
    key,
    label,
    drafts: drafts.length,
    papersDrafted: new Set(drafts.map((d) => d.paperId)).size,
    reviewed: reviews.length,
    approved: approved.length,
    approvedUnchanged: unchanged,
    unchangedShare: ratio(unchanged, approved.length),
    skipped: count('skipped'),
    rejected: count('rejected'),
    inProgress: count('in_progress'),
    editDistance: distanceStats(pairs.map((p) => p.distance)),
    sections: sectionInsights(drafts, pairs, ctx),
    points: pointOverlap(pairs.flatMap((p) => p.sections)),
    judged: judged.length,
    labels: [...labelCounts].map(([l, n]) => ({ label: l, count: n, per100: ratio(100 * n, judged.length) })),
    labelsPer100: ratio(100 * totalLabels, judged.length),
    scores: scoreDifferences(approved, ctx),
    timeOnTask: { n: times.length, medianMs: median(times), meanMs: mean(times) },
    speed: {
      n: drafts.length,
      medianTokensPerSecond: median(tps),
      medianTtftMs: median(ttft),
    },
  };
}

/** Per template section: every section of every template the group's drafts use, in template order. */
function sectionInsights(
  drafts: readonly DraftRow[],
  pairs: readonly PairMeasure[],
  ctx: Context,
): SectionInsight[] {
  const byKey = new Map<string, SectionMeasure[]>();
  const titles = new Map<string, string>();
  const templateIds = [...new Set([...drafts.map((d) => d.templateId), ...pairs.map((p) => p.templateId)])]
    .filter((t): t is string => t !== null)
    .sort();
  for (const tid of templateIds) {
    for (const s of templateFor(ctx.templates, tid)?.sections ?? []) {
      byKey.set(`${tid}\u0000${s.id}`, []);
      titles.set(`${tid}\u0000${s.id}`, s.title);
    }
  }
  for (const p of pairs) {
    for (const s of p.sections) {
      const k = `${s.templateId}\u0000${s.sectionId}`;
      if (!byKey.has(k)) byKey.set(k, []); // a section outside the template: still reported
      byKey.get(k)!.push(s);
    }
  }
  return [...byKey].map(([k, list]) => {
    const [templateId, sectionId] = k.split('\u0000') as [string, string];
    return {
      templateId,
      sectionId,
      title: titles.get(k) ?? sectionId,
      editDistance: distanceStats(list.flatMap((s) => (s.distance ? [s.distance] : []))),
      points: pointOverlap(list),
    };
  });
}

/** Mean |draft score − annotator score| per score name, over approved reviews where both exist. */
function scoreDifferences(approved: readonly ReviewRow[], ctx: Context): GroupInsight['scores'] {
  const diffs = new Map<string, number[]>();
  for (const r of approved) {
    const d = ctx.drafts.get(r.draftId);
    if (!d) continue;
    for (const [name, value] of Object.entries(r.scores)) {
      const dv = d.scores[name];
      if (dv === undefined) continue;
      if (!diffs.has(name)) diffs.set(name, []);
      diffs.get(name)!.push(Math.abs(dv - value));
    }
  }
  return [...diffs]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([score, list]) => ({ score, n: list.length, meanAbsDiff: mean(list) }));
}
