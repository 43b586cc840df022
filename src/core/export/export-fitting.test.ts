import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import { runExport } from './run';
import { insertPaper, savePaperText } from '../store/repos/papers';
import { insertReview } from '../store/repos/reviews';
import { writeEngineSettings } from '../engine/settings';
import { renderChat, sha256Text } from '../engine/chat-prompt';
import { chatTemplateOfModel } from '../engine/model-template';
import { insertModel, tempStore, type TempStore } from '../../../test/support/dataset-store';
import { makeTestModels, type TestModels } from '../../../test/support/make-test-models';

/**
 * Reviews without a draft, in a library whose default model is a real (tiny) GGUF: each
 * prompt is fitted as drafting would fit it, counting with that model's tokenizer, and
 * rendered by its chat template (Gemma's: no system role, so the system text is folded).
 */
let store: TempStore;
let models: TestModels;
let llama: Llama;
let gemma: LlamaModel;
const LONG = 'The method is evaluated on three benchmarks. ';
const ids = { short: '1'.repeat(64), long: '2'.repeat(64), huge: '3'.repeat(64) };

beforeAll(async () => {
  models = makeTestModels();
  store = tempStore('prs-export-fit-');
  insertModel(store.db, { round: 'r1', path: models.gemma });
  writeEngineSettings(store.db, { contextSize: 1024, maxTokens: 256 });
  const papers: Array<[string, string, string[]]> = [
    [ids.short, LONG.repeat(5), []],
    [ids.long, LONG.repeat(300), []],
    // The abstract is never cut: this one cannot fit even with the body emptied and the captions dropped.
    [ids.huge, LONG, [LONG.repeat(20)]],
  ];
  for (const [id, body, captions] of papers) {
    const abstract = id === ids.huge ? LONG.repeat(200) : 'Short abstract.';
    insertPaper(store.db, { id, title: `Paper ${id.slice(0, 1)}`, abstract });
    savePaperText(
      store.db,
      id,
      {
        extractorVersion: 't@1',
        sections: [
          { heading: '1 Body', kind: 'body', text: body, pages: [1, 1] },
          { heading: 'References', kind: 'references', text: 'r '.repeat(1000), pages: [2, 2] },
        ],
        captions,
        warnings: [],
      },
      'x',
    );
    insertReview(store.db, {
      paperId: id,
      annotator: 'ann',
      templateId: 'four-part@1',
      status: 'approved',
      sections: { significance: `Review of ${id.slice(0, 1)}.` },
    });
  }
  llama = await getLlama({ build: 'never', gpu: false, logLevel: LlamaLogLevel.error });
  gemma = await llama.loadModel({ modelPath: models.gemma, vocabOnly: true });
});
afterAll(async () => {
  await gemma?.dispose();
  await llama?.dispose();
  await store.close();
});

type Line = { messages: Array<{ role: string; content: string }>; metadata: Record<string, unknown> };

describe('export: prompts rendered for reviews without a draft', () => {
  it('fits them with the model tokenizer and template, keeps trimmed papers, lists what cannot fit', async () => {
    const ctx = { db: store.db, dataDir: store.services.paths.root, schemaVersion: 1 };
    const dir = join(store.dir, 'out');
    const r = await runExport(ctx, { format: 'messages', outDir: dir, valRatio: 0 });
    expect(r.counts.train).toBe(2);
    expect(r.counts.trimmed).toBe(2); // both lost their references; the long one its body's end too
    expect(r.counts.excluded.doesNotFit).toBe(1);
    const lines = readFileSync(join(dir, 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const tpl = chatTemplateOfModel(gemma)!;
    for (const line of lines) {
      const prompt = line.messages.slice(0, -1);
      expect(prompt.map((m) => m.role)).toEqual(['user']); // Gemma: system text folded in
      expect(prompt[0]!.content).toMatch(/^You are an expert peer reviewer[\s\S]*\n\n\[TITLE\]\n/);
      expect(prompt[0]!.content).not.toContain('## References');
      const text = renderChat(tpl, prompt as Array<{ role: 'user'; content: string }>);
      expect(line.metadata.prompt_sha256).toBe(sha256Text(text));
      // Token-exact: the count is the tokenizer's, and it fits the budget 1024 − 256.
      const tokens = gemma.tokenize(text, true).length;
      expect(line.metadata.prompt_tokens).toBe(tokens);
      expect(tokens).toBeLessThanOrEqual(768);
      expect(line.metadata).toMatchObject({
        trimmed: true,
        has_draft: false,
        draft_id: '',
        edit_distance: -1,
        prompt_source: 'rendered',
      });
    }
    const long = lines.find((l) => l.metadata.paper_id === ids.long)!;
    expect(long.messages[0]!.content).toContain('[…]');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      excluded: Array<{ review_id: string; paper_id: string; reason: string }>;
      target_model: Record<string, unknown>;
      tokenCounting: string;
      recommendedMaxLength: number;
    };
    expect(manifest.excluded).toEqual([
      {
        review_id: expect.any(String),
        paper_id: ids.huge,
        reason: expect.stringMatching(
          /^does not fit: does_not_fit: The paper does not fit even after trimming: \d+ prompt tokens with every body section emptied and the captions dropped/,
        ),
      },
    ]);
    expect(manifest.target_model).toMatchObject({
      path: models.gemma,
      system_role: 'folded',
      context_size: 1024,
      reservedOutputTokens: 256,
    });
    expect(manifest.tokenCounting).toMatch(/^exact: the tokenizer of tiny-gemma\.gguf/);
    expect(manifest.recommendedMaxLength).toBeGreaterThan(
      Math.max(...lines.map((l) => l.metadata.prompt_tokens as number)),
    );
    const card = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(card).toMatch(/^---\nconfigs:\n/);
    expect(card).toContain(`max_length=${manifest.recommendedMaxLength}`);
  });
});

describe('export --for-model', () => {
  it('refuses a model that is neither registered nor a file, before making the folder', async () => {
    const ctx = { db: store.db, dataDir: store.services.paths.root, schemaVersion: 1 };
    const outDir = join(store.dir, 'out-missing-model');
    await expect(
      runExport(ctx, { format: 'messages', outDir, forModel: join(store.dir, 'nope.gguf') }),
    ).rejects.toThrow(
      /--for-model .*nope\.gguf: no registered model has that id, and there is no such GGUF file\./,
    );
    expect(existsSync(outDir)).toBe(false);
  });
});
