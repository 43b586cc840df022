import { existsSync, writeFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import { makeTestModels } from '../support/make-test-models';
import { createServices } from '../../src/core/services';
import { writeEngineSettings } from '../../src/core/engine/settings';

const GCRN = fixturePdf('iclr2017-gcrn.pdf');

/**
 * Batch pre-drafting from the library page, as an annotator starts it (with token prediction
 * turned on first): the real engine on the tiny generated model drafts every paper in the view; the panel counts them, says why
 * it drafts that many at once, and names the paper that could not be drafted and why (a
 * scan: no text layer), with a link to it. The other paper has its draft waiting.
 */
/** Three pages with a drawn rectangle and no text: what a scanned paper looks like to the extractor. */
async function scannedPdf(file: string): Promise<string> {
  const doc = await PDFDocument.create();
  doc.setTitle('Scanned Pages');
  for (let i = 0; i < 3; i++) doc.addPage().drawRectangle({ x: 50, y: 50, width: 300, height: 400 });
  writeFileSync(file, await doc.save());
  return file;
}

describe.skipIf(!existsSync(GCRN))('pre-drafting the library through the web host', () => {
  const app = useWebApp({
    prefix: 'prs-e2e-predraft-',
    library: 'lib',
    seed: async ({ dir, data }) => {
      const models = makeTestModels(join(dir, 'models'));
      const scanned = await scannedPdf(join(dir, 'scanned-pages.pdf'));
      const imported = runCliProcess(['import', GCRN, scanned, '--data-dir', data]);
      expect(imported.code, imported.stderr).toBe(0);
      const added = runCliProcess(['models', 'add', models.mistral, '--data-dir', data]);
      expect(added.code, added.stderr).toBe(0);
      // Short drafts on one thread: the test is about the queue, not the text.
      const s = createServices({ dataDir: data, host: 'cli' });
      writeEngineSettings(s.db, { threads: 1, contextSize: 2048, maxTokens: 8 });
      await s.close();
    },
    page: true,
  });

  it('turns on token prediction in Models → System, and the choice stays', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    const system = page.getByRole('region', { name: 'System' });
    const predictor = system.getByLabel('Token prediction');
    await expect.poll(() => predictor.inputValue(), { timeout: 60_000 }).toBe('none');
    await predictor.selectOption({ label: 'Input lookup (speculative decoding)' });
    // The batch size is left to the engine: empty, "Automatic", and the field says what that means.
    const batch = system.getByLabel('Batch size (empty = automatic)');
    expect(await batch.inputValue()).toBe('');
    expect(await batch.getAttribute('placeholder')).toBe('Automatic');
    const helpId = await batch.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${helpId}"]`).textContent()).toMatch(
      /^Automatic: 2048 when the whole model is on the GPU/,
    );
    await page.reload();
    await expect
      .poll(() => page.getByRole('region', { name: 'System' }).getByLabel('Token prediction').inputValue(), {
        timeout: 60_000,
      })
      .toBe('input-lookup');
  });

  it('drafts the papers in the view, says why one at a time, and names the one that failed', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await expect.poll(() => page.getByText('2 papers').isVisible()).toBe(true);
    const panel = page.getByRole('region', { name: 'Pre-draft' });
    await expect
      .poll(() => panel.getByLabel('Pre-draft the papers in this view with').inputValue())
      .not.toBe('');
    await panel.getByRole('button', { name: 'Pre-draft these papers' }).click();

    const status = panel.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toContain('1 of 2 drafted, 1 failed');
    expect(await status.textContent()).toContain('Why: The CPU backend drafts one paper at a time.');
    // Finished: no time left to estimate, so no "less than a minute left".
    await expect.poll(() => status.textContent()).not.toMatch(/left/);
    // Done: the panel offers a new batch again, not a cancel.
    await expect
      .poll(() => panel.getByRole('button', { name: 'Pre-draft these papers' }).isVisible())
      .toBe(true);

    const failed = panel.getByRole('list', { name: 'Papers that failed' }).getByRole('listitem');
    await expect.poll(() => failed.count()).toBe(1);
    expect(await failed.textContent()).toMatch(
      /^Scanned Pages: "Scanned Pages" has no text layer \(a scanned PDF\?\)/,
    );
    await failed.getByRole('link').click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: /Scanned Pages/ }).isVisible())
      .toBe(true);
    const who = page.getByRole('dialog', { name: 'Who is annotating?' });
    await expect.poll(() => who.isVisible()).toBe(true);
    await who.getByLabel('Annotator name').fill('Grace');
    await who.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => who.isVisible()).toBe(false);

    // The paper that fitted has its draft waiting.
    await page.getByRole('button', { name: '← Back to library' }).click();
    const row = page.getByRole('row', { name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i });
    await expect.poll(() => row.isVisible()).toBe(true);
    // Not the first row: Enter opens the focused row, not the grid's first.
    await row.focus();
    await row.press('Enter');
    await expect
      .poll(() =>
        page.getByRole('heading', { level: 1, name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i }).isVisible(),
      )
      .toBe(true);
    const drafts = page.getByRole('region', { name: 'Drafts of this paper' }).getByRole('listitem');
    await expect.poll(() => drafts.count(), { timeout: 30_000 }).toBe(1);
  });

  it('shows the batch finished even when none of its progress events arrive', async () => {
    const { page } = app;
    // The page's events socket goes nowhere (as while it reconnects): what the panel shows
    // must come from reading the batch back.
    await page.routeWebSocket(/\/events/, () => undefined);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    const panel = page.getByRole('region', { name: 'Pre-draft' });
    const start = panel.getByRole('button', { name: 'Pre-draft these papers' });
    await expect.poll(() => start.isEnabled(), { timeout: 60_000 }).toBe(true);
    await start.click();
    const status = panel.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toContain('1 of 2 drafted, 1 failed');
    await expect.poll(() => start.isVisible()).toBe(true);
  });

  it('does not draft again the papers already approved or skipped', async () => {
    const { page, dir, data } = app;
    const papers = runCliProcess(['papers', '--json', '--data-dir', data]).stdout.trim().split('\n');
    const ids = papers.map((l) => JSON.parse(l) as { id: string; title: string });
    const gcrn = ids.find((p) => /GRAPH CONVOLUTIONAL/i.test(p.title))!.id;
    const scan = ids.find((p) => p.title === 'Scanned Pages')!.id;
    const md = join(dir, 'approved.md');
    writeFileSync(md, '## Significance and novelty\nA corrected review.\n');
    const a = runCliProcess([
      'review',
      gcrn,
      '--text-file',
      md,
      '--status',
      'approved',
      '--annotator',
      'Grace',
      '--data-dir',
      data,
    ]);
    expect(a.code, a.stderr).toBe(0);
    const k = runCliProcess([
      'review',
      scan,
      '--text-file',
      md,
      '--status',
      'skipped',
      '--reason',
      'A scan',
      '--annotator',
      'Grace',
      '--data-dir',
      data,
    ]);
    expect(k.code, k.stderr).toBe(0);

    const draftCount = () =>
      (JSON.parse(runCliProcess(['stats', '--json', '--data-dir', data]).stdout) as { drafts: number })
        .drafts;
    const before = draftCount();
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    const panel = page.getByRole('region', { name: 'Pre-draft' });
    await expect
      .poll(() => panel.getByRole('button', { name: 'Pre-draft these papers' }).isEnabled(), {
        timeout: 60_000,
      })
      .toBe(true);
    await panel.getByRole('button', { name: 'Pre-draft these papers' }).click();
    await expect
      .poll(() => panel.getByRole('alert').textContent(), { timeout: 30_000 })
      .toMatch(/Nothing to draft: all 2 papers in this view are already approved, skipped or rejected/);
    expect(draftCount()).toBe(before);
  });
});
