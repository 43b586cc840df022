import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { createServices } from '../../core/services';
import { writeSettings } from '../../core/store/repos/settings';
import { DRAFT_SECTIONS, seedDraft, seedPaper } from '../../core/review/seed.fixtures';
import { runCli } from '../main';

async function cli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; error?: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((stderr += String(c)), true));
  try {
    return { code: await runCli(args), stdout, stderr };
  } catch (e) {
    return { code: 1, stdout, stderr, error: (e as Error).message };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('review verb', () => {
  const dir = tempDir();
  const data = join(dir.path, 'lib');
  let paper = '';
  let drafted = '';
  beforeAll(async () => {
    const s = createServices({ dataDir: data, host: 'cli' });
    paper = seedPaper(s, 'Plain');
    drafted = seedPaper(s, 'Drafted');
    seedDraft(s, drafted, { sections: DRAFT_SECTIONS });
    writeSettings(s.db, { annotator: 'Grace' });
    await s.close();
  });
  afterAll(() => dir.remove());

  it('says when there is no review yet', async () => {
    const r = await cli(['review', paper.slice(0, 10), '--json', '--data-dir', data]);
    expect(r.error).toMatch(/No review of .* by "Grace"/);
  });

  it('saves from a canonical Markdown file, approves, and prints it back as JSON', async () => {
    const file = join(dir.path, 'r.md');
    writeFileSync(
      file,
      '## Significance and novelty\nNovel.\n\n## Potential reasons for acceptance\nSound.\n\n## Potential reasons for rejection\nSmall data.\n\n## Suggestions for improvement\nMore data.\n',
    );
    const w = await cli([
      'review',
      paper,
      '--text-file',
      file,
      '--status',
      'approved',
      '--annotator',
      'Ada',
      '--data-dir',
      data,
    ]);
    expect(w.code).toBe(0);
    // Written from scratch: no empty revision #1 (issue 19), so the save and the approval.
    expect(w.stderr).toMatch(/approved · Ada · 2 revisions/);
    const r = await cli(['review', paper, '--json', '--annotator', 'Ada', '--data-dir', data]);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({
      annotator: 'Ada',
      status: 'approved',
      template: 'four-part@1',
      labels: [],
      revisionCount: 2,
      sections: {
        significance: 'Novel.',
        accept: 'Sound.',
        reject: 'Small data.',
        suggestions: 'More data.',
      },
    });
    const md = await cli(['review', paper, '--annotator', 'Ada', '--data-dir', data]);
    expect(md.stdout).toContain('## Potential reasons for rejection\n\nSmall data.');
  });

  it('refuses a plain approve of an untouched draft, and skipping without a reason', async () => {
    const file = join(dir.path, 'same.md');
    const sections = Object.values(DRAFT_SECTIONS);
    const titles = [
      'Significance and novelty',
      'Potential reasons for acceptance',
      'Potential reasons for rejection',
      'Suggestions for improvement',
    ];
    writeFileSync(file, titles.map((t, i) => `## ${t}\n${sections[i]}\n`).join('\n'));
    const a = await cli(['review', drafted, '--text-file', file, '--status', 'approved', '--data-dir', data]);
    expect(a.error).toMatch(/Approve unchanged/);
    const k = await cli(['review', drafted, '--text-file', file, '--status', 'skipped', '--data-dir', data]);
    expect(k.error).toMatch(/reason/);
    const u = await cli([
      'review',
      drafted,
      '--text-file',
      file,
      '--status',
      'approved-unchanged',
      '--json',
      '--data-dir',
      data,
    ]);
    expect(JSON.parse(u.stdout)).toMatchObject({
      status: 'approved',
      approvedUnchanged: true,
      annotator: 'Grace',
    });
    const bad = await cli(['review', drafted, '--text-file', file, '--status', 'done', '--data-dir', data]);
    expect(bad.error).toMatch(/--status must be one of/);
  });
});
