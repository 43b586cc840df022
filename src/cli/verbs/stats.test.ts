import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../../test/support/run-cli';
import { tempDir } from '../../../test/support/temp';
import { createServices } from '../../core/services';
import { seedInsights } from '../../core/insights/insights.fixtures';
import { roundMetric as r6 } from '../../shared/text-metrics';

describe('stats --json with insights', () => {
  const dir = tempDir('prs-stats-');
  beforeAll(async () => {
    const s = createServices({ dataDir: dir.path, host: 'cli' });
    seedInsights(s.db);
    await s.close();
  });
  afterAll(() => dir.remove());

  it('prints the counts as before and the insights by round', () => {
    const r = runCliProcess([
      'stats',
      '--json',
      '--by',
      'round',
      '--compare',
      'r1,r2',
      '--data-dir',
      dir.path,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // Today's counts stay at the top level: 12 papers, 11 drafts (errored and running included), 9 reviews.
    expect(out).toMatchObject({
      papers: 12,
      drafts: 11,
      reviews: 9,
      models: 2,
      reviewsByStatus: { approved: 8, skipped: 1 },
    });
    expect(out.insights.by).toBe('round');
    expect(
      out.insights.groups.map(
        (g: { key: string; unchangedShare: number; editDistance: { median: number } }) => [
          g.key,
          g.unchangedShare,
          g.editDistance.median,
        ],
      ),
    ).toEqual([
      ['r1', r6(1 / 3), r6(11 / 43)],
      ['r2', 0.5, r6(1 / 32)],
    ]);
    expect(out.insights.groups[0].points).toMatchObject({ recall: r6(13 / 17), precision: r6(13 / 14) });
    expect(out.insights.comparison.changes[4]).toMatchObject({
      measure: 'unchangedShare',
      a: r6(1 / 3),
      b: 0.5,
    });
  });

  it('prints a table for people and rejects a bad --by with exit 2', () => {
    const t = runCliProcess([
      'stats',
      '--by',
      'section',
      '--template',
      'four-part@1',
      '--data-dir',
      dir.path,
    ]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^papers\s+12/m);
    expect(t.stdout).toMatch(/four-part@1\s+reject\s+5\s+0\.000/);
    const bad = runCliProcess(['stats', '--json', '--by', 'colour', '--data-dir', dir.path]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--by/);
    const missing = runCliProcess(['stats', '--compare', 'r1,r9', '--data-dir', dir.path]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('paper-review: No model is labelled with round "r9".');
  });
});
