import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { makePdf } from '../../core/library/import/pdfs.fixtures';
import { runCli } from '../main';
import { runCliProcess } from '../../../test/support/run-cli';

/** Runs the CLI in this process (fast) and captures what it writes. */
async function cli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; error?: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await runCli(args), stdout, stderr };
  } catch (e) {
    // main's top level prints thrown errors as one line with exit 1 (2 for usage errors).
    return { code: 1, stdout, stderr, error: (e as Error).message };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const lines = (s: string) => s.split('\n').filter(Boolean);

describe('import / papers / text verbs', () => {
  const dir = tempDir();
  const data = join(dir.path, 'lib');
  const inbox = join(dir.path, 'inbox');
  let id = '';
  beforeAll(async () => {
    mkdirSync(inbox);
    writeFileSync(
      join(inbox, 'good.pdf'),
      await makePdf({ title: 'Capybara Studies', body: 'the capybara' }),
    );
    writeFileSync(join(inbox, 'empty.pdf'), '');
  });
  afterAll(() => dir.remove());

  it('import --json prints one line per file and exits 1 when one failed', async () => {
    const r = await cli(['import', inbox, '--json', '--data-dir', data]);
    expect(r.code).toBe(1);
    const rows = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(2);
    const empty = rows.find((x) => String(x.file).endsWith('empty.pdf'));
    const good = rows.find((x) => String(x.file).endsWith('good.pdf'));
    expect(empty).toEqual({
      file: join(inbox, 'empty.pdf'),
      status: 'failed',
      warnings: [],
      error: { code: 'bad_file', message: expect.any(String) },
    });
    expect(good).toEqual({
      file: join(inbox, 'good.pdf'),
      status: 'imported',
      id: expect.stringMatching(/^[0-9a-f]{64}$/),
      title: 'Capybara Studies',
      pages: 1,
      warnings: [],
    });
    id = good?.id as string;
    expect(r.stderr).toContain('[1/2]'); // progress goes to stderr, never into the JSON
  });

  it('import without --json prints a readable line per file and a summary; a duplicate exits 0', async () => {
    const r = await cli(['import', join(inbox, 'good.pdf'), '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(/^duplicate .*good\.pdf/),
      '0 imported, 1 duplicate, 0 failed',
    ]);
  });

  it('import with no arguments is a usage error', async () => {
    const r = await cli(['import', '--data-dir', data]);
    expect(r.error).toMatch(/needs at least one/);
  });

  it('papers lists, filters and searches', async () => {
    const all = await cli(['papers', '--json', '--data-dir', data]);
    expect(lines(all.stdout).map((l) => JSON.parse(l).id)).toEqual([id]);
    const found = await cli(['papers', '--search', 'capybara', '--json', '--data-dir', data]);
    expect(JSON.parse(lines(found.stdout)[0]!)).toMatchObject({
      id,
      title: 'Capybara Studies',
      snippet: expect.stringContaining('capybara'),
    });
    expect(lines((await cli(['papers', '--status', 'approved', '--data-dir', data])).stdout)).toEqual([]);
    expect((await cli(['papers', '--search', '"foo AND (', '--data-dir', data])).code).toBe(0);
    expect((await cli(['papers', '--status', 'bogus', '--data-dir', data])).error).toMatch(
      /--status must be one of/,
    );
  });

  it('text --json prints id, sections, captions, warnings; a prefix id works', async () => {
    const r = await cli(['text', id.slice(0, 10), '--json', '--data-dir', data]);
    expect(r.code).toBe(0);
    const view = JSON.parse(r.stdout) as {
      id: string;
      sections: Array<Record<string, unknown>>;
      captions: unknown[];
      warnings: unknown[];
    };
    expect(Object.keys(view)).toEqual(['id', 'sections', 'captions', 'warnings']);
    expect(view.id).toBe(id);
    expect(view.sections.length).toBeGreaterThan(0);
    for (const s of view.sections) {
      expect(Object.keys(s)).toEqual(['heading', 'kind', 'text', 'pages']);
      expect(['abstract', 'body', 'references', 'appendix']).toContain(s.kind);
    }
    expect(view.sections.map((s) => s.text).join(' ')).toContain('capybara');
    const plain = await cli(['text', id, '--data-dir', data]);
    expect(plain.stdout).toMatch(/^## /m);
  });

  it('text with an unknown id fails with one clear line', async () => {
    const r = await cli(['text', 'f'.repeat(64), '--data-dir', data]);
    expect(r.code).toBe(1);
    expect(r.error).toBe(`No paper with id ${'f'.repeat(64)}.`);
  });

  it('as a real process: import --json exit code and an unknown id as one stderr line', () => {
    const imp = runCliProcess(['import', join(inbox, 'empty.pdf'), '--json', '--data-dir', data]);
    expect(imp.code).toBe(1);
    expect(JSON.parse(imp.stdout)).toMatchObject({ status: 'failed', error: { code: 'bad_file' } });
    const txt = runCliProcess(['text', 'deadbeef', '--data-dir', data]);
    expect(txt.code).toBe(1);
    expect(txt.stderr.trim()).toBe('paper-review: No paper with id deadbeef.');
  });
});
