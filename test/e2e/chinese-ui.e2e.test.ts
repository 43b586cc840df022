import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePdf } from '../support/corpus';
import { useWebApp } from '../support/e2e-app';
import { runCliProcess } from '../support/run-cli';

const PDF = fixturePdf('iclr2017-gcrn.pdf');

/** Whether fontconfig knows a font with Chinese glyphs (what Chromium falls back to). */
function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/**
 * The UI in Simplified Chinese (a zh-CN browser): dates in the library and the export
 * history in Chinese form through Intl, and — on a machine with no CJK font — a banner
 * that says the characters cannot be drawn and which package to install.
 */
describe.skipIf(!existsSync(PDF))('the Chinese UI', () => {
  const app = useWebApp({
    prefix: 'prs-e2e-zh-',
    library: 'lib',
    seed: ({ dir, data }) => {
      const imported = runCliProcess(['import', PDF, '--json', '--data-dir', data]);
      expect(imported.code, imported.stderr).toBe(0);
      const id = (JSON.parse(imported.stdout.trim().split('\n')[0]!) as { id: string }).id;
      const md = join(dir, 'review.md');
      writeFileSync(
        md,
        '## Significance and novelty\nNovel.\n\n## Suggestions for improvement\nMore data.\n',
      );
      const saved = runCliProcess([
        'review',
        id,
        '--text-file',
        md,
        '--status',
        'approved',
        '--annotator',
        'Ada',
        '--data-dir',
        data,
      ]);
      expect(saved.code, saved.stderr).toBe(0);
      const exported = runCliProcess([
        'export',
        '--format',
        'messages',
        '--out',
        join(dir, 'round-1'),
        '--data-dir',
        data,
      ]);
      expect(exported.code, exported.stderr).toBe(0);
    },
    page: { context: { locale: 'zh-CN' } },
  });

  it('says when no font can draw Chinese, and names the package', async () => {
    const { page } = app;
    await expect
      .poll(() => page.getByRole('navigation', { name: '主导航' }).isVisible(), { timeout: 30_000 })
      .toBe(true);
    const banner = page.getByRole('alert', { name: 'Missing Chinese font' });
    if (hasCjkFont()) {
      expect(await banner.count()).toBe(0);
    } else {
      await expect.poll(() => banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toContain('fonts-noto-cjk');
      expect(await banner.textContent()).toContain('无法显示中文');
    }
  });

  it('shows dates in the library and the export history in the UI language', async () => {
    const { page } = app;
    const zhDate = /\d{4}年\d{1,2}月\d{1,2}日/;
    const row = page.getByRole('grid', { name: '论文' }).getByRole('row', { name: /GRAPH CONVOLUTIONAL/i });
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 30_000 }).toMatch(zhDate);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '导出' }).click();
    const history = page.getByRole('region', { name: '历史导出' });
    await expect
      .poll(async () => (await history.getByRole('row').nth(1).textContent()) ?? '', { timeout: 30_000 })
      .toMatch(zhDate);
    // The same time the English UI writes as "Dec 6, 2026, …": not the US form here.
    expect(await history.getByRole('row').nth(1).textContent()).not.toMatch(
      /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|\d+\/\d+\/\d{4}/,
    );
  });
});
