import type { GroupInsight, MeasureChange, MeasureName } from '../../shared/contract/insights';

/**
 * Round over round: the same measures of two groups side by side, with b − a and (b − a)/a.
 * `better` says which way is an improvement, so the UI can colour a change without knowing
 * the measures; counts have no better direction (more drafts is not better drafts).
 */
type Better = MeasureChange['better'];

function change(
  measure: MeasureName,
  param: string | null,
  a: number | null,
  b: number | null,
  better: Better,
): MeasureChange {
  const abs = a !== null && b !== null ? b - a : null;
  const rel = a !== null && b !== null && a !== 0 ? (b - a) / a : null;
  return { measure, param, a, b, abs, rel, better };
}

export function compareGroups(a: GroupInsight, b: GroupInsight): MeasureChange[] {
  const out: MeasureChange[] = [
    change('drafts', null, a.drafts, b.drafts, null),
    change('papersDrafted', null, a.papersDrafted, b.papersDrafted, null),
    change('approved', null, a.approved, b.approved, null),
    change('approvedUnchanged', null, a.approvedUnchanged, b.approvedUnchanged, null),
    change('unchangedShare', null, a.unchangedShare, b.unchangedShare, 'higher'),
    change('skipped', null, a.skipped, b.skipped, null),
    change('editDistanceMedian', null, a.editDistance.median, b.editDistance.median, 'lower'),
    change('editDistanceMean', null, a.editDistance.mean, b.editDistance.mean, 'lower'),
    change('pointRecall', null, a.points.recall, b.points.recall, 'higher'),
    change('pointPrecision', null, a.points.precision, b.points.precision, 'higher'),
    change('labelsPer100', null, a.labelsPer100, b.labelsPer100, 'lower'),
  ];
  const labels = union(
    a.labels.map((l) => l.label),
    b.labels.map((l) => l.label),
  );
  for (const l of labels) {
    const va = a.labels.find((x) => x.label === l)?.per100 ?? null;
    const vb = b.labels.find((x) => x.label === l)?.per100 ?? null;
    out.push(change('labelPer100', l, va, vb, 'lower'));
  }
  for (const s of union(
    a.scores.map((x) => x.score),
    b.scores.map((x) => x.score),
  )) {
    const va = a.scores.find((x) => x.score === s)?.meanAbsDiff ?? null;
    const vb = b.scores.find((x) => x.score === s)?.meanAbsDiff ?? null;
    out.push(change('scoreMeanAbsDiff', s, va, vb, 'lower'));
  }
  out.push(
    change('timeOnTaskMedianMs', null, a.timeOnTask.medianMs, b.timeOnTask.medianMs, 'lower'),
    change('timeOnTaskMeanMs', null, a.timeOnTask.meanMs, b.timeOnTask.meanMs, 'lower'),
    change(
      'tokensPerSecondMedian',
      null,
      a.speed.medianTokensPerSecond,
      b.speed.medianTokensPerSecond,
      'higher',
    ),
    change('ttftMedianMs', null, a.speed.medianTtftMs, b.speed.medianTtftMs, 'lower'),
  );
  const sectionKey = (s: GroupInsight['sections'][number]) => `${s.templateId}/${s.sectionId}`;
  for (const k of union(a.sections.map(sectionKey), b.sections.map(sectionKey))) {
    const va = a.sections.find((s) => sectionKey(s) === k)?.editDistance.median ?? null;
    const vb = b.sections.find((s) => sectionKey(s) === k)?.editDistance.median ?? null;
    out.push(change('sectionEditDistanceMedian', k, va, vb, 'lower'));
  }
  return out;
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
