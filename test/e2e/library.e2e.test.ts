import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';

const GOOD = ['iclr2017-gcrn.pdf', 'acl2020-s2orc.pdf'].map(fixturePdf);
const TRUNCATED = fixturePdf('bad-truncated-acl2020-s2orc.pdf');
const available = [...GOOD, TRUNCATED].every((f) => existsSync(f));

describe.skipIf(!available)('library through the web host', () => {
  const app = useWebApp({ prefix: 'prs-e2e-lib-', page: true });

  it('imports a batch through the UI; the bad file reports its error and the rest import', async () => {
    await expect.poll(() => app.page.getByRole('heading', { name: 'No papers yet' }).isVisible()).toBe(true);
    await app.page.getByLabel('PDF files').setInputFiles([GOOD[0]!, TRUNCATED, GOOD[1]!]);
    await expect
      .poll(() => app.page.getByText('Imported 2, duplicates 0, failed 1.').isVisible(), { timeout: 120_000 })
      .toBe(true);
    const alert = app.page.getByRole('alert').filter({ hasText: 'damaged or truncated' });
    await expect.poll(() => alert.isVisible()).toBe(true);
    await expect.poll(() => app.page.getByText('2 papers').isVisible()).toBe(true);
    await expect
      .poll(() => app.page.getByRole('row', { name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i }).isVisible())
      .toBe(true);

    // The same bytes again are a duplicate, not a second copy.
    await app.page.getByLabel('PDF files').setInputFiles([GOOD[0]!]);
    await expect
      .poll(() => app.page.getByText('Imported 0, duplicates 1, failed 0.').isVisible(), { timeout: 60_000 })
      .toBe(true);
  });

  it('finds a paper by a word from its body and opens it with the keyboard', async () => {
    await app.page.getByLabel('Search papers').fill('meteorological');
    await expect.poll(() => app.page.getByText('1 paper', { exact: true }).isVisible()).toBe(true);
    const row = app.page.getByRole('row', { name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i });
    // Keyboard path: focus the grid's row, Enter opens it.
    await row.focus();
    await row.press('Enter');
    await expect
      .poll(() =>
        app.page
          .getByRole('heading', { level: 1, name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i })
          .isVisible(),
      )
      .toBe(true);
    // The first paper opened asks once who is annotating.
    const who = app.page.getByRole('dialog', { name: 'Who is annotating?' });
    await expect.poll(() => who.isVisible()).toBe(true);
    await who.getByLabel('Annotator name').fill('Grace');
    await who.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => who.isVisible()).toBe(false);
  });

  it('finds a word in the PDF with Ctrl+F', async () => {
    await expect
      .poll(() => app.page.getByRole('region', { name: 'PDF reader' }).isVisible(), { timeout: 60_000 })
      .toBe(true);
    await app.page.keyboard.press('Control+f');
    const find = app.page.getByLabel('Find in document');
    await expect.poll(() => find.isVisible()).toBe(true);
    await find.fill('meteorological');
    await find.press('Enter');
    await expect
      .poll(
        async () =>
          (await app.page
            .getByText(/^\d+ of \d+$/)
            .first()
            .textContent()) ?? '',
        { timeout: 30_000 },
      )
      .toMatch(/^\d+ of [1-9]\d*$/);
    await expect.poll(() => app.page.locator('mark').count()).toBeGreaterThan(0);
    await find.press('Escape');
  });

  it('shows the sections the model will read', async () => {
    await app.page.getByRole('tab', { name: 'Model input' }).click();
    const input = app.page.getByRole('article', { name: 'Model input' });
    await expect
      .poll(() => input.getByRole('heading', { name: /5\.2 METEOROLOGICAL PREDICTION/ }).isVisible())
      .toBe(true);
    await expect.poll(() => input.getByRole('heading', { name: /REFERENCES/ }).isVisible()).toBe(true);
    expect(await input.textContent()).toContain('references');
  });

  it('sorts and filters the table', async () => {
    await app.page.getByRole('button', { name: /Back to library/ }).click();
    await app.page.getByLabel('Search papers').fill('');
    await expect.poll(() => app.page.getByText('2 papers').isVisible()).toBe(true);
    await app.page.getByRole('button', { name: /^Title/ }).click();
    const firstRow = app.page.getByRole('row').nth(1);
    await expect.poll(async () => (await firstRow.textContent()) ?? '').toMatch(/^GRAPH/i);
    await app.page.getByLabel('Status').selectOption('approved');
    await expect.poll(() => app.page.getByText('No paper matches these filters.').isVisible()).toBe(true);
  });
});
