/**
 * Test support for the export tests (not used by the app): an independent JSON Lines reader
 * with one schema per format (not the exporter's code), and a store seeded with the reviews
 * every export test reads, made afresh for each test file.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { runExport, type RunExportContext } from './run';
import type { ExportFormat, ExportRequestInput } from '../../shared/contract/dataset';
import { insertPaper, savePaperText } from '../store/repos/papers';
import { insertReview } from '../store/repos/reviews';
import {
  insertDraft,
  insertModel,
  insertPrompt,
  tempStore,
  type DraftFixture,
  type TempStore,
} from '../../../test/support/dataset-store';

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
    draft_id: z.string(),
    has_draft: z.boolean(),
    prompt_id: z.string(),
    model_id: z.string(),
    prompt_model_id: z.string(),
    prompt_sha256: z.string().regex(/^([0-9a-f]{64})?$/),
    prompt_source: z.enum(['draft', 'rendered']),
    template: z.string(),
    edit_distance: z.number().min(-1).max(1),
    prompt_tokens: z.number().int().min(-1),
    completion_tokens: z.number().int().min(-1),
    trimmed: z.boolean(),
    low_information: z.boolean(),
    split: z.enum(['train', 'validation']),
  })
  .strict();
const withMeta = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ ...shape, metadata: Metadata.optional() }).strict();
/** [system, user], or one user turn where the template folds the system text into it. */
const PromptTurns = z.union([z.tuple([Msg('system'), Msg('user')]), z.tuple([Msg('user')])]);
const SCHEMAS: Record<ExportFormat, z.ZodType> = {
  messages: withMeta({
    messages: z.union([
      z.tuple([Msg('system'), Msg('user'), Msg('assistant')]),
      z.tuple([Msg('user'), Msg('assistant')]),
    ]),
  }),
  'prompt-completion': withMeta({
    prompt: PromptTurns,
    completion: z.tuple([Msg('assistant')]),
  }),
  alpaca: withMeta({ instruction: z.string().min(1), input: z.string().min(1), output: z.string() }),
  sharegpt: withMeta({
    conversations: z.tuple([
      z.object({ from: z.literal('human'), value: z.string() }).strict(),
      z.object({ from: z.literal('gpt'), value: z.string() }).strict(),
    ]),
    system: z.string(),
  }),
  dpo: withMeta({
    prompt: PromptTurns,
    chosen: z.tuple([Msg('assistant')]),
    rejected: z.tuple([Msg('assistant')]),
    chosen_message: Msg('assistant'),
    rejected_message: Msg('assistant'),
  }),
};
export type Meta = z.infer<typeof Metadata>;
export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Both splits of an export, each record parsed with its format's schema. */
export function readExport(dir: string, format: ExportFormat) {
  const schema = SCHEMAS[format];
  const read = (split: 'train' | 'validation') =>
    readJsonl(join(dir, `${split}.jsonl`)).map(
      (r) => schema.parse(r) as Record<string, unknown> & { metadata?: Meta },
    );
  return { train: read('train'), validation: read('validation') };
}

// ---- the store ----
export const SYSTEM = 'You are a careful peer reviewer. Use the four-part template.';
export const userOf = (name: string) => `[TITLE]\nPaper ${name}\n\n[CONTENT]\n## Intro\nText of ${name}.`;
const pid = (name: string) => createHash('sha256').update(name).digest('hex');
const sections = (s: string) => ({
  significance: s,
  accept: 'Clear.',
  reject: 'Small.',
  suggestions: 'More data.',
});

export interface ExportLibrary {
  /** Set before the file's tests run, like `modelId`. */
  store: TempStore;
  modelId: string;
  /** Papers p1…p7 and bulk0…bulk39, and r1 (p1's review). */
  ids: Record<string, string>;
  /** Adds a paper with its extracted text; returns its id. */
  paper(name: string): string;
  /** Adds an approved four-part review (unless `extra` says otherwise). */
  review(
    paperId: string,
    annotator: string,
    text: string,
    extra?: Record<string, unknown>,
  ): ReturnType<typeof insertReview>;
  ctx(): RunExportContext;
  /** A fresh output folder. */
  out(): string;
  /** Exports into a fresh folder unless the request names one. */
  exp(req: Omit<ExportRequestInput, 'outDir'> & { outDir?: string }): ReturnType<typeof runExport>;
}

/**
 * The seeded store of the calling test file, made before its tests and removed after them.
 * 47 approved reviews: p1 a draft the annotator rewrote, p2 a draft approved unchanged, p3 no
 * draft, p4 empty, p5 carol's, p7 a trimmed draft rewritten, 40 bulk reviews by dave and
 * frank's copy of bulk0's text; p6 is still in progress.
 */
export function useExportLibrary(): ExportLibrary {
  let outN = 0;
  const lib: ExportLibrary = {
    store: undefined as unknown as TempStore,
    modelId: '',
    ids: {},
    paper(name) {
      const id = pid(name);
      insertPaper(lib.store.db, {
        id,
        title: `Paper ${name}`,
        abstract: `Abstract of ${name}.`,
        fileName: `${name}.pdf`,
      });
      savePaperText(
        lib.store.db,
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
    },
    review(paperId, annotator, text, extra = {}) {
      return insertReview(lib.store.db, {
        paperId,
        annotator,
        templateId: 'four-part@1',
        sections: sections(text),
        status: 'approved',
        ...extra,
      });
    },
    ctx: () => ({
      db: lib.store.db,
      dataDir: lib.store.services.paths.root,
      schemaVersion: lib.store.services.schemaVersion,
    }),
    out: () => join(lib.store.dir, `out-${++outN}`),
    exp: (req) => runExport(lib.ctx(), { outDir: lib.out(), ...req }),
  };
  beforeAll(() => {
    lib.store = tempStore('prs-export-');
    seed(lib);
  });
  afterAll(async () => {
    await lib.store.close();
  });
  return lib;
}

function seed(lib: ExportLibrary): void {
  const { store, ids, paper, review } = lib;
  const modelId = (lib.modelId = insertModel(store.db, { round: 'r0' }));
  insertPrompt(store.db, 'review@1', SYSTEM);
  const draftText = (s: string) =>
    `## Significance and novelty\n\n${s}\n\n## Potential reasons for acceptance\n\nClear.\n\n## Potential reasons for rejection\n\nSmall.\n\n## Suggestions for improvement\n\nMore data.\n`;
  /** A draft of paper `name` with review@1, its prompt as drafting stored it. */
  const draft = (name: string, significance: string, extra: Partial<DraftFixture> = {}) =>
    insertDraft(store.db, {
      paperId: ids[name]!,
      modelId,
      promptId: 'review@1',
      text: draftText(significance),
      system: SYSTEM,
      user: userOf(name),
      ...extra,
    });
  // p1: a draft the annotator rewrote; p2: a draft approved unchanged; p3: no draft.
  ids.p1 = paper('p1');
  const d1 = draft('p1', 'A weak novelty claim.');
  ids.r1 = review(
    ids.p1,
    'alice',
    'The method is new and the analysis of its limits is careful and complete.',
    { draftId: d1 },
  ).id;
  ids.p2 = paper('p2');
  const d2 = draft('p2', 'Solid and new.');
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
  const d7 = draft('p7', 'Too long to fit.', {
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
}
