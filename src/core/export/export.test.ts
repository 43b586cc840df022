import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { runExport } from './run';
import type { ExportFormat, ExportRequestInput } from '../../shared/contract/dataset';
import { insertPaper, savePaperText } from '../store/repos/papers';
import { insertReview } from '../store/repos/reviews';
import { FOUR_PART } from '../../shared/templates';
import { BUILT_IN_PROMPTS, renderSystemText } from '../engine/prompt';
import {
  insertDraft,
  insertModel,
  insertPrompt,
  tempStore,
  type TempStore,
} from '../../../test/fixtures/datasets/store';

// ---- an independent JSON Lines reader and one schema per format (not the exporter's code) ----
function readJsonl(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  if (text === '') return [];
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}
const Msg = (role: string) => z.object({ role: z.literal(role), content: z.string() }).strict();
const Metadata = z
  .object({
    paper_id: z.string(),
    review_id: z.string(),
    annotator: z.string(),
    draft_id: z.string().nullable(),
    prompt_id: z.string().nullable(),
    model_id: z.string().nullable(),
    template: z.string(),
    edit_distance: z.number().min(0).max(1).nullable(),
    split: z.enum(['train', 'validation']),
  })
  .strict();
const withMeta = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ ...shape, metadata: Metadata.optional() }).strict();
const SCHEMAS: Record<ExportFormat, z.ZodType> = {
  messages: withMeta({ messages: z.tuple([Msg('system'), Msg('user'), Msg('assistant')]) }),
  'prompt-completion': withMeta({
    prompt: z.tuple([Msg('system'), Msg('user')]),
    completion: z.tuple([Msg('assistant')]),
  }),
  alpaca: withMeta({ instruction: z.string(), input: z.literal(''), output: z.string(), system: z.string() }),
  sharegpt: withMeta({
    conversations: z.tuple([
      z.object({ from: z.literal('human'), value: z.string() }).strict(),
      z.object({ from: z.literal('gpt'), value: z.string() }).strict(),
    ]),
    system: z.string(),
  }),
  dpo: withMeta({
    prompt: z.tuple([Msg('system'), Msg('user')]),
    chosen: z.tuple([Msg('assistant')]),
    rejected: z.tuple([Msg('assistant')]),
    chosen_message: Msg('assistant'),
    rejected_message: Msg('assistant'),
  }),
};
type Meta = z.infer<typeof Metadata>;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ---- the store ----
let store: TempStore;
const pid = (name: string) => createHash('sha256').update(name).digest('hex');
const SYSTEM = 'You are a careful peer reviewer. Use the four-part template.';
const userOf = (name: string) => `[TITLE]\nPaper ${name}\n\n[CONTENT]\n## Intro\nText of ${name}.`;
const sections = (s: string) => ({
  significance: s,
  accept: 'Clear.',
  reject: 'Small.',
  suggestions: 'More data.',
});

function paper(name: string): string {
  const id = pid(name);
  insertPaper(store.db, {
    id,
    title: `Paper ${name}`,
    abstract: `Abstract of ${name}.`,
    fileName: `${name}.pdf`,
  });
  savePaperText(
    store.db,
    id,
    {
      extractorVersion: 'test@1',
      sections: [
        { heading: 'Abstract', kind: 'abstract', text: `Abstract of ${name}.`, pages: [1, 1] },
        { heading: '1 Intro', kind: 'body', text: `Body of ${name}.`, pages: [1, 2] },
        { heading: 'References', kind: 'references', text: '[1] Ref.', pages: [3, 3] },
      ],
      captions: [`Figure 1: ${name}.`],
      warnings: [],
    },
    `Paper ${name}`,
  );
  return id;
}

function review(paperId: string, annotator: string, text: string, extra: Record<string, unknown> = {}) {
  return insertReview(store.db, {
    paperId,
    annotator,
    templateId: 'four-part@1',
    sections: sections(text),
    status: 'approved',
    ...extra,
  });
}

