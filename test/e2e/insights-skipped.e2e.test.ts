import { describe, expect, it } from 'vitest';
import { useWebApp } from '../support/e2e-app';
import { createServices } from '../../src/core/services';
import { openReview, setReviewStatus } from '../../src/core/review';
import { seedDraft, seedPaper } from '../../src/core/review/seed.fixtures';

/**
 * A paper skipped before any draft (out of scope at a glance) is still a skipped paper:
 * Insights counts it, where it used to read "Skipped 0" because only drafted papers counted.
 */
describe('insights counts a paper skipped without a draft', () => {
  const app = useWebApp({
    prefix: 'prs-e2e-insights-skip-',
    seed: async ({ data }) => {
      const s = createServices({ dataDir: data, host: 'cli' });
      seedDraft(s, seedPaper(s, 'Drafted paper'));
      const skipped = openReview(s, { paperId: seedPaper(s, 'Out of scope paper'), annotator: 'Ada' });
      setReviewStatus(s, { reviewId: skipped.id, status: 'skipped', reason: 'Out of scope' });
      await s.close();
    },
    page: true,
  });

  it('shows Skipped 1 in the summary', async () => {
    const { page } = app;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
    const summary = page.getByLabel('Totals', { exact: true });
    const skipped = summary
      .locator('div')
      .filter({ has: page.getByRole('term').getByText('Skipped', { exact: true }) });
    await expect.poll(() => skipped.getByRole('definition').textContent(), { timeout: 30_000 }).toBe('1');
  });
});
