import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExport } from './run';
import { insertPaper, savePaperText } from '../store/repos/papers';
import { insertReview } from '../store/repos/reviews';
import { writeEngineSettings } from '../engine/settings';
import { insertModel, tempStore, type TempStore } from '../../../test/fixtures/datasets/store';

/** Reviews without a draft, in a library with a model: the prompt is fitted as drafting would. */
let store: TempStore;
const LONG = 'a'.repeat(40) + ' ';
beforeAll(() => {
  store = tempStore('prs-export-fit-');
  insertModel(store.db, { round: 'r1' });
  // Budget: 1024 − 256 = 768 tokens ≈ 3 000 characters with the approximate count.
  writeEngineSettings(store.db, { contextSize: 1024, maxTokens: 256 });
  for (const [id, size] of [
    ['1'.repeat(64), 50],
    ['2'.repeat(64), 300],
  ] as const) {
    insertPaper(store.db, { id, title: `Paper ${size}`, abstract: 'Short abstract.' });
    savePaperText(
      store.db,
      id,
      {
        extractorVersion: 't@1',
        sections: [
          { heading: '1 Body', kind: 'body', text: LONG.repeat(size), pages: [1, 1] },
          { heading: 'References', kind: 'references', text: 'r'.repeat(2000), pages: [2, 2] },
        ],
        captions: [],
        warnings: [],
      },
      'x',
    );
    insertReview(store.db, {
      paperId: id,
      annotator: 'ann',
      templateId: 'four-part@1',
      status: 'approved',
      sections: { significance: `Review of ${size}.` },
    });
  }
});
afterAll(async () => {
  await store.close();
});

describe('export: prompts rendered for reviews without a draft', () => {
  it('fits them with the engine rule (approximate token count), flags and excludes trimmed papers', async () => {
    const ctx = { db: store.db, dataDir: store.services.paths.root, schemaVersion: 1 };
    const dir = join(store.dir, 'out');
    const r = await runExport(ctx, { format: 'messages', outDir: dir, valRatio: 0, include: [] });
    // Both lose their references; the 300-word body also had to be cut → both trimmed, both excluded.
    expect(r.counts.excluded.trimmed).toBe(2);
    const kept = await runExport(ctx, {
      format: 'messages',
      outDir: join(store.dir, 'out2'),
      valRatio: 0,
      include: ['trimmed'],
    });
    expect(kept.counts.keptFlagged.trimmed).toBe(2);
    const lines = readFileSync(join(store.dir, 'out2', 'train.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const users = lines.map(
      (l) => (JSON.parse(l) as { messages: Array<{ content: string }> }).messages[1]!.content,
    );
    for (const u of users) {
      expect(u).not.toContain('## References');
      expect(Math.ceil(u.length / 4)).toBeLessThanOrEqual(768);
    }
    expect(users.some((u) => u.includes('[…]'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(store.dir, 'out2', 'manifest.json'), 'utf8')) as {
      prompt: { fitting: Record<string, unknown> };
    };
    expect(manifest.prompt.fitting).toMatchObject({
      contextSize: 1024,
      maxTokens: 256,
      tokenCounting: 'approximate: ceil(characters / 4)',
    });
  });
});
