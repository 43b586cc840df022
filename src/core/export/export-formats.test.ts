import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runExport } from './run';
import { FOUR_PART } from '../../shared/templates';
import { BUILT_IN_PROMPTS, renderSystemText } from '../engine/prompt';
import { SYSTEM, readExport, sha, useExportLibrary, userOf, type Meta } from './export.fixtures';

/** What each format writes: records, manifest, dataset_info and card, and the prompt in them. */
const lib = useExportLibrary();
const { ids, ctx, out } = lib;

describe('export formats', () => {
  it.each(['messages', 'prompt-completion', 'alpaca', 'sharegpt', 'dpo'] as const)(
    'writes %s records that re-read under its schema, with a verifiable manifest',
    async (format) => {
      const dir = out();
      const r = await runExport(ctx(), { format, outDir: dir, valRatio: 0.3, seed: 1 });
      expect(readdirSync(dir).sort()).toEqual([
        'README.md',
        'dataset_info.json',
        'manifest.json',
        'train.jsonl',
        'validation.jsonl',
      ]);
      const recs = readExport(dir, format);
      const all = [...recs.train, ...recs.validation];
      expect(all.every((x) => x.metadata !== undefined)).toBe(true);
      expect(recs.train.every((x) => x.metadata!.split === 'train')).toBe(true);
      expect(recs.validation.every((x) => x.metadata!.split === 'validation')).toBe(true);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
        files: Array<{ path: string; bytes: number; sha256: string }>;
        format: string;
        threshold: number | null;
        app: { version: string };
        counts: { train: number; validation: number };
        models: Array<{ id: string; round: string }>;
      };
      expect(manifest.files.map((f) => f.path).sort()).toEqual([
        'README.md',
        'dataset_info.json',
        'train.jsonl',
        'validation.jsonl',
      ]);
      for (const f of manifest.files) {
        const bytes = readFileSync(join(dir, f.path));
        expect(sha(bytes)).toBe(f.sha256);
        expect(bytes.length).toBe(f.bytes);
      }
      expect(sha(readFileSync(join(dir, 'manifest.json')))).toBe(r.manifestSha256);
      expect(manifest.counts).toMatchObject({ train: recs.train.length, validation: recs.validation.length });
      expect(manifest.app.version).toMatch(/^\d+\.\d+\.\d+/);
      const info = JSON.parse(readFileSync(join(dir, 'dataset_info.json'), 'utf8')) as Record<
        string,
        Record<string, unknown>
      >;
      if (format === 'prompt-completion') expect(info).toEqual({});
      else expect(info.paper_reviews_train).toMatchObject({ file_name: 'train.jsonl' });
      if (format === 'dpo') {
        expect(manifest.threshold).toBe(0.05);
        expect(info.paper_reviews_train).toMatchObject({ ranking: true, formatting: 'sharegpt' });
        // The rewritten drafts: p1, and p7 whose paper was trimmed to fit (kept, and marked);
        // p2 was approved unchanged; the rest have no draft.
        expect(all.map((x) => x.metadata!.paper_id).sort()).toEqual([ids.p1, ids.p7].sort());
        expect(all.find((x) => x.metadata!.paper_id === ids.p7)!.metadata!.trimmed).toBe(true);
        expect(r.counts.excluded).toMatchObject({ unchanged: 1, noDraft: 44 });
        expect(r.counts.trimmed).toBe(1);
        expect(manifest.models.map((m) => [m.id, m.round])).toEqual([[lib.modelId, 'r0']]);
        const rec = all.find((x) => x.metadata!.paper_id === ids.p1)! as {
          chosen: Array<{ content: string }>;
          rejected: Array<{ content: string }>;
        };
        expect(rec.rejected[0]!.content).toContain('A weak novelty claim.');
        expect(rec.chosen[0]!.content).toContain('The method is new');
      } else {
        // 47 approved; left out: p4 empty, frank's copy of dave's text (p6 is in progress).
        expect(all).toHaveLength(45);
        expect(r.counts.excluded).toEqual({
          empty: 1,
          duplicate: 1,
          unchanged: 0,
          noDraft: 0,
          doesNotFit: 0,
          lowInformation: 0,
        });
        expect(r.counts.matched).toBe(47);
      }
      // Every one left out is listed with its reason.
      const listed = (
        JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
          excluded: Array<{ reason: string }>;
        }
      ).excluded;
      expect(listed).toHaveLength(Object.values(r.counts.excluded).reduce((a, b) => a + b, 0));
      // The fixture's model file does not exist: no tokenizer, so lengths are approximate and the card says so.
      const card = readFileSync(join(dir, 'README.md'), 'utf8');
      expect(card).toContain('approximate: ceil(characters / 4)');
      expect(card).toMatch(/\| train prompt \| \d+ \|/);
    },
  );

  it("puts exactly the draft's stored prompt in the user turn, and renders one for reviews without a draft", async () => {
    const dir = out();
    await runExport(ctx(), { format: 'messages', outDir: dir, valRatio: 0 });
    const recs = readExport(dir, 'messages').train as Array<{
      messages: Array<{ content: string }>;
      metadata?: Meta;
    }>;
    const p1 = recs.find((x) => x.metadata!.paper_id === ids.p1)!;
    // A draft stored before the app folded system text (two turns): written as stored.
    expect(p1.messages[0]!.content).toBe(SYSTEM);
    expect(p1.messages[1]!.content).toBe(userOf('p1'));
    expect(p1.messages[2]!.content).toBe(
      '## Significance and novelty\n\nThe method is new and the analysis of its limits is careful and complete.\n\n## Potential reasons for acceptance\n\nClear.\n\n## Potential reasons for rejection\n\nSmall.\n\n## Suggestions for improvement\n\nMore data.',
    );
    expect(p1.metadata).toMatchObject({
      annotator: 'alice',
      model_id: lib.modelId,
      prompt_id: 'review@1',
      template: 'four-part@1',
      has_draft: true,
      prompt_source: 'draft',
    });
    expect(p1.metadata!.edit_distance).toBeGreaterThan(0.05);
    const p3 = recs.find((x) => x.metadata!.paper_id === ids.p3)!;
    // The newest registered model's file is missing (a fixture path): the paper goes in untrimmed.
    expect(p3.messages[1]!.content).toBe(
      '[TITLE]\nPaper p3\n\n[ABSTRACT]\nAbstract of p3.\n\n[CAPTIONS]\nFigure 1: p3.\n\n[CONTENT]\n## 1 Intro\nBody of p3.\n\n## References\n[1] Ref.',
    );
    // The default prompt with this review's template filled in, as drafting renders it.
    expect(p3.messages[0]!.content).toBe(renderSystemText(BUILT_IN_PROMPTS[0]!, FOUR_PART));
    expect(p3.metadata).toMatchObject({
      draft_id: '',
      has_draft: false,
      model_id: '',
      prompt_model_id: '',
      prompt_sha256: '',
      prompt_source: 'rendered',
      prompt_id: 'default@1',
      edit_distance: -1,
      prompt_tokens: -1,
    });
  });
});
