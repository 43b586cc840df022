import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/core/services';
import { insertPaper } from '../../src/core/store/repos/papers';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';

const PDF = fixturePdf('iclr2017-gcrn.pdf'); // CC-BY, 6 pages, has an outline
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Puts papers straight into a data dir, as import would, without the extractor's cost. */
function seed(dir: string) {
  const bytes = readFileSync(PDF);
  const broken = Buffer.from('%PDF-1.7\nthis is not really a PDF\n');
  const ids = { good: sha(bytes), broken: sha(broken), textOnly: sha('text only paper') };
  const s = createServices({ dataDir: dir, host: 'cli' });
  try {
    writeFileSync(join(s.paths.papers, `${ids.good}.pdf`), bytes);
    writeFileSync(join(s.paths.papers, `${ids.broken}.pdf`), broken);
    insertPaper(s.db, {
      id: ids.good,
      title: 'Graph Convolutional Recurrent Network',
      pages: 6,
      fileName: 'gcrn.pdf',
    });
    insertPaper(s.db, { id: ids.broken, title: 'Broken file', fileName: 'broken.pdf' });
    insertPaper(s.db, { id: ids.textOnly, title: 'From a dataset', hasPdf: false });
  } finally {
    void s.close();
  }
  return ids;
}

describe.skipIf(!existsSync(PDF))('PDF reader through the web host', () => {
  let ids: ReturnType<typeof seed>;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const app = useWebApp({
    prefix: 'prs-e2e-reader-',
    seed: ({ data }) => {
      ids = seed(data);
    },
    page: {
      context: { viewport: { width: 1280, height: 900 } },
      hash: () => `#/reader/${ids.good}`,
      setup: (page) => {
        page.setDefaultTimeout(15_000);
        page.on('request', (r) => requests.push(r.url()));
        page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
        page.on('pageerror', (e) => consoleErrors.push(e.message));
      },
    },
  });

  const reader = () => app.page.getByRole('region', { name: 'PDF reader' });
  const slot = (n: number) => reader().getByRole('group', { name: `Page ${n}`, exact: true });
  const canvasVisible = (n: number) => slot(n).locator('canvas').isVisible();
  const pageField = () => reader().getByLabel('Page', { exact: true });
  const slotWidth = async (n: number) => (await slot(n).boundingBox())?.width ?? 0;

  it('renders page 1 with a text layer, lazily, with the page count', async () => {
    await expect.poll(() => canvasVisible(1), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => slot(1).locator('.textLayer span').count()).toBeGreaterThan(20);
    expect(await pageField().inputValue()).toBe('1');
    expect(await reader().getByText('of 6').isVisible()).toBe(true);
    // All six boxes exist with their height, but the last page has not rendered yet.
    expect(await reader().locator('[data-page]').count()).toBe(6);
    expect(await slot(6).locator('canvas').count()).toBe(0);
  });

  it('finds words with Ctrl+F: highlights every match, Enter / Shift+Enter step, Escape closes', async () => {
    await slot(1).click({ position: { x: 5, y: 5 } });
    await app.page.keyboard.press('Control+f');
    const field = reader().getByRole('textbox', { name: 'Find in document' });
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    await field.fill('graph');
    const count = reader().getByRole('status').filter({ hasText: / of / });
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/^1 of \d+$/);
    const total = Number((await count.textContent())!.split(' of ')[1]);
    expect(total).toBeGreaterThan(10);
    await expect.poll(() => slot(1).locator('mark.reader-match').count()).toBeGreaterThan(0);
    await expect.poll(() => slot(1).locator('mark.reader-match.current').count()).toBeGreaterThan(0);
    await field.press('Enter');
    await expect.poll(() => count.textContent()).toBe(`2 of ${total}`);
    await field.press('Shift+Enter');
    await field.press('Shift+Enter');
    await expect.poll(() => count.textContent()).toBe(`${total} of ${total}`);
    // The last match is further on: the view followed it.
    await expect.poll(async () => Number(await pageField().inputValue())).toBeGreaterThan(1);
    await reader().getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => count.textContent()).toBe(`1 of ${total}`);
    await field.press('Escape');
    await expect.poll(() => field.count()).toBe(0);
    expect(await reader().locator('mark.reader-match').count()).toBe(0);
  });

  it('jumps to an outline entry and with the Page field', async () => {
    await reader().getByRole('button', { name: 'Outline' }).click();
    const outline = reader().getByRole('navigation', { name: 'Outline' });
    await outline.getByRole('button', { name: 'Introduction' }).click();
    await expect.poll(() => pageField().inputValue()).toBe('1');
    const entries = outline.getByRole('listitem');
    const last = (await entries.last().textContent())!.replace(/^[▸▾]/, '');
    await outline.getByRole('button', { name: last, exact: true }).click();
    await expect.poll(async () => Number(await pageField().inputValue())).toBeGreaterThan(3);
    await pageField().fill('2');
    await pageField().press('Enter');
    await expect.poll(() => pageField().inputValue()).toBe('2');
    await expect.poll(() => canvasVisible(2)).toBe(true);
    await reader().getByRole('button', { name: 'Outline' }).click();
  });

  it('zooms with the buttons and Ctrl +/-/0 while the reader has focus, keeping fit width by default', async () => {
    const fit = await slotWidth(2);
    const scrollWidth = await reader()
      .locator('.pdf-reader-scroll')
      .evaluate((el) => el.clientWidth);
    expect(fit).toBeGreaterThan(scrollWidth - 40); // fit width
    await reader().getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => slotWidth(2)).toBeGreaterThan(fit * 1.05);
    await reader().getByRole('button', { name: 'Fit width' }).click();
    await expect.poll(() => slotWidth(2)).toBeCloseTo(fit, 0);
    await reader().locator('.pdf-reader-scroll').focus();
    await app.page.keyboard.press('Control+Minus');
    await expect.poll(() => slotWidth(2)).toBeLessThan(fit * 0.95);
    await app.page.keyboard.press('Control+0');
    await expect.poll(() => slotWidth(2)).toBeCloseTo(fit, 0);
    // Zooming kept the reader on the same page.
    expect(await pageField().inputValue()).toBe('2');
  });

  it('renders the last page when scrolled to the end', async () => {
    await reader()
      .locator('.pdf-reader-scroll')
      .evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(() => canvasVisible(6), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => pageField().inputValue()).toBe('6');
    // Page 1 is far away now: its canvas was released.
    await expect.poll(() => slot(1).locator('canvas').count()).toBe(0);
  });

  it('reports a selection with its page and context, and finds and highlights it again', async () => {
    await pageField().fill('1');
    await pageField().press('Enter');
    await expect.poll(() => slot(1).locator('.textLayer span').count()).toBeGreaterThan(20);
    // Select a whole line of the abstract, as a drag would.
    await slot(1)
      .locator('.textLayer span')
      .nth(12)
      .evaluate((span) => {
        const range = document.createRange();
        range.selectNodeContents(span);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
      });
    const keep = app.page.getByRole('button', { name: 'Keep selection' });
    await expect.poll(() => keep.isEnabled()).toBe(true);
    await keep.click();
    const status = app.page.getByRole('status', { name: 'Kept quote' });
    expect(await status.textContent()).toMatch(/^p\. 1: “.+”$/);
    await pageField().fill('5');
    await pageField().press('Enter');
    await expect.poll(() => pageField().inputValue()).toBe('5');
    await app.page.getByRole('button', { name: 'Show kept quote' }).click();
    await expect.poll(() => status.textContent()).toMatch(/found$/);
    expect(await status.textContent()).not.toContain('not found');
    await expect.poll(() => pageField().inputValue()).toBe('1');
    await expect.poll(() => slot(1).locator('mark.reader-quote').count()).toBeGreaterThan(0);
  });

  it('loaded nothing from outside the app origin and broke no CSP rule', () => {
    const foreign = requests.filter(
      (u) => !u.startsWith(app.host.origin + '/') && !u.startsWith('blob:') && !u.startsWith('data:'),
    );
    expect(foreign).toEqual([]);
    expect(requests.some((u) => u.startsWith(`${app.host.origin}/papers/${ids.good}.pdf`))).toBe(true);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('says clearly when a PDF cannot be opened or there is none', async () => {
    await app.page.goto(`${app.host.origin}/#/reader/${ids.broken}`);
    await expect
      .poll(() => reader().getByRole('alert').textContent(), { timeout: 30_000 })
      .toMatch(/^This PDF could not be opened: /);
    await app.page.goto(`${app.host.origin}/#/reader/${ids.textOnly}`);
    await expect
      .poll(() => reader().textContent())
      .toBe('No PDF for this paper — its text came from a dataset');
  });
});
