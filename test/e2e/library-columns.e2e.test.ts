import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';

const GCRN = fixturePdf('iclr2017-gcrn.pdf');
const S2ORC = fixturePdf('acl2020-s2orc.pdf');

/** Pages with a drawn rectangle and no text: what a scanned paper looks like to the extractor. */
async function scannedPdf(file: string): Promise<string> {
  const doc = await PDFDocument.create();
  doc.setTitle('Scanned Pages');
  for (let i = 0; i < 2; i++) doc.addPage().drawRectangle({ x: 50, y: 50, width: 300, height: 400 });
  writeFileSync(file, await doc.save());
  return file;
}

/**
 * The library list as an annotator scans it: authors, venue and year beside the title, a
 * scanned paper flagged in its row (not just "New"), sorting by year and narrowing by
 * author, venue and flag.
 */
describe.skipIf(![GCRN, S2ORC].every(existsSync))('library columns, flags and filters', () => {
  const app = useWebApp({
    prefix: 'prs-e2e-libcols-',
    library: 'lib',
    seed: async ({ dir, data }) => {
      const scanned = await scannedPdf(join(dir, 'scanned-pages.pdf'));
      const r = runCliProcess(['import', GCRN, S2ORC, scanned, '--data-dir', data]);
      expect(r.code, r.stderr).toBe(0);
    },
    page: true,
  });
  const grid = () => app.page.getByRole('grid', { name: 'Papers' });
  const row = (name: RegExp) => grid().getByRole('row', { name });

  it('shows authors, venue and year, and flags the scanned paper in its row', async () => {
    await expect.poll(() => app.page.getByText('3 papers').isVisible(), { timeout: 30_000 }).toBe(true);
    const headers = await grid().getByRole('columnheader').allTextContents();
    expect(headers.slice(0, 6)).toEqual(['Title', 'Authors', 'Venue', 'Year', 'Pages', 'Status']);
    const s2orc = row(/S2ORC/);
    await expect.poll(() => s2orc.isVisible()).toBe(true);
    const cells = await s2orc.getByRole('gridcell').allTextContents();
    expect(cells.slice(1, 4)).toEqual(['Kyle Lo et al.', 'ACL', '2020']);
    // Its venue is the running header "Under review as a conference paper at ICLR 2017".
    const gcrn = await row(/GRAPH CONVOLUTIONAL/i)
      .getByRole('gridcell')
      .allTextContents();
    expect(gcrn.slice(1, 4)).toEqual(['Youngjoo Seo et al.', 'ICLR', '2017']);
    const scan = row(/Scanned Pages/);
    expect(await scan.getByRole('gridcell').nth(5).textContent()).toBe('NewScanned');
    expect(await scan.getByText('Scanned', { exact: true }).getAttribute('title')).toMatch(/No text layer/);
    expect(
      await row(/GRAPH CONVOLUTIONAL/i)
        .getByText('Scanned', { exact: true })
        .count(),
    ).toBe(0);
  });

  it('sorts by year, papers without one last', async () => {
    const titles = async () =>
      (await grid().getByRole('row').allTextContents()).slice(1).map((t) => t.slice(0, 12));
    await grid().getByRole('button', { name: /^Year/ }).click(); // newest first
    await expect.poll(titles).toEqual(['S2ORC: The S', 'GRAPH CONVOL', 'Scanned Page']);
    await grid().getByRole('button', { name: /^Year/ }).click(); // oldest first, the undated one still last
    await expect.poll(titles).toEqual(['GRAPH CONVOL', 'S2ORC: The S', 'Scanned Page']);
  });

  it('narrows by author, venue and flag', async () => {
    const { page } = app;
    const filters = page.getByRole('group', { name: 'Filter by column' });
    // Each step waits for its own row (not only the count): "1 paper" is already on screen
    // from the step before, so a count alone passes before the list has changed.
    await filters.getByLabel('Flag').selectOption({ label: 'Scanned' });
    await expect.poll(() => row(/Scanned Pages/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('1 paper', { exact: true }).isVisible()).toBe(true);
    await filters.getByLabel('Flag').selectOption({ label: 'Any' });
    await expect.poll(() => page.getByText('3 papers', { exact: true }).isVisible()).toBe(true);
    await filters.getByLabel('Authors').fill('kyle');
    await expect.poll(() => row(/S2ORC/).isVisible()).toBe(true);
    await expect.poll(() => row(/Scanned Pages/).count()).toBe(0);
    await expect.poll(() => page.getByText('1 paper', { exact: true }).isVisible()).toBe(true);
    await filters.getByLabel('Authors').fill('');
    await filters.getByLabel('Venue').fill('iclr');
    await expect.poll(() => row(/GRAPH CONVOLUTIONAL/i).isVisible()).toBe(true);
    await expect.poll(() => row(/S2ORC/).count()).toBe(0);
    await filters.getByLabel('Venue').fill('neurips');
    await expect.poll(() => page.getByText('No paper matches these filters.').isVisible()).toBe(true);
    await filters.getByLabel('Venue').fill('acl');
    await filters.getByLabel('Year').fill('2020');
    await expect.poll(() => row(/S2ORC/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('1 paper', { exact: true }).isVisible()).toBe(true);
  });
});
