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

/** Issue 19, the review page: every edit kept right, keyboard-first, side-by-side diff. */
const editor = (page: Page, title: string) => page.getByRole('textbox', { name: title, exact: true });
const saved = (page: Page) => page.getByRole('status', { name: 'Save status' });
const chip = (page: Page) => page.locator('.status-chip');
/** Waits for visible state on a shared two-core machine, where a save can take seconds. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

async function typeAtEnd(page: Page, title: string, text: string): Promise<void> {
  await editor(page, title).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

interface ReviewJson {
  status: string;
  revisionCount: number;
  labels: string[];
  anchors: unknown[];
  sections: Record<string, string>;
}

describe('review page, round 2 (issue 19)', () => {
  const ids: Record<string, string> = {};
  const titles: Record<string, string> = {};
  const app = useWebApp({
    prefix: 'prs-rv2-',
    library: 'lib',
    seed: async ({ dir, data }) => {
      const inbox = join(dir, 'inbox');
      mkdirSync(inbox);
      // Imported in name order; the queue's default is newest first: delta, gamma, beta, alpha.
      copyFileSync(fixturePdf('iclr2017-gcrn.pdf'), join(inbox, '1-alpha.pdf'));
      writeFileSync(join(inbox, '2-beta.pdf'), await makePdf({ title: 'Beta Paper', body: 'the axolotl' }));
      writeFileSync(
        join(inbox, '3-gamma.pdf'),
        await makePdf({ title: 'Gamma Paper', body: 'the capybara' }),
      );
      writeFileSync(join(inbox, '4-delta.pdf'), await makePdf({ title: 'Delta Paper', body: 'the quokka' }));
      const r = runCliProcess(['import', inbox, '--json', '--data-dir', data]);
      expect(r.code, r.stderr).toBe(0);
      for (const line of r.stdout.trim().split('\n')) {
        const j = JSON.parse(line) as { id: string; file: string; title: string };
        const name = /\d-(\w+)\.pdf$/.exec(j.file)![1]!;
        ids[name] = j.id;
        titles[name] = j.title;
      }
      const s = createServices({ dataDir: data, host: 'cli' });
      seedDraft(s, ids.alpha!, { sections: DRAFT_SECTIONS });
      seedDraft(s, ids.gamma!, { sections: { ...DRAFT_SECTIONS, suggestions: '' } });
      seedDraft(s, ids.delta!, { sections: DRAFT_SECTIONS });
      await s.close();
    },
  });

  async function open(paper: string): Promise<Page> {
    const context = await app.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1400, height: 1000 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    if (process.env.E2E_DEBUG) {
      page.on('console', (m) => console.log('console', m.type(), m.text()));
      page.on('pageerror', (e) => console.log('pageerror', e.message));
      page.on('response', (r) => r.url().includes('/api/') && console.log('api', r.status(), r.url()));
    }
    await page.goto(`${app.host.url}#/paper/${ids[paper]}`);
    return page;
  }

  const review = (paper: string) =>
    runCliProcess(['review', ids[paper]!, '--json', '--annotator', 'Ada', '--data-dir', app.data]);
  const reviewJson = (paper: string) => {
    const r = review(paper);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as ReviewJson;
  };

  it('shows the queue position on the first paper opened, with Previous and Next', async () => {
    const page = await open('beta');
    await page.getByLabel('Annotator name').fill('Ada');
    await page.getByRole('button', { name: 'Continue' }).click();
    const nav = page.getByRole('navigation', { name: 'Queue' });
    await poll(() => nav.textContent()).toMatch(/3 of 4 in this view/);
    expect(await nav.getByRole('button', { name: 'Previous paper', exact: true }).isEnabled()).toBe(true);
    expect(await nav.getByRole('button', { name: 'Next paper', exact: true }).isEnabled()).toBe(true);
    await page.context().close();
  });

  it('stores no review and changes no status when a paper is only opened', async () => {
    const page = await open('beta');
    await poll(() => editor(page, 'Significance and novelty').isVisible()).toBe(true);
    await poll(() => chip(page).textContent()).toBe('Not started');
    const none = review('beta');
    expect(none.stderr).toMatch(/No review/);
    expect(none.code).not.toBe(0);
    const papers = runCliProcess(['papers', '--json', '--data-dir', app.data]);
    expect(papers.stdout).toMatch(/"status":"new"/);
    expect(papers.stdout).not.toMatch(/"status":"in_progress"/);
    await page.context().close();
  });

  it('continues a list on Enter without doubling a "- " typed by hand', async () => {
    const page = await open('beta');
    await editor(page, 'Significance and novelty').click();
    await page.keyboard.type('- first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- second');
    await poll(() => saved(page).textContent()).toBe('Saved');
    await poll(() => chip(page).textContent()).toBe('In progress');
    const j = reviewJson('beta');
    expect(j.sections.significance).toBe('- first\n- second');
    expect(j.revisionCount).toBe(1);
    await page.context().close();
  });

  it('cites into the named, highlighted section, and the anchor goes when the citation is undone', async () => {
    const page = await open('alpha');
    await expect
      .poll(() => editor(page, 'Significance and novelty').textContent())
      .toContain(DRAFT_SECTIONS.significance);
    await typeAtEnd(page, 'Suggestions for improvement', '');
    await typeAtEnd(page, 'Potential reasons for rejection', '');
    const target = page.getByRole('region', { name: 'Potential reasons for rejection', exact: true });
    await poll(() => target.getAttribute('aria-current')).toBe('true');
    const cite = page.getByRole('button', { name: 'Cite in review', exact: true });
    expect(await cite.getAttribute('title')).toBe('Into: Potential reasons for rejection (Alt+C)');

    const span = page.locator('.pdf-reader-page[data-page="1"] .textLayer span').nth(12);
    await expect.poll(() => span.count(), { timeout: 60_000 }).toBe(1);
    const quote = ((await span.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    await span.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
    });
    await poll(() => cite.isEnabled()).toBe(true);
    await cite.click();
    await expect
      .poll(() => editor(page, 'Potential reasons for rejection').textContent())
      .toContain(`> "${quote}" (p. 1)`);
    expect(await editor(page, 'Suggestions for improvement').textContent()).toBe(DRAFT_SECTIONS.suggestions);
    await expect
      .poll(() => page.getByRole('status', { name: 'Citation' }).textContent())
      .toBe('Quote added to Potential reasons for rejection');
    const cited = page.getByRole('region', { name: 'Cited passages' });
    await poll(() => cited.getByRole('listitem').count()).toBe(1);
    await poll(() => saved(page).textContent()).toBe('Saved');
    expect(reviewJson('alpha').anchors).toHaveLength(1);

    // Undo the citation: its anchor leaves the panel and the stored review.
    await page.keyboard.press('Control+z');
    await expect
      .poll(() => editor(page, 'Potential reasons for rejection').textContent())
      .toBe(DRAFT_SECTIONS.reject);
    await poll(() => cited.getByRole('listitem').count()).toBe(0);
    await poll(() => saved(page).textContent()).toBe('Saved');
    await poll(() => reviewJson('alpha').anchors.length).toBe(0);
    await page.context().close();
  });

  it('asks before approving with empty sections, and goes back to them', async () => {
    const page = await open('gamma');
    await typeAtEnd(page, 'Significance and novelty', ' Edited.');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Some sections are empty' });
    await poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByRole('list', { name: 'Empty sections' }).textContent()).toBe(
      'Suggestions for improvement',
    );
    await dialog.getByRole('button', { name: 'Go back', exact: true }).click();
    await poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() =>
        page.evaluate(() =>
          document.activeElement?.closest('section[data-section]')?.getAttribute('data-section'),
        ),
      )
      .toBe('suggestions');
    expect(await chip(page).textContent()).toBe('In progress');

    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await dialog.getByRole('button', { name: 'Approve anyway', exact: true }).click();
    await poll(() => chip(page).textContent()).toBe('Approved');
    await page.context().close();
  });

  it('shows the diff side by side, and previews a revision before restoring it', async () => {
    const page = await open('alpha');
    await typeAtEnd(page, 'Potential reasons for rejection', ' Needs ablations.');
    await poll(() => saved(page).textContent()).toBe('Saved');
    await page.getByRole('button', { name: 'Show diff', exact: true }).click();
    const diff = page.getByRole('region', { name: 'Changes against the draft' });
    await diff.getByRole('radio', { name: 'Side by side' }).check();
    const right = diff.getByRole('textbox', { name: 'Potential reasons for rejection: review', exact: true });
    await poll(() => right.textContent()).toBe(`${DRAFT_SECTIONS.reject} Needs ablations.`);
    expect(
      await diff
        .getByRole('textbox', { name: 'Potential reasons for rejection: draft', exact: true })
        .textContent(),
    ).toBe(DRAFT_SECTIONS.reject);
    await poll(() => diff.locator('.cm-changedText').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'History', exact: true }).click();
    await page.getByRole('button', { name: 'Preview revision 1', exact: true }).click();
    const preview = page.getByRole('dialog', { name: 'Restore revision 1?' });
    await expect
      .poll(() =>
        preview
          .getByRole('textbox', { name: 'Potential reasons for rejection: revision 1', exact: true })
          .textContent(),
      )
      .toBe(DRAFT_SECTIONS.reject);
    await preview.getByRole('button', { name: 'Cancel', exact: true }).click();
    await poll(() => preview.count()).toBe(0);
    expect(await editor(page, 'Potential reasons for rejection').textContent()).toContain('Needs ablations.');

    await page.getByRole('button', { name: 'Preview revision 1', exact: true }).click();
    await preview.getByRole('button', { name: 'Restore revision 1', exact: true }).click();
    await expect
      .poll(() => editor(page, 'Potential reasons for rejection').textContent())
      .toBe(DRAFT_SECTIONS.reject);
    await page.context().close();
  });

  it('find with no match puts the view back where it was', async () => {
    const page = await open('alpha');
    const reader = page.getByRole('region', { name: 'PDF reader' });
    const pageField = reader.getByLabel('Page', { exact: true });
    const first = reader.getByRole('group', { name: 'Page 1', exact: true });
    await expect
      .poll(() => first.locator('.textLayer span').count(), { timeout: 60_000 })
      .toBeGreaterThan(20);
    await first.click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+f');
    const field = reader.getByRole('textbox', { name: 'Find in document' });
    // A name only the references on page 6 hold: the view follows it there.
    await field.pressSequentially('Bougares');
    const count = reader.getByRole('search').getByRole('status');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toBe('1 of 1');
    await poll(async () => Number(await pageField.inputValue())).toBe(6);
    await field.pressSequentially('xq');
    await poll(() => count.textContent()).toBe('No matches');
    await poll(async () => Number(await pageField.inputValue())).toBe(1);
    await page.context().close();
  });

  it('works a whole paper with the keyboard alone', async () => {
    const page = await open('delta');
    await expect
      .poll(() => editor(page, 'Significance and novelty').textContent())
      .toBe(DRAFT_SECTIONS.significance);
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).getAttribute('title')).toBe(
      'Approve (Ctrl+Enter)',
    );

    await page.keyboard.press('?');
    const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await poll(() => keys.textContent()).toContain('Alt+SSkip (with a reason)');
    await page.keyboard.press('Escape');
    await poll(() => keys.count()).toBe(0);

    await page.keyboard.press('Shift+Digit1');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Significance and novelty');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Keyboard edit.');
    await page.keyboard.press('Escape');
    await page.keyboard.press('3');
    await poll(() => page.getByRole('checkbox', { name: /Missed weakness/ }).isChecked()).toBe(true);
    await page.keyboard.press('Control+Enter');
    await poll(() => chip(page).textContent()).toBe('Approved');
    await page.keyboard.press('Alt+ArrowRight');
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(titles.gamma);

    const j = reviewJson('delta');
    expect(j.status).toBe('approved');
    expect(j.labels).toEqual(['missed_weakness']);
    expect(j.sections.significance).toBe(`${DRAFT_SECTIONS.significance} Keyboard edit.`);
    await page.context().close();
  });
});
