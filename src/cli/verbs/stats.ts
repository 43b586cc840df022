import { UsageError, stringOption, type Verb, type VerbContext } from '../verb';
import { libraryStats } from '../../core/store/repos/stats';
import { getInsights } from '../../core/insights';
import { InsightsQuery, type GroupInsight, type InsightsResult } from '../../shared/contract/insights';

/**
 * Library counts (as before, top level of --json so existing scripts keep working) plus the
 * Insights measures under `insights`: the same object getInsights returns to the app.
 */
export const statsVerb: Verb = {
  name: 'stats',
  summary: 'Counts of papers, drafts, reviews and exports, and round-over-round draft quality.',
  options: {
    json: {
      type: 'boolean',
      description: 'print one JSON object (counts, plus the measures under "insights")',
    },
    by: {
      type: 'string',
      value: 'DIM',
      description: 'group by model, adapter, round (default), annotator or section',
    },
    from: {
      type: 'string',
      value: 'DATE',
      description: 'only drafts made on or after DATE (YYYY-MM-DD or ISO time)',
    },
    to: {
      type: 'string',
      value: 'DATE',
      description: 'only drafts made on or before DATE (a bare date includes that day)',
    },
    template: {
      type: 'string',
      value: 'T',
      description: 'only drafts in review template T (e.g. four-part@1)',
    },
    compare: {
      type: 'string',
      value: 'A,B',
      description: 'put rounds A and B side by side, with the change B − A',
    },
  },
  run(ctx) {
    const db = ctx.services().db;
    const stats = libraryStats(db);
    const insights = getInsights(db, parseQuery(ctx));
    if (ctx.values.json) {
      ctx.out(JSON.stringify({ ...stats, insights }));
      return 0;
    }
    const by = (m: Record<string, number>) =>
      Object.entries(m)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none';
    ctx.out(`papers   ${stats.papers} (${by(stats.papersByStatus)})`);
    ctx.out(`drafts   ${stats.drafts}`);
    ctx.out(`reviews  ${stats.reviews} (${by(stats.reviewsByStatus)})`);
    ctx.out(`models   ${stats.models}`);
    ctx.out(`exports  ${stats.exports}`);
    if (insights.overall.drafts > 0) printInsights(ctx, insights);
    return 0;
  },
};

function parseQuery(ctx: VerbContext) {
  const compare = stringOption(ctx.values, 'compare');
  const pair = compare?.split(',').map((x) => x.trim());
  if (pair && (pair.length !== 2 || !pair[0] || !pair[1]))
    throw new UsageError('--compare takes two rounds: --compare r1,r2');
  const parsed = InsightsQuery.safeParse({
    from: stringOption(ctx.values, 'from'),
    to: stringOption(ctx.values, 'to'),
    template: stringOption(ctx.values, 'template'),
    by: stringOption(ctx.values, 'by'),
    compareRounds: pair,
  });
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new UsageError(`--${String(i?.path[0] ?? 'by')}: ${i?.message ?? 'invalid'} (see "stats --help").`);
  }
  return parsed.data;
}

const fmt = (x: number | null, digits = 3) =>
  x === null ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(digits);
const dist = (x: number | null) => (x === null ? '-' : x.toFixed(3));
const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

function table(ctx: VerbContext, head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const r of [head, ...rows])
    ctx.out(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

function groupRow(g: GroupInsight, name: string): string[] {
  return [
    name,
    String(g.drafts),
    String(g.approved),
    pct(g.unchangedShare),
    String(g.skipped),
    dist(g.editDistance.median),
    pct(g.points.recall),
    fmt(g.labelsPer100, 1),
    fmt(g.speed.medianTokensPerSecond, 1),
  ];
}

function printInsights(ctx: VerbContext, res: InsightsResult): void {
  const head = [
    'group',
    'drafts',
    'approved',
    'unchanged',
    'skipped',
    'median-ed',
    'point-recall',
    'labels/100',
    'tok/s',
  ];
  ctx.out('');
  if (res.by === 'section') {
    table(
      ctx,
      ['template', 'section', 'n', 'median-ed', 'mean-ed', 'point-recall', 'point-precision'],
      res.overall.sections.map((s) => [
        s.templateId,
        s.sectionId,
        String(s.editDistance.n),
        dist(s.editDistance.median),
        dist(s.editDistance.mean),
        pct(s.points.recall),
        pct(s.points.precision),
      ]),
    );
  } else {
    table(
      ctx,
      [res.by, ...head.slice(1)],
      [...res.groups.map((g) => groupRow(g, g.label || '(none)')), groupRow(res.overall, 'all')],
    );
  }
  const c = res.comparison;
  if (c) {
    ctx.out('');
    table(
      ctx,
      ['measure', c.a.label, c.b.label, 'change', 'relative'],
      c.changes.map((x) => [
        x.param ? `${x.measure} ${x.param}` : x.measure,
        fmt(x.a),
        fmt(x.b),
        x.abs === null ? '-' : `${x.abs >= 0 ? '+' : ''}${fmt(x.abs)}`,
        pct(x.rel),
      ]),
    );
  }
  ctx.out('');
  ctx.out(
    'edit distance: word-level, draft → approved review; point recall: corrected points the draft already had.',
  );
}
