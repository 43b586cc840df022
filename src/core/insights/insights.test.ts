import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../services';
import { roundMetric as r6 } from '../../shared/text-metrics';
import { tempDir } from '../../../test/support/temp';
import { createHandlers, dispatch } from '../api';
import { getInsights } from '.';
import { seedInsights } from './insights.fixtures';

/**
 * Every expected number is worked out by hand from insights.fixtures.ts. Word counts use the
 * shared definition (whitespace-separated, so a bullet "-" is a word). Approved pairs:
 *   d1 11/43 (reject +9 words of 19, suggestions 2 of 6), d2 0, d3 19/27, (r1)
 *   d5 0, d6 4/22 (reject +4 of 7), d7 1/16 (weaknesses +1 of 4), d8 0. (r2)
 */
describe('insights over a store with two rounds', () => {
  const dir = tempDir('prs-insights-');
  let s: Services;
  beforeAll(() => {
    s = createServices({ dataDir: dir.path, host: 'cli' });
    seedInsights(s.db);
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });

  it('counts and measures each round exactly', () => {
    const res = getInsights(s.db, { by: 'round' });
    expect(res.rounds).toEqual(['r1', 'r2']);
    expect(res.templates).toEqual(['conference@1', 'four-part@1']);
    const [r1, r2] = res.groups;
    expect(res.groups.map((g) => g.key)).toEqual(['r1', 'r2']);
    expect(r1).toMatchObject({
      drafts: 4,
      papersDrafted: 4,
      reviewed: 4,
      approved: 3,
      approvedUnchanged: 1,
      skipped: 1,
      rejected: 0,
      unchangedShare: r6(1 / 3),
      judged: 3,
      labelsPer100: 100,
    });
    expect(r1!.editDistance).toEqual({
      n: 3,
      median: r6(11 / 43),
      mean: r6((11 / 43 + 19 / 27) / 3),
      histogram: [1, 0, 1, 0, 0, 0, 0, 1, 0, 0],
    });
    expect(r2).toMatchObject({
      drafts: 5,
      papersDrafted: 5,
      reviewed: 4,
      approved: 4,
      approvedUnchanged: 2,
      skipped: 0,
      unchangedShare: 0.5,
      judged: 4,
      labelsPer100: 50,
    });
    expect(r2!.editDistance).toEqual({
      n: 4,
      median: r6(1 / 32),
      mean: r6((2 / 11 + 1 / 16) / 4),
      histogram: [3, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    // Points: r1 d1 6→7 (6 kept; "study"→"on depth" is Jaccard 3/6 = 0.5, a match), d2 5/5, d3 3→5 (2 kept).
    expect(r1!.points).toEqual({
      draftPoints: 14,
      correctedPoints: 17,
      matched: 13,
      recall: r6(13 / 17),
      precision: r6(13 / 14),
    });
    expect(r2!.points).toEqual({
      draftPoints: 17,
      correctedPoints: 18,
      matched: 17,
      recall: r6(17 / 18),
      precision: 1,
    });
    expect(r1!.labels.filter((l) => l.count > 0)).toEqual([
      { label: 'hallucinated_claim', count: 1, per100: r6(100 / 3) },
      { label: 'missed_weakness', count: 1, per100: r6(100 / 3) },
      { label: 'wrong_score', count: 1, per100: r6(100 / 3) },
    ]);
    // The skipped review's "format" label is not a judgement of the draft.
    expect(r1!.labels.find((l) => l.label === 'format')).toEqual({ label: 'format', count: 0, per100: 0 });
    expect(r2!.labels.filter((l) => l.count > 0).map((l) => [l.label, l.per100])).toEqual([
      ['missed_weakness', 25],
      ['generic_comment', 25],
    ]);
    expect(r1!.scores).toEqual([
      { score: 'Confidence', n: 1, meanAbsDiff: 1 },
      { score: 'Rating', n: 1, meanAbsDiff: 2 },
    ]);
    expect(r2!.scores).toEqual([
      { score: 'Confidence', n: 1, meanAbsDiff: 1 },
      { score: 'Rating', n: 1, meanAbsDiff: 0 },
    ]);
    expect(r1!.timeOnTask).toEqual({ n: 3, medianMs: 600_000, meanMs: 540_000 });
    expect(r2!.timeOnTask).toEqual({ n: 4, medianMs: 150_000, meanMs: 165_000 });
    // The errored and the running draft (1 and 2 tokens/s) are not in the medians.
    expect(r1!.speed).toEqual({ n: 4, medianTokensPerSecond: 23, medianTtftMs: 450 });
    expect(r2!.speed).toEqual({ n: 5, medianTokensPerSecond: 42, medianTtftMs: 240 });
  });

  it('reports per-section edit distance and point overlap', () => {
    const res = getInsights(s.db, { by: 'round' });
    const sec = (g: typeof res.overall, id: string) => g.sections.find((x) => x.sectionId === id)!;
    const r1 = res.groups[0]!;
    expect(sec(r1, 'reject').editDistance).toMatchObject({ n: 2, median: r6(9 / 38), mean: r6(9 / 38) });
    expect(sec(r1, 'suggestions').editDistance).toMatchObject({ n: 2, median: r6(1 / 6) });
    expect(sec(r1, 'weaknesses').editDistance).toMatchObject({ n: 1, median: 0.8 });
    // An empty draft section the annotator filled: distance 1; both empty: not measured.
    expect(sec(r1, 'questions').editDistance).toMatchObject({
      n: 1,
      median: 1,
      histogram: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    });
    expect(sec(r1, 'limitations').editDistance).toMatchObject({ n: 0, median: null, mean: null });
    expect(sec(r1, 'questions').points).toEqual({
      draftPoints: 0,
      correctedPoints: 1,
      matched: 0,
      recall: 0,
      precision: null,
    });
    const o = res.overall;
    expect(o.sections.map((x) => `${x.templateId}/${x.sectionId}`)).toEqual([
      'conference@1/summary',
      'conference@1/strengths',
      'conference@1/weaknesses',
      'conference@1/questions',
      'conference@1/limitations',
      'four-part@1/significance',
      'four-part@1/accept',
      'four-part@1/reject',
      'four-part@1/suggestions',
    ]);
    expect(sec(o, 'reject').editDistance).toMatchObject({ n: 5, median: 0, mean: r6((9 / 19 + 4 / 7) / 5) });
    expect(sec(o, 'weaknesses').editDistance).toMatchObject({ n: 2, median: 0.525 });
    expect(sec(o, 'significance').title).toBe('Significance and novelty');
    expect(o).toMatchObject({ drafts: 9, approved: 7, approvedUnchanged: 3, unchangedShare: r6(3 / 7) });
    expect(o.editDistance).toMatchObject({ n: 7, median: 0.0625, histogram: [4, 1, 1, 0, 0, 0, 0, 1, 0, 0] });
    expect(o.labelsPer100).toBe(r6(500 / 7));
    expect(o.scores).toEqual([
      { score: 'Confidence', n: 2, meanAbsDiff: 1 },
      { score: 'Rating', n: 2, meanAbsDiff: 1 },
    ]);
  });

  it('groups by annotator, model and adapter', () => {
    const [alice, bob] = getInsights(s.db, { by: 'annotator' }).groups;
    // The review with no draft (alice, p12) has nothing to compare and is not counted.
    expect(alice).toMatchObject({
      key: 'alice',
      drafts: 4,
      reviewed: 4,
      approved: 4,
      approvedUnchanged: 2,
      unchangedShare: 0.5,
    });
    expect(alice!.editDistance.median).toBe(r6(1 / 11));
    expect(bob).toMatchObject({
      key: 'bob',
      drafts: 4,
      reviewed: 4,
      approved: 3,
      skipped: 1,
      unchangedShare: r6(1 / 3),
    });
    const models = getInsights(s.db, { by: 'model' }).groups;
    expect(models.map((g) => [g.key, g.label, g.drafts])).toEqual([
      ['m1', 'base-r1.gguf', 4],
      ['m2', 'base-r2.gguf', 5],
    ]);
    const adapters = getInsights(s.db, { by: 'adapter' }).groups;
    expect(adapters.map((g) => [g.key, g.label, g.drafts, g.unchangedShare])).toEqual([
      ['sha-lora@1', 'lora-r2.gguf', 2, 1],
      [null, '', 7, r6(1 / 5)],
    ]);
    expect(getInsights(s.db, { by: 'section' }).groups).toEqual([]);
  });

  it('reports drafting speed per model and backend', () => {
    expect(getInsights(s.db).speed).toEqual([
      {
        modelKey: 'm1',
        model: 'base-r1.gguf',
        backend: 'cuda',
        n: 4,
        medianTokensPerSecond: 23,
        medianTtftMs: 450,
      },
      {
        modelKey: 'm2',
        model: 'base-r2.gguf',
        backend: 'cpu',
        n: 1,
        medianTokensPerSecond: 8,
        medianTtftMs: 1500,
      },
      {
        modelKey: 'm2',
        model: 'base-r2.gguf',
        backend: 'cuda',
        n: 4,
        medianTokensPerSecond: 43,
        medianTtftMs: 230,
      },
    ]);
  });

  it('filters by date (a bare "to" date includes its day) and template', () => {
    expect(getInsights(s.db, { from: '2024-03-01' })).toMatchObject({
      rounds: ['r2'],
      overall: { drafts: 5 },
    });
    expect(getInsights(s.db, { to: '2024-01-12' }).overall.drafts).toBe(3);
    expect(getInsights(s.db, { to: '2024-01-12T08:00:00Z' }).overall.drafts).toBe(2);
    const conf = getInsights(s.db, { template: 'conference' });
    expect(conf.overall).toMatchObject({ drafts: 2, approved: 2, approvedUnchanged: 0 });
    expect(conf.overall.sections.every((x) => x.templateId === 'conference@1')).toBe(true);
    expect(conf.templates).toEqual(['conference@1', 'four-part@1']); // the picker keeps every choice
  });

  it('compares two rounds side by side with the change', () => {
    const { comparison } = getInsights(s.db, { compareRounds: ['r1', 'r2'] });
    const get = (m: string, p: string | null = null) =>
      comparison!.changes.find((c) => c.measure === m && c.param === p);
    expect(comparison!.a.key).toBe('r1');
    expect(get('unchangedShare')).toEqual({
      measure: 'unchangedShare',
      param: null,
      a: r6(1 / 3),
      b: 0.5,
      abs: r6(1 / 6),
      rel: 0.5,
      better: 'higher',
    });
    // Changes come from unrounded values: (1/2 − 1/3)/(1/3) is exactly 0.5, not 0.500002.
    expect(get('editDistanceMedian')).toMatchObject({ a: r6(11 / 43), b: r6(1 / 32), better: 'lower' });
    expect(get('pointRecall')).toMatchObject({ a: r6(13 / 17), b: r6(17 / 18) });
    expect(get('labelPer100', 'generic_comment')).toMatchObject({ a: 0, b: 25, abs: 25, rel: null });
    expect(get('scoreMeanAbsDiff', 'Rating')).toMatchObject({ a: 2, b: 0, abs: -2, rel: -1 });
    expect(get('sectionEditDistanceMedian', 'four-part@1/reject')).toMatchObject({ a: r6(9 / 38), b: 0 });
    expect(get('drafts')).toMatchObject({ a: 4, b: 5, abs: 1, rel: 0.25, better: null });
    expect(() => getInsights(s.db, { compareRounds: ['r1', 'nope'] })).toThrow(/round "nope"/);
  });

  it('re-measures a pair when its review text changes (measurements are cached)', () => {
    const before = getInsights(s.db).groups[0]!.editDistance;
    const d2 = s.db.prepare("SELECT sections FROM reviews WHERE draft_id = 'd2'").pluck().get() as string;
    const edited = { ...JSON.parse(d2), suggestions: '- Add a taxonomy figure and a table.' };
    s.db.prepare("UPDATE reviews SET sections = ? WHERE draft_id = 'd2'").run(JSON.stringify(edited));
    try {
      // d2 is 22 words; the new suggestion "- Add a taxonomy figure and a table." makes 25 and costs
      // 4 edits ("figure." → "figure", + "and a table."): 4/25.
      expect(getInsights(s.db).groups[0]!.editDistance.mean).toBe(r6((11 / 43 + 4 / 25 + 19 / 27) / 3));
    } finally {
      s.db.prepare("UPDATE reviews SET sections = ? WHERE draft_id = 'd2'").run(d2);
    }
    expect(getInsights(s.db).groups[0]!.editDistance).toEqual(before);
  });

  it('is reachable through the contract, with input validated', async () => {
    const handlers = createHandlers(s);
    const ok = await dispatch(handlers, 'getInsights', { by: 'round', compareRounds: ['r1', 'r2'] });
    expect(ok.ok && (ok.value as { groups: unknown[] }).groups.length).toBe(2);
    const bad = await dispatch(handlers, 'getInsights', { from: 'last week' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('is empty, not failing, on a library with no drafts', () => {
    const res = getInsights(s.db, { from: '2030-01-01' });
    expect(res.overall).toMatchObject({
      drafts: 0,
      unchangedShare: null,
      labelsPer100: null,
      editDistance: { n: 0, median: null },
    });
    expect(res.groups).toEqual([]);
  });
});
