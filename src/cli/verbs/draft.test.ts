import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createServices } from '../../core/services';
import { addTestPaper, makeTestModels } from '../../core/engine/engine.fixtures';
import { writeEngineSettings } from '../../core/engine/settings';
import { runCliProcess } from '../../../test/support/run-cli';

const models = makeTestModels();
const dir = mkdtempSync(join(tmpdir(), 'prs-cli-draft-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('models and draft verbs', () => {
  it('adds a model, lists it, and drafts with --json provenance', () => {
    const s = createServices({ dataDir: dir, host: 'cli' });
    writeEngineSettings(s.db, { threads: 1, contextSize: 2048 });
    const paperId = addTestPaper(s);
    void s.close();

    const added = runCliProcess([
      'models',
      'add',
      models.mistral,
      '--json',
      '--round',
      'r1',
      '--data-dir',
      dir,
    ]);
    expect(added.stderr).toContain('hashing');
    expect(added.code).toBe(0);
    const model = JSON.parse(added.stdout) as {
      id: string;
      sha256: string;
      architecture: string;
      round: string;
    };
    expect(model).toMatchObject({ architecture: 'llama', round: 'r1' });
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);

    const list = runCliProcess(['models', 'list', '--json', '--data-dir', dir]);
    expect(JSON.parse(list.stdout)).toHaveLength(1);

    const r = runCliProcess([
      'draft',
      paperId.slice(0, 12),
      '--model',
      model.id,
      '--max-tokens',
      '16',
      '--seed',
      '4',
      '--json',
      '--data-dir',
      dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const summary = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({
      paperId,
      model: { id: model.id, sha256: model.sha256, architecture: 'llama' },
      promptVersion: 'default@1',
      template: 'four-part@1',
      tokensOut: 16,
      endReason: 'length',
      trimmed: [],
    });
    // The sha256 of the exact prompt the model was fed, as the draft stored it.
    const stored = new Database(join(dir, 'library.db'), { readonly: true });
    const row = stored.prepare('SELECT prompt_hash FROM drafts WHERE id = ?').get(summary.draftId) as {
      prompt_hash: string;
    };
    stored.close();
    expect(summary.promptSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.promptSha256).toBe(row.prompt_hash);
    expect(Object.keys(summary)).toEqual([
      'draftId',
      'paperId',
      'model',
      'backend',
      'promptVersion',
      'promptSha256',
      'template',
      'tokensIn',
      'tokensOut',
      'ttftMs',
      'tokensPerSecond',
      'endReason',
      'trimmed',
    ]);

    const bad = runCliProcess(['draft', paperId, '--model', models.unknownArch, '--data-dir', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'paper-review: tiny-foo-arch.gguf uses the architecture "foo", which llama.cpp cannot run.',
    );
  });
});
