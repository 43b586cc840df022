import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';
import { makePdf } from '../../src/core/library/import/pdfs.fixtures';
import { createServices } from '../../src/core/services';
import { writeSettings } from '../../src/core/store/repos/settings';
import { DRAFT_SECTIONS, seedDraft } from '../../src/core/review/seed.fixtures';

/**
 * Issue 19, the review panel in Simplified Chinese: a draft's time through Intl in the UI
 * language, and its end reason and what was trimmed by their translated names, not the
 * stored enum values ("length", "dropped") nor a US-style date.
 */
describe('the review panel in Chinese', () => {
  let paperId = '';
  const app = useWebApp({
    prefix: 'prs-e2e-zh-review-',
    library: 'lib',
    seed: async ({ dir, data }) => {
      const pdf = join(dir, 'paper.pdf');
      writeFileSync(pdf, await makePdf({ title: 'Draft Names Paper' }));
      const r = runCliProcess(['import', pdf, '--json', '--data-dir', data]);
      expect(r.code, r.stderr).toBe(0);
      paperId = (JSON.parse(r.stdout.trim()) as { id: string }).id;
      const s = createServices({ dataDir: data, host: 'cli' });
      writeSettings(s.db, { annotator: 'Ada' });
      const draftId = seedDraft(s, paperId, {
        sections: DRAFT_SECTIONS,
        createdAt: '2026-12-06T14:05:00.000Z',
      });
      const trimmed = [
        {
          heading: 'REFERENCES',
          kind: 'references',
          action: 'dropped',
          charsRemoved: 120,
          charsKept: 0,
          tokensRemoved: 30,
        },
      ];
      s.db
        .prepare(`UPDATE drafts SET end_reason = 'length', trimmed = ? WHERE id = ?`)
        .run(JSON.stringify(trimmed), draftId);
      await s.close();
    },
    page: { context: { locale: 'zh-CN', viewport: { width: 1400, height: 1000 } } },
  });

  it('shows the draft time, end reason and trimmed parts in Chinese', async () => {
    const { page } = app;
    page.setDefaultTimeout(20_000);
    await page.goto(`${app.host.url}#/paper/${paperId}`);
    const list = page.getByRole('region', { name: '本论文的草稿' });
    const row = list.getByRole('listitem').first();
    await expect
      .poll(async () => (await row.textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/达到长度上限/);
    const text = (await row.textContent()) ?? '';
    expect(text).toMatch(/2026年12月\d{1,2}日/);
    expect(text).not.toMatch(/\blength\b|\d+\/\d+\/\d{4}|\b(AM|PM)\b/);
    await row.getByText('来源信息').click();
    const dl = row.locator('dl.provenance');
    await expect.poll(() => dl.isVisible()).toBe(true);
    const entries: Record<string, string> = {};
    for (const div of await dl.locator('div').all())
      entries[(await div.locator('dt').textContent())!] = (await div.locator('dd').textContent())!;
    expect(entries['结束原因']).toBe('达到长度上限');
    expect(entries['已裁剪']).toBe('REFERENCES 已删除');
  });
});
