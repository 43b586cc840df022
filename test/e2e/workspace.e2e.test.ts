import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import { fixturePdf } from '../support/corpus';
import { makePdf } from '../../src/core/library/import/pdfs.fixtures';
import { createServices } from '../../src/core/services';
import { DRAFT_SECTIONS, seedDraft } from '../../src/core/review/seed.fixtures';

/** The editor of one template section, found the way a screen reader finds it. */
const editor = (page: Page, title: string) => page.getByRole('textbox', { name: title, exact: true });

async function typeAtEnd(page: Page, title: string, text: string): Promise<void> {
  await editor(page, title).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('correction workspace through the web host', () => {
  const ids: Record<string, string> = {};
  const titles: Record<string, string> = {};
  const app = useWebApp({
    prefix: 'prs-ws-',
    library: 'lib',
    startHost: false,
    seed: async ({ dir, data }) => {
      const inbox = join(dir, 'inbox');
      mkdirSync(inbox);
      // Imported in name order, so Alpha is newer and comes first under the default "newest first".
      const beta = 'Beta Paper';
      writeFileSync(join(inbox, '1-beta.pdf'), await makePdf({ title: beta, body: 'the axolotl' }));
      copyFileSync(fixturePdf('iclr2017-gcrn.pdf'), join(inbox, '2-alpha.pdf'));
      const r = runCliProcess(['import', inbox, '--json', '--data-dir', data]);
      expect(r.code, r.stderr).toBe(0);
      for (const line of r.stdout.trim().split('\n')) {
        const j = JSON.parse(line) as { id: string; file: string; title: string };
        ids[j.file.endsWith('alpha.pdf') ? 'alpha' : 'beta'] = j.id;
        titles[j.file.endsWith('alpha.pdf') ? 'alpha' : 'beta'] = j.title;
      }
      // The engine is another area; a stored draft stands in for a generated one.
      const s = createServices({ dataDir: data, host: 'cli' });
      seedDraft(s, ids.alpha!, { sections: DRAFT_SECTIONS });
      await s.close();
    },
  });

  it('edits, cites, approves, moves on, and survives a SIGKILL 300 ms after the last keystroke', async () => {
    let host = await app.startHost();
    const context = await app.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${host.url}#/paper/${ids.alpha}`);

    // Asked once for the annotator name.
    await page.getByLabel('Annotator name').fill('Ada');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => editor(page, 'Significance and novelty').textContent())
      .toContain(DRAFT_SECTIONS.significance);

    await typeAtEnd(page, 'Potential reasons for rejection', ' Also, no ablations.');
    await typeAtEnd(page, 'Suggestions for improvement', ' Report variance.');

    // Cite: cursor in a section, a passage selected in the PDF, then the button.
    await editor(page, 'Potential reasons for rejection').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    const span = page.locator('.pdf-reader-page[data-page="1"] .textLayer span').nth(12);
    await expect.poll(() => span.count(), { timeout: 60_000 }).toBe(1);
    const quote = ((await span.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    await span.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    });
    const cite = page.getByRole('button', { name: 'Cite in review', exact: true });
    await expect.poll(() => cite.isEnabled()).toBe(true);
    await cite.click();
    await expect
      .poll(() => editor(page, 'Potential reasons for rejection').textContent())
      .toContain(`> "${quote}" (p. 1)`);
    const cited = page.getByRole('region', { name: 'Cited passages' });
    await expect.poll(() => cited.textContent()).toContain(quote.slice(0, 20));
    // Showing the anchor scrolls the reader to it and highlights it.
    await cited.getByRole('button').first().click();
    await expect.poll(() => page.locator('mark.reader-quote').count()).toBeGreaterThan(0);

    // The diff shows the edit, with its edit distance.
    await page.getByRole('button', { name: 'Show diff', exact: true }).click();
    await expect
      .poll(() =>
        page
          .locator('.diff-view ins')
          .allTextContents()
          .then((x) => x.join(' ')),
      )
      .toContain('ablations');
    await expect.poll(() => page.locator('.diff-view output').textContent()).toMatch(/Edit distance 0\.\d+/);

    await expect.poll(() => page.getByRole('status', { name: 'Save status' }).textContent()).toBe('Saved');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => page.locator('.status-chip').textContent()).toBe('Approved');

    await page.getByRole('button', { name: 'Next paper', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(titles.beta);
    const before = 'Typed before the crash';
    await typeAtEnd(page, 'Significance and novelty', before);
    // No other action: the host dies 300 ms after the last keystroke.
    await new Promise((r) => setTimeout(r, 300));
    await host.stop('SIGKILL');
    await context.close();

    host = await app.startHost();
    const again = await app.browser.newContext({ locale: 'en-US' });
    const page2 = await again.newPage();
    await page2.goto(`${host.url}#/paper/${ids.beta}`);
    await expect.poll(() => editor(page2, 'Significance and novelty').textContent()).toBe(before);
    await page2.goto(`${host.url}#/paper/${ids.alpha}`);
    await expect.poll(() => page2.locator('.status-chip').textContent()).toBe('Approved');
    expect(await editor(page2, 'Potential reasons for rejection').textContent()).toContain(
      'Also, no ablations.',
    );
    expect(await editor(page2, 'Suggestions for improvement').textContent()).toContain('Report variance.');
    await again.close();
  });

  it('restores an older revision, as a new revision', async () => {
    const host = await app.ensureHost();
    const context = await app.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${host.url}#/paper/${ids.alpha}`);
    await expect
      .poll(() => editor(page, 'Potential reasons for rejection').textContent())
      .toContain('ablations');
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const list = page.getByRole('region', { name: 'Revisions' }).getByRole('listitem');
    await expect.poll(() => list.count()).toBeGreaterThan(1);
    const count = await list.count();
    await page.getByRole('button', { name: 'Preview revision 1', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Restore revision 1?' })
      .getByRole('button', { name: 'Restore revision 1', exact: true })
      .click();
    await expect
      .poll(() => editor(page, 'Potential reasons for rejection').textContent())
      .toBe(DRAFT_SECTIONS.reject);
    await expect.poll(() => list.count()).toBe(count + 1);
    await context.close();

    const cli = runCliProcess(['review', ids.alpha!, '--json', '--annotator', 'Ada', '--data-dir', app.data]);
    const j = JSON.parse(cli.stdout) as { revisionCount: number; sections: Record<string, string> };
    expect(j.revisionCount).toBe(count + 1);
    expect(j.sections.reject).toBe(DRAFT_SECTIONS.reject);
  });
});
