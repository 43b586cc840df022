import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import { makeTestModels } from '../support/make-test-models';

const PDF = fixturePdf('iclr2017-gcrn.pdf');

const REVIEW = `## Significance and novelty
Extends graph convolutions to recurrent sequence models.

## Potential reasons for acceptance
Clear formulation; two experiments.

## Potential reasons for rejection
Small-scale evaluation only.

## Suggestions for improvement
Compare against more baselines.
`;

describe.skipIf(!existsSync(PDF))('export page through the web host', () => {
  const app = useWebApp({
    prefix: 'prs-e2e-export-',
    seed: ({ data }) => {
      // An approved review, written from scratch through the CLI (no draft, no model).
      const imported = runCliProcess(['import', PDF, '--json', '--data-dir', data]);
      expect(imported.code).toBe(0);
      const id = (JSON.parse(imported.stdout.trim().split('\n')[0]!) as { id: string }).id;
      const file = join(data, 'review.md');
      writeFileSync(file, REVIEW);
      const saved = runCliProcess([
        'review',
        id,
        '--text-file',
        file,
        '--status',
        'approved',
        '--annotator',
        'Ada',
        '--data-dir',
        data,
      ]);
      expect(saved.code, saved.stderr).toBe(0);
    },
    page: true,
  });
  const out = join(app.data, 'my-export');

  it('previews, then writes an export folder whose manifest hashes verify', async () => {
    await app.page.getByRole('link', { name: 'Export' }).click();
    await app.page.getByLabel('Format', { exact: true }).selectOption('messages');
    await app.page.getByLabel('Output folder').fill(out);
    await app.page.getByLabel('Validation share').fill('0');
    await app.page.getByRole('button', { name: 'Preview' }).click();
    const preview = app.page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => preview.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await preview.textContent()).toContain('1 records from 1 papers');
    expect(existsSync(out)).toBe(false); // a preview writes nothing

    await app.page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect
      .poll(() => app.page.getByRole('heading', { name: `Written to ${out}` }).isVisible(), {
        timeout: 60_000,
      })
      .toBe(true);
    await expect
      .poll(() =>
        app.page.getByRole('region', { name: 'Past exports' }).getByRole('cell', { name: out }).isVisible(),
      )
      .toBe(true);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: Array<{ path: string; sha256: string }>;
    };
    expect(manifest.files.length).toBeGreaterThanOrEqual(2);
    for (const f of manifest.files) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, f.path)))
          .digest('hex'),
        f.path,
      ).toBe(f.sha256);
    }
    const lines = readFileSync(join(out, 'train.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as {
      messages: Array<{ role: string; content: string }>;
      metadata: { annotator: string };
    };
    expect(record.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(record.messages[2]!.content).toContain('## Potential reasons for rejection');
    expect(record.messages[1]!.content).toContain('GRAPH CONVOLUTIONAL RECURRENT NETWORK');
    expect(record.metadata.annotator).toBe('Ada');
  });

  it('narrows by annotator: another annotator matches nothing', async () => {
    await app.page.getByLabel('Annotator', { exact: true }).fill('Nobody');
    await app.page.getByRole('button', { name: 'Preview' }).click();
    const preview = app.page.getByRole('region', { name: 'Preview' });
    await expect
      .poll(async () => (await preview.getByRole('row', { name: /Matching reviews/ }).textContent()) ?? '', {
        timeout: 60_000,
      })
      .toMatch(/Matching reviews\s*0$/);
    await app.page.getByLabel('Annotator', { exact: true }).fill('Ada');
    await app.page.getByRole('button', { name: 'Preview' }).click();
    await expect
      .poll(async () => (await preview.getByRole('row', { name: /Matching reviews/ }).textContent()) ?? '', {
        timeout: 60_000,
      })
      .toMatch(/Matching reviews\s*1$/);
  });

  it('refuses to overwrite an existing export folder, with a clear message', async () => {
    await app.page.getByLabel('Output folder').fill(out);
    await app.page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => app.page.getByRole('alert').first().isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await app.page.getByRole('alert').first().textContent()).toMatch(/exist|empty/i);
  });

  it('fits the prompts for a chosen model: its template folds the system text, its tokenizer fits the paper', async () => {
    const models = makeTestModels();
    const added = runCliProcess(['models', 'add', models.mistral, '--json', '--data-dir', app.data]);
    expect(added.code, added.stderr).toBe(0);
    // The page reads the registered models when it opens.
    await app.page.getByRole('link', { name: 'Library' }).click();
    await app.page.getByRole('link', { name: 'Export' }).click();
    const forModel = join(app.data, 'for-mistral');
    await app.page.getByLabel('Format', { exact: true }).selectOption('messages');
    await app.page.getByLabel('Output folder').fill(forModel);
    await app.page.getByLabel('Validation share').fill('0');
    await app.page.getByLabel('Fit prompts for model').selectOption({ label: 'tiny-mistral.gguf' });
    await app.page.getByRole('button', { name: 'Export', exact: true }).click();
    const written = app.page.getByRole('region', { name: 'Export result' });
    await expect
      .poll(() => app.page.getByRole('heading', { name: `Written to ${forModel}` }).isVisible(), {
        timeout: 120_000,
      })
      .toBe(true);
    // The paper is far longer than the tiny model's 4K context: written, trimmed, and said so.
    expect(
      await written.getByRole('row', { name: /Written with the paper trimmed to fit/ }).textContent(),
    ).toMatch(/1$/);
    const record = JSON.parse(readFileSync(join(forModel, 'train.jsonl'), 'utf8').trim()) as {
      messages: Array<{ role: string; content: string }>;
      metadata: { prompt_sha256: string; trimmed: boolean };
    };
    expect(record.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(record.messages[0]!.content).toMatch(/^You are an expert peer reviewer[\s\S]*\n\n\[TITLE\]\n/);
    expect(record.metadata.trimmed).toBe(true);
    // ...and the page says what that means and what to change.
    expect(await written.getByRole('region', { name: 'Why the export is small' }).textContent()).toContain(
      "1 of 1 records carry a paper cut to fit the model's context (“trimmed paper”): choose a model with a longer context",
    );
    // The prompt as Mistral v0.2's template renders it, byte for byte.
    const prompt = `<s>[INST] ${record.messages[0]!.content} [/INST]`;
    expect(record.metadata.prompt_sha256).toBe(createHash('sha256').update(prompt).digest('hex'));
  });

  it('keeps a typed folder across a format change, says why an export is empty, and shows a sample record', async () => {
    const { page } = app;
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Export' }).click();
    const folder = page.getByLabel('Output folder');
    await expect.poll(() => folder.inputValue(), { timeout: 30_000 }).toMatch(/exports/);
    const mine = join(app.data, 'typed-by-hand');
    // Cleared to type a new one, the field stays empty (it used to snap back to the default).
    await folder.fill('');
    await page.getByLabel('Format', { exact: true }).selectOption('alpaca');
    expect(await folder.inputValue()).toBe('');
    await folder.fill(mine);
    await page.getByLabel('Format', { exact: true }).selectOption('dpo');
    expect(await folder.inputValue()).toBe(mine);

    // Nothing matches: the page says so and which filters to change.
    await page.getByLabel('Format', { exact: true }).selectOption('messages');
    await page.getByLabel('Annotator', { exact: true }).fill('Nobody');
    await page.getByRole('button', { name: 'Preview' }).click();
    const advice = page
      .getByRole('region', { name: 'Preview' })
      .getByRole('region', { name: 'Why the export is small' });
    await expect.poll(() => advice.count(), { timeout: 80_000 }).toBe(1);
    expect(await advice.textContent()).toContain('No review matches these filters');

    // One record matches: the preview shows it, as the file would hold it.
    await page.getByLabel('Annotator', { exact: true }).fill('');
    expect(await folder.inputValue()).toBe(mine);
    await page.getByRole('button', { name: 'Preview' }).click();
    const sample = page.getByRole('region', { name: 'Preview' }).getByLabel('One record');
    await expect.poll(() => sample.count(), { timeout: 80_000 }).toBe(1);
    expect(await sample.textContent()).toContain('"role": "assistant"');
    expect(await sample.textContent()).toContain('## Potential reasons for rejection');
  });
});
