import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import { makeTestModels } from '../support/make-test-models';

/**
 * "Check fit" on the Models page: it starts from the context the model was trained on
 * (4,096 for the tiny models), reads as one sentence (not "Fits — Fits:"), and a verdict
 * disappears once what it was computed for changes (the size, or the model's adapters).
 */
describe('checking whether a model fits', () => {
  const models = makeTestModels();
  const app = useWebApp({
    prefix: 'prs-e2e-fit-',
    library: 'lib',
    seed: ({ data }) => {
      const added = runCliProcess(['models', 'add', models.mistral, '--data-dir', data]);
      expect(added.code, added.stderr).toBe(0);
    },
    page: true,
  });

  it('checks the trained context and drops a stale verdict', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    const card = page.getByRole('article').filter({ hasText: 'tiny-mistral.gguf' }).first();
    const size = card.getByLabel('Context size');
    await expect.poll(() => size.inputValue(), { timeout: 30_000 }).toBe('4096');
    await card.getByRole('button', { name: 'Check fit' }).click();
    const verdict = card.getByRole('status');
    await expect
      .poll(() => verdict.textContent(), { timeout: 60_000 })
      .toMatch(/^(Fits|Tight|Won't fit): context 4,096 with \d+ GPU layers/);
    expect(await verdict.textContent()).not.toMatch(/Fits — Fits|: .*: /);

    // A new size: the old verdict would answer the wrong question, so it goes.
    await size.fill('8192');
    expect(await verdict.count()).toBe(0);
    expect(await card.getByRole('note').textContent()).toContain('trained on 4,096 tokens of context');
    // Above the trained context the engine refuses (issue 18: contextSize bounded by n_ctx_train).
    await card.getByRole('button', { name: 'Check fit' }).click();
    await expect
      .poll(() => card.getByRole('alert').textContent(), { timeout: 60_000 })
      .toMatch(/A context of 8192 tokens is larger than .* was trained on \(4096 tokens\)/);
    await size.fill('4096');
    await card.getByRole('button', { name: 'Check fit' }).click();
    await expect.poll(() => verdict.textContent(), { timeout: 60_000 }).toContain('context 4,096');

    // The model changes (an adapter attached): the verdict is stale again.
    await card.getByLabel('Adapter file (GGUF) path').fill(join(models.dir, 'tiny-mistral-lora.gguf'));
    await card.getByRole('button', { name: 'Attach adapter' }).click();
    await expect
      .poll(() => card.getByText('tiny-mistral-lora.gguf').count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await verdict.count()).toBe(0);
  });
});
