import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useWebApp } from '../support/e2e-app';
import { startHostProcess } from '../support/host-process';
import { tempDir } from '../support/temp';
import { createServices } from '../../src/core/services';
import { seedInsights } from '../../src/core/insights/insights.fixtures';

/**
 * Insights through the web host in Chromium, on the two-round fixture of the unit tests
 * (written into library.db before the host starts). Expected values: see insights.test.ts.
 */
describe('insights page', () => {
  const app = useWebApp({
    prefix: 'prs-e2e-insights-',
    seed: async ({ data }) => {
      const s = createServices({ dataDir: data, host: 'cli' });
      seedInsights(s.db);
      await s.close();
    },
  });

  it('compares two rounds in a chart, with the same values in its table, and saves PNG and CSV', async () => {
    const context = await app.browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(app.host.url);
    await page.getByRole('link', { name: 'Insights' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Insights', level: 1 }).isVisible()).toBe(true);

    const card = page.getByRole('region', { name: 'Round comparison' });
    await card.getByLabel('Round A').selectOption('r1');
    await card.getByLabel('Round B').selectOption('r2');
    // The chart: two series (r1, r2) × four measures drawn as bars.
    await expect.poll(() => card.locator('svg.recharts-surface .recharts-bar-rectangle').count()).toBe(8);

    await card.getByRole('button', { name: 'Show table' }).click();
    const table = card.getByRole('table', { name: 'Round comparison' });
    await expect.poll(() => table.isVisible()).toBe(true);
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Measure', 'r1', 'r2', 'Change', 'Relative change', 'Direction']);
    const row = async (name: string) =>
      (
        await table
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
          .allInnerTexts()
      )[0]!
        .split('\t')
        .map((s) => s.trim());
    expect(await row('Approved unchanged share')).toEqual([
      'Approved unchanged share',
      '33.3%',
      '50.0%',
      '+16.7 pp',
      '+50.0%',
      'Better',
    ]);
    expect(await row('Median edit distance')).toEqual([
      'Median edit distance',
      '0.256',
      '0.031',
      '-0.225',
      '-87.8%',
      'Better',
    ]);
    expect(await row('Point recall')).toEqual([
      'Point recall',
      '76.5%',
      '94.4%',
      '+18.0 pp',
      '+23.5%',
      'Better',
    ]);
    expect(await row('Labels per 100 drafts')).toEqual([
      'Labels per 100 drafts',
      '100.0',
      '50.0',
      '-50.0',
      '-50.0%',
      'Better',
    ]);
    expect(await row('Median tokens/s')).toEqual([
      'Median tokens/s',
      '23.0',
      '42.0',
      '+19.0',
      '+82.6%',
      'Better',
    ]);

    // The rule behind point overlap is stated on the page, by the point chart and in "How these are measured".
    await expect.poll(() => page.getByText(/overlap by at least 0\.5/).count()).toBe(2);

    const [png] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: 'Save PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('round-comparison.png');
    expect(
      readFileSync((await png.path())!)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: 'Save CSV' }).click(),
    ]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('Approved unchanged share,0.333333,0.5,0.166667,0.5,better');
    expect(cspErrors).toEqual([]);
    await context.close();
  });

  it('filters by template and date', async () => {
    const context = await app.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(app.host.url);
    await page.getByRole('link', { name: 'Insights' }).click();
    const summary = page.getByRole('definition').first();
    await expect.poll(() => summary.textContent()).toBe('9');
    await page.getByLabel('Template').selectOption('conference@1');
    await expect.poll(() => summary.textContent()).toBe('2');
    await page.getByLabel('From').fill('2030-01-01');
    await expect.poll(() => page.getByText('No drafts match these filters.').isVisible()).toBe(true);
    await context.close();
  });

  it('shows the empty state on a library with no drafts', async () => {
    const empty = tempDir('prs-e2e-insights-empty-');
    const other = await startHostProcess(empty.path);
    try {
      const context = await app.browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(other.url);
      await page.getByRole('link', { name: 'Insights' }).click();
      await expect
        .poll(() => page.getByRole('heading', { name: 'Nothing to measure yet' }).isVisible())
        .toBe(true);
      expect(
        await page.getByText('Draft and correct a few papers to see whether the model improves.').isVisible(),
      ).toBe(true);
      await context.close();
    } finally {
      await other.stop();
      empty.remove();
    }
  });
});
