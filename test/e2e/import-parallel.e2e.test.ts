import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';

const GOOD = ['iclr2017-gcrn.pdf', 'acl2020-s2orc.pdf'].map(fixturePdf);
const TRUNCATED = fixturePdf('bad-truncated-acl2020-s2orc.pdf');

/** A one-page PDF with a text layer and a title in its info dictionary. */
async function textPdf(title: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(`${title}. Abstract. We study dropped files and what a browser hands over.`, {
    x: 40,
    y: 700,
    size: 11,
    font,
  });
  return doc.save();
}

/**
 * Browser import as the issue found it wanting: files go up several at once (the machine's
 * cores, capped by the host), the bars move while pages are read, the summary names what
 * failed and why, and a drop whose items give no file-system entries still imports its files.
 */
describe.skipIf(![...GOOD, TRUNCATED].every(existsSync))('browser import, parallel, with progress', () => {
  const app = useWebApp({ prefix: 'prs-e2e-import-', page: true });

  it('imports several files at once, with moving progress, and a summary of failures', async () => {
    const { page } = app;
    const notPdf = join(app.dir, 'notes.txt');
    writeFileSync(notPdf, 'not a pdf');
    await expect
      .poll(() => page.getByRole('heading', { name: 'No papers yet' }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.getByLabel('PDF files').setInputFiles([GOOD[1]!, GOOD[0]!, TRUNCATED, notPdf]);

    const inFlight = page.getByRole('list', { name: 'Files being imported' }).getByRole('listitem');
    // Several at once where the machine has the cores for it.
    if (cores >= 2) await expect.poll(() => inFlight.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // The overall bar moves before the batch ends (it used to sit at 0 until a file finished).
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await expect
      .poll(async () => ((await bar.count()) ? Number(await bar.getAttribute('value')) : -1), {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);

    await expect
      .poll(() => page.getByText('Imported 2, duplicates 0, failed 2.').isVisible(), { timeout: 180_000 })
      .toBe(true);
    const failures = page.getByRole('region', { name: 'Not imported, and why' });
    const text = (await failures.textContent()) ?? '';
    expect(text).toContain('bad-truncated-acl2020-s2orc.pdf — ');
    expect(text).toMatch(/damaged or truncated/);
    expect(text).toContain('notes.txt — notes.txt is not a PDF.');
    await expect.poll(() => page.getByText('2 papers').isVisible()).toBe(true);
  });

  it('imports a drop from a browser without webkitGetAsEntry, from dataTransfer.files', async () => {
    const { page } = app;
    const bytes = Buffer.from(await textPdf('Dropped Without Entries')).toString('base64');
    await page.evaluate((b64) => {
      // As in a browser that has no File System Entries API.
      Object.defineProperty(DataTransferItem.prototype, 'webkitGetAsEntry', {
        value: undefined,
        configurable: true,
      });
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], 'dropped.pdf', { type: 'application/pdf' }));
      const target = document.querySelector('.page.library')!;
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, bytes);
    await expect
      .poll(() => page.getByText('Imported 1, duplicates 0, failed 0.').isVisible(), { timeout: 60_000 })
      .toBe(true);
    await expect
      .poll(() => page.getByRole('row', { name: /Dropped Without Entries/ }).isVisible())
      .toBe(true);
  });
});
