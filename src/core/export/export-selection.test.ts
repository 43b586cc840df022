import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runExport } from './run';
import type { ExportRequestInput } from '../../shared/contract/dataset';
import { FOUR_PART } from '../../shared/templates';
import { readExport, useExportLibrary } from './export.fixtures';

/** Which reviews an export takes and where they go: split, flags, filters, rounds. */
const lib = useExportLibrary();
const { ctx, exp, paper, review } = lib;

describe('export selection', () => {
  it('splits by paper deterministically and never puts a paper on both sides', async () => {
    const a = await exp({ format: 'messages', valRatio: 0.3, seed: 7 });
    const b = await exp({ format: 'messages', valRatio: 0.3, seed: 7 });
    const c = await exp({ format: 'messages', valRatio: 0.3, seed: 8 });
    const hashes = (r: typeof a) => r.files.filter((f) => f.path.endsWith('.jsonl')).map((f) => f.sha256);
    expect(hashes(a)).toEqual(hashes(b));
    const valPapers = (dir: string) =>
      new Set(readExport(dir, 'messages').validation.map((x) => x.metadata!.paper_id));
    const trainPapers = (dir: string) =>
      new Set(readExport(dir, 'messages').train.map((x) => x.metadata!.paper_id));
    for (const r of [a, c]) {
      const v = valPapers(r.outDir);
      expect([...trainPapers(r.outDir)].filter((p) => v.has(p))).toEqual([]);
      expect(v.size).toBeGreaterThan(3);
    }
    expect([...valPapers(a.outDir)].sort()).not.toEqual([...valPapers(c.outDir)].sort());
  });

  it('--bare leaves metadata out; --include keeps flagged records', async () => {
    const bare = await exp({ format: 'alpaca', bare: true });
    const recs = readExport(bare.outDir, 'alpaca');
    expect([...recs.train, ...recs.validation].every((x) => !('metadata' in x))).toBe(true);
    const all = await exp({ format: 'messages', include: ['all'] });
    expect(all.counts.train + all.counts.validation).toBe(47);
    expect(all.counts.keptFlagged).toMatchObject({ empty: 1, duplicate: 1 });
  });

  it('refuses a dpo export that would be empty before writing anything, naming why', async () => {
    const outDir = lib.out();
    await expect(exp({ format: 'dpo', outDir, filters: { annotators: ['dave'] } })).rejects.toThrow(
      /A dpo export would be empty: none of the 40 reviews that match the filters has a model draft/,
    );
    expect(existsSync(outDir)).toBe(false);
    // Most of the library has no draft: the export says so, and lists each one left out.
    const r = await exp({ format: 'dpo' });
    expect(r.warnings.join('\n')).toMatch(/Only 3 of the 47 matching reviews have a model draft/);
  });

  it('filters by annotator, model round, template, tag and date', async () => {
    const count = async (filters: ExportRequestInput['filters']) => {
      const r = await runExport(ctx(), { format: 'messages', outDir: '', filters }, { dryRun: true });
      return r.counts.matched;
    };
    expect(await count({ annotators: ['alice'] })).toBe(3);
    expect(await count({ annotators: ['alice'], status: ['approved', 'in_progress'] })).toBe(4);
    expect(await count({ modelRounds: ['r0'] })).toBe(3);
    expect(await count({ modelIds: [lib.modelId] })).toBe(3);
    expect(await count({ templateIds: ['conference@1'] })).toBe(0);
    expect(await count({ tags: ['nothing-tagged'] })).toBe(0);
    expect(
      await count({ from: '2000-01-01', to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }),
    ).toBe(47);
    expect(await count({ to: '2000-01-01' })).toBe(0);
    expect(FOUR_PART.id).toBe('four-part@1');
  });

  it('--since-round exports only reviews in no export of that round or an earlier one', async () => {
    const r1 = await exp({ format: 'messages', round: 'round-1', include: ['all'] });
    expect(r1.counts.train + r1.counts.validation).toBe(47);
    const fresh = paper('after-round-1');
    review(fresh, 'erin', 'Reviewed after round 1.');
    const since = await exp({ format: 'messages', round: 'round-2', filters: { sinceRound: 'round-1' } });
    const recs = readExport(since.outDir, 'messages');
    expect([...recs.train, ...recs.validation].map((x) => x.metadata!.paper_id)).toEqual([fresh]);
    const sinceTwo = await runExport(
      ctx(),
      { format: 'messages', outDir: '', filters: { sinceRound: 'round-2' } },
      { dryRun: true },
    );
    expect(sinceTwo.counts.matched).toBe(0);
    await expect(exp({ format: 'messages', filters: { sinceRound: 'no-such-round' } })).rejects.toMatchObject(
      { code: 'not_found' },
    );
  });
});
