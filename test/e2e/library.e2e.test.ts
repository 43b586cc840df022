import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { fixturePdf } from '../helpers/corpus';
import { startHostProcess, type HostProcess } from '../helpers/host-process';
import { tempDir } from '../helpers/temp';

const GOOD = ['iclr2017-gcrn.pdf', 'acl2020-s2orc.pdf'].map(fixturePdf);
const TRUNCATED = fixturePdf('bad-truncated-acl2020-s2orc.pdf');
const available = [...GOOD, TRUNCATED].every((f) => existsSync(f));

describe.skipIf(!available)('library through the web host', () => {
  const data = tempDir('prs-e2e-lib-');
  let browser: Browser;
  let host: HostProcess;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    host = await startHostProcess(data.path);
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await page.goto(host.url);
  });
  afterAll(async () => {
    await host?.stop();
    await browser?.close();
    data.remove();
  });

  it('imports a batch through the UI; the bad file reports its error and the rest import', async () => {
    await expect.poll(() => page.getByRole('heading', { name: 'No papers yet' }).isVisible()).toBe(true);
    await page.getByLabel('PDF files').setInputFiles([GOOD[0]!, TRUNCATED, GOOD[1]!]);
    await expect.poll(() => page.getByText('Imported 2, duplicates 0, failed 1.').isVisible(), { timeout: 120_000 }).toBe(true);
    const alert = page.getByRole('alert').filter({ hasText: 'damaged or truncated' });
    await expect.poll(() => alert.isVisible()).toBe(true);
    await expect.poll(() => page.getByText('2 papers').isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('row', { name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i }).isVisible()).toBe(true);

    // The same bytes again are a duplicate, not a second copy.
    await page.getByLabel('PDF files').setInputFiles([GOOD[0]!]);
    await expect.poll(() => page.getByText('Imported 0, duplicates 1, failed 0.').isVisible(), { timeout: 60_000 }).toBe(true);
  });

  it('finds a paper by a word from its body and opens it with the keyboard', async () => {
    await page.getByLabel('Search papers').fill('meteorological');
    await expect.poll(() => page.getByText('1 paper', { exact: true }).isVisible()).toBe(true);
    const row = page.getByRole('row', { name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i });
    // Keyboard path: focus the grid's row, Enter opens it.
    await row.focus();
    await row.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: /GRAPH CONVOLUTIONAL RECURRENT NETWORK/i }).isVisible()).toBe(true);
    // The first paper opened asks once who is annotating.
    const who = page.getByRole('dialog', { name: 'Who is annotating?' });
    await expect.poll(() => who.isVisible()).toBe(true);
    await who.getByLabel('Annotator name').fill('Grace');
    await who.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => who.isVisible()).toBe(false);
  });

  it('finds a word in the PDF with Ctrl+F', async () => {
    await expect.poll(() => page.getByRole('region', { name: 'PDF reader' }).isVisible(), { timeout: 60_000 }).toBe(true);
    await page.keyboard.press('Control+f');
    const find = page.getByLabel('Find in document');
    await expect.poll(() => find.isVisible()).toBe(true);
    await find.fill('meteorological');
    await find.press('Enter');
    await expect.poll(async () => (await page.getByText(/^\d+ of \d+$/).first().textContent()) ?? '', { timeout: 30_000 }).toMatch(/^\d+ of [1-9]\d*$/);
    await expect.poll(() => page.locator('mark').count()).toBeGreaterThan(0);
    await find.press('Escape');
  });

  it('shows the sections the model will read', async () => {
    await page.getByRole('tab', { name: 'Model input' }).click();
    const input = page.getByRole('article', { name: 'Model input' });
    await expect.poll(() => input.getByRole('heading', { name: /5\.2 METEOROLOGICAL PREDICTION/ }).isVisible()).toBe(true);
    await expect.poll(() => input.getByRole('heading', { name: /REFERENCES/ }).isVisible()).toBe(true);
    expect(await input.textContent()).toContain('references');
  });

  it('sorts and filters the table', async () => {
    await page.getByRole('button', { name: /Back to library/ }).click();
    await page.getByLabel('Search papers').fill('');
    await expect.poll(() => page.getByText('2 papers').isVisible()).toBe(true);
    await page.getByRole('button', { name: /^Title/ }).click();
    const firstRow = page.getByRole('row').nth(1);
    await expect.poll(async () => (await firstRow.textContent()) ?? '').toMatch(/^GRAPH/i);
    await page.getByLabel('Status').selectOption('approved');
    await expect.poll(() => page.getByText('No paper matches these filters.').isVisible()).toBe(true);
  });
});
