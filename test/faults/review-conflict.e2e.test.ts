import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import { makePdf } from '../../src/core/library/import/pdfs.fixtures';
import { createServices } from '../../src/core/services';
import { writeSettings } from '../../src/core/store/repos/settings';
import { DRAFT_SECTIONS, seedDraft } from '../../src/core/review/seed.fixtures';

/**
 * Two browser tabs editing one review (issue 18): the second writer is refused and shown a
 * conflict it resolves, by role and label, and nothing is ever overwritten silently.
 * Needs the built renderer (npm run build:web), so it runs under vitest.e2e.config.ts.
 */
const SECTION = 'Potential reasons for acceptance';
const editor = (page: Page) => page.getByRole('textbox', { name: SECTION, exact: true });
const banner = (page: Page) => page.getByRole('alert', { name: 'Save conflict' });
const saveStatus = (page: Page) => page.getByRole('status', { name: 'Save status' });

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

describe('two tabs on one review', () => {
  let paperId = '';
  /** A paper nobody has opened or drafted: both tabs start on a preview of its review. */
  let untouchedId = '';
  const app = useWebApp({
    prefix: 'prs-conflict-',
    library: 'lib',
    seed: async ({ dir, data }) => {
      const pdf = join(dir, 'paper.pdf');
      writeFileSync(pdf, await makePdf({ title: 'Conflict Paper', body: 'two tabs' }));
      const r = runCliProcess(['import', pdf, '--json', '--data-dir', data]);
      expect(r.code, r.stderr).toBe(0);
      paperId = (JSON.parse(r.stdout.trim()) as { id: string }).id;
      const pdf2 = join(dir, 'untouched.pdf');
      writeFileSync(pdf2, await makePdf({ title: 'Untouched Paper', body: 'nobody opened it' }));
      const r2 = runCliProcess(['import', pdf2, '--json', '--data-dir', data]);
      expect(r2.code, r2.stderr).toBe(0);
      untouchedId = (JSON.parse(r2.stdout.trim()) as { id: string }).id;
      const s = createServices({ dataDir: data, host: 'cli' });
      writeSettings(s.db, { annotator: 'Ada' });
      seedDraft(s, paperId, { sections: DRAFT_SECTIONS });
      await s.close();
    },
  });

  /** The stored section, read as a third party. */
  function stored(paper = paperId): string {
    const db = new Database(join(app.data, 'library.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT sections FROM reviews WHERE paper_id = ?').get(paper) as
        { sections: string } | undefined;
      return row ? ((JSON.parse(row.sections) as Record<string, string>).accept ?? '') : '';
    } finally {
      db.close();
    }
  }

  it('the second writer sees the conflict and resolves it: keep mine, then load theirs', async () => {
    const context = await app.browser.newContext({ locale: 'en-US' });
    const [tabA, tabB] = [await context.newPage(), await context.newPage()];
    for (const tab of [tabA, tabB]) {
      await tab.goto(`${app.host.url}#/paper/${paperId}`);
      await expect
        .poll(() => editor(tab).textContent(), { timeout: 60_000 })
        .toContain(DRAFT_SECTIONS.accept);
    }

    await typeAtEnd(tabA, ' A1.');
    await expect.poll(() => saveStatus(tabA).textContent()).toBe('Saved');
    expect(stored()).toContain('A1.');

    // B still has the text as opened: its save is refused, shown, and writes nothing.
    await typeAtEnd(tabB, ' B1.');
    await expect.poll(() => banner(tabB).isVisible()).toBe(true);
    expect(await saveStatus(tabB).textContent()).toBe('Not saved — changed elsewhere');
    expect(stored()).toContain('A1.');
    expect(stored()).not.toContain('B1.');

    await banner(tabB).getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => saveStatus(tabB).textContent()).toBe('Saved');
    expect(await banner(tabB).count()).toBe(0);
    expect(stored()).toBe(`${DRAFT_SECTIONS.accept} B1.`);

    // Now A is behind: its next edit conflicts in turn, and "Load theirs" shows B's text.
    await typeAtEnd(tabA, ' A2.');
    await expect.poll(() => banner(tabA).isVisible()).toBe(true);
    expect(stored()).toBe(`${DRAFT_SECTIONS.accept} B1.`);
    await banner(tabA).getByRole('button', { name: 'Load theirs' }).click();
    await expect.poll(() => editor(tabA).textContent()).toBe(`${DRAFT_SECTIONS.accept} B1.`);
    expect(await banner(tabA).count()).toBe(0);

    // And A, now current, saves normally again.
    await typeAtEnd(tabA, ' A3.');
    await expect.poll(() => saveStatus(tabA).textContent()).toBe('Saved');
    expect(stored()).toBe(`${DRAFT_SECTIONS.accept} B1. A3.`);
    await context.close();
  });

  it('two tabs starting on one untouched paper: the second writer sees the conflict too', async () => {
    const context = await app.browser.newContext({ locale: 'en-US' });
    const [tabA, tabB] = [await context.newPage(), await context.newPage()];
    for (const tab of [tabA, tabB]) {
      await tab.goto(`${app.host.url}#/paper/${untouchedId}`);
      await expect.poll(() => editor(tab).isVisible(), { timeout: 60_000 }).toBe(true);
    }

    // A's first edit creates the review; B, still on the preview it opened, comes second.
    await typeAtEnd(tabA, 'A first.');
    await expect.poll(() => saveStatus(tabA).textContent()).toBe('Saved');
    expect(stored(untouchedId)).toBe('A first.');

    await typeAtEnd(tabB, 'B second.');
    await expect.poll(() => banner(tabB).isVisible()).toBe(true);
    expect(await saveStatus(tabB).textContent()).toBe('Not saved — changed elsewhere');
    expect(stored(untouchedId)).toBe('A first.');

    await banner(tabB).getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => saveStatus(tabB).textContent()).toBe('Saved');
    expect(stored(untouchedId)).toBe('B second.');
    await context.close();
  });
});