let modelId: string;
const ids: Record<string, string> = {};
beforeAll(() => {
  store = tempStore('prs-export-');
  modelId = insertModel(store.db, { round: 'r0' });
  insertPrompt(store.db, 'review@1', SYSTEM);
  const draftText = (s: string) =>
    `## Significance and novelty\n\n${s}\n\n## Potential reasons for acceptance\n\nClear.\n\n## Potential reasons for rejection\n\nSmall.\n\n## Suggestions for improvement\n\nMore data.\n`;
  // p1: a draft the annotator rewrote; p2: a draft approved unchanged; p3: no draft.
  ids.p1 = paper('p1');
  const d1 = insertDraft(store.db, {
    paperId: ids.p1,
    modelId,
    promptId: 'review@1',
    text: draftText('A weak novelty claim.'),
    system: SYSTEM,
    user: userOf('p1'),
  });
  ids.r1 = review(
    ids.p1,
    'alice',
    'The method is new and the analysis of its limits is careful and complete.',
    { draftId: d1 },
  ).id;
  ids.p2 = paper('p2');
  const d2 = insertDraft(store.db, {
    paperId: ids.p2,
    modelId,
    promptId: 'review@1',
    text: draftText('Solid and new.'),
    system: SYSTEM,
    user: userOf('p2'),
  });
  review(ids.p2, 'alice', 'Solid and new.', { draftId: d2, approvedUnchanged: true });
  ids.p3 = paper('p3');
  review(ids.p3, 'bob', 'Written from scratch.');
  ids.p4 = paper('p4');
  insertReview(store.db, {
    paperId: ids.p4,
    annotator: 'bob',
    templateId: 'four-part@1',
    sections: { significance: ' ', accept: '', reject: '', suggestions: '' },
    status: 'approved',
  });
  ids.p5 = paper('p5');
  review(ids.p5, 'carol', 'Carol wrote this one.');
  ids.p6 = paper('p6');
  review(ids.p6, 'alice', 'Not finished yet.', { status: 'in_progress' });
  ids.p7 = paper('p7');
  const d7 = insertDraft(store.db, {
    paperId: ids.p7,
    modelId,
    promptId: 'review@1',
    text: draftText('Too long to fit.'),
    system: SYSTEM,
    user: userOf('p7'),
    trimmed: [
      {
        heading: 'References',
        kind: 'references',
        action: 'dropped',
        charsRemoved: 10,
        charsKept: 0,
        tokensRemoved: 3,
      },
    ],
  });
  review(ids.p7, 'alice', 'Fitted paper, review rewritten entirely by the annotator.', { draftId: d7 });
  for (let i = 0; i < 40; i++)
    review((ids[`bulk${i}`] = paper(`bulk${i}`)), 'dave', `Bulk review number ${i}.`);
  // A second annotator pasting the same text: rows come by (paper, annotator), so frank's is the duplicate.
  review(ids.bulk0!, 'frank', 'Bulk  review number\n0.');
});
afterAll(async () => {
  await store.close();
});

const ctx = () => ({
  db: store.db,
  dataDir: store.services.paths.root,
  schemaVersion: store.services.schemaVersion,
});
let outN = 0;
const out = () => join(store.dir, `out-${++outN}`);
const exp = (req: Omit<ExportRequestInput, 'outDir'> & { outDir?: string }) =>
  runExport(ctx(), { outDir: out(), ...req });

function readExport(dir: string, format: ExportFormat) {
  const schema = SCHEMAS[format];
  const read = (split: 'train' | 'validation') =>
    readJsonl(join(dir, `${split}.jsonl`)).map(
      (r) => schema.parse(r) as Record<string, unknown> & { metadata?: Meta },
    );
  return { train: read('train'), validation: read('validation') };
}

describe('export', () => {
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
        // Only the rewritten draft: p2 unchanged, p7 trimmed, the rest have no draft.
        expect(all.map((x) => x.metadata!.paper_id)).toEqual([ids.p1]);
        expect(r.counts.excluded).toMatchObject({ unchanged: 1, trimmed: 1 });
        expect(manifest.models.map((m) => [m.id, m.round])).toEqual([[modelId, 'r0']]);
        const rec = all[0]! as { chosen: Array<{ content: string }>; rejected: Array<{ content: string }> };
        expect(rec.rejected[0]!.content).toContain('A weak novelty claim.');
        expect(rec.chosen[0]!.content).toContain('The method is new');
      } else {
        // 47 approved; left out: p4 empty, frank's copy of dave's text, p7 trimmed (p6 is in progress).
        expect(all).toHaveLength(44);
        expect(r.counts.excluded).toEqual({ empty: 1, duplicate: 1, unchanged: 0, trimmed: 1, noDraft: 0 });
        expect(r.counts.matched).toBe(47);
      }
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
    expect(p1.messages[0]!.content).toBe(SYSTEM);
    expect(p1.messages[1]!.content).toBe(userOf('p1'));
    expect(p1.messages[2]!.content).toBe(
      '## Significance and novelty\n\nThe method is new and the analysis of its limits is careful and complete.\n\n## Potential reasons for acceptance\n\nClear.\n\n## Potential reasons for rejection\n\nSmall.\n\n## Suggestions for improvement\n\nMore data.\n',
    );
    expect(p1.metadata).toMatchObject({
      annotator: 'alice',
      model_id: modelId,
      prompt_id: 'review@1',
      template: 'four-part@1',
    });
    expect(p1.metadata!.edit_distance).toBeGreaterThan(0.05);
    const p3 = recs.find((x) => x.metadata!.paper_id === ids.p3)!;
    // No model registered in settings → the newest model is used for fitting; this paper fits untrimmed.
    expect(p3.messages[1]!.content).toBe(
      '[TITLE]\nPaper p3\n\n[ABSTRACT]\nAbstract of p3.\n\n[CAPTIONS]\nFigure 1: p3.\n\n[CONTENT]\n## 1 Intro\nBody of p3.\n\n## References\n[1] Ref.',
    );
    // The default prompt with this review's template filled in, as drafting renders it.
    expect(p3.messages[0]!.content).toBe(renderSystemText(BUILT_IN_PROMPTS[0]!, FOUR_PART));
    expect(p3.metadata).toMatchObject({
      draft_id: null,
      model_id: null,
      prompt_id: 'default@1',
      edit_distance: null,
    });
  });

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
    expect(all.counts.keptFlagged).toMatchObject({ empty: 1, duplicate: 1, trimmed: 1 });
  });

  it('filters by annotator, model round, template, tag and date', async () => {
    const count = async (filters: ExportRequestInput['filters']) => {
      const r = await runExport(ctx(), { format: 'messages', outDir: '', filters }, { dryRun: true });
      return r.counts.matched;
    };
    expect(await count({ annotators: ['alice'] })).toBe(3);
    expect(await count({ annotators: ['alice'], status: ['approved', 'in_progress'] })).toBe(4);
    expect(await count({ modelRounds: ['r0'] })).toBe(3);
    expect(await count({ modelIds: [modelId] })).toBe(3);
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

  it('a killed export leaves only .partial files and no manifest, and is not recorded', async () => {
    const dir = out();
    const before = (store.db.prepare('SELECT COUNT(*) AS n FROM exports').get() as { n: number }).n;
    await expect(
      runExport(ctx(), { format: 'messages', outDir: dir }, { crashAfterRecords: 5 }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/exit code 70/),
    });
    const names = readdirSync(dir);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.endsWith('.partial'))).toBe(true);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM exports').get() as { n: number }).n).toBe(before);
  });

  it('refuses a folder that is not empty, and reports progress', async () => {
    const dir = out();
    const events: string[] = [];
    await runExport(
      ctx(),
      { format: 'messages', outDir: dir, requestId: 'req-1' },
      { onProgress: (p) => events.push(`${p.requestId}:${p.phase}`) },
    );
    expect(events[0]).toBe('req-1:counting');
    expect(events.at(-1)).toBe('req-1:done');
    await expect(runExport(ctx(), { format: 'messages', outDir: dir })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
