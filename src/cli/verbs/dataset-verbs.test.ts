import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { runCliProcess } from '../../../test/support/run-cli';
import { FIXTURES } from '../../../test/support/dataset-store';

/** The real CLI in a child process (tsx from source, so the export worker path is exercised too). */
describe('import-reviews / export / merge verbs', () => {
  const dir = tempDir('prs-dataset-cli-');
  const lib = join(dir.path, 'lib');
  afterAll(() => dir.remove());

  it('imports, exports with --json, refuses a used folder with one stderr line, merges', () => {
    const imp = runCliProcess([
      'import-reviews',
      join(FIXTURES, 'papers.jsonl'),
      '--json',
      '--data-dir',
      lib,
    ]);
    // The fixture has two bad lines: reported, the rest imported, exit 1 so scripts notice.
    expect(imp.code).toBe(1);
    const ir = JSON.parse(imp.stdout) as {
      papersAdded: number;
      reviewsAdded: number;
      files: Array<{ errors: Array<{ line: number }> }>;
    };
    expect(ir).toMatchObject({ papersAdded: 2, reviewsAdded: 3 });
    expect(ir.files[0]!.errors.map((e) => e.line)).toEqual([2, 4]);

    const out = join(dir.path, 'out');
    const exp = runCliProcess([
      'export',
      '--format',
      'sharegpt',
      '--out',
      out,
      '--round',
      'r0',
      '--val-ratio',
      '0',
      '--json',
      '--data-dir',
      lib,
    ]);
    expect(exp.code).toBe(0);
    expect(JSON.parse(exp.stdout)).toMatchObject({
      format: 'sharegpt',
      round: 'r0',
      counts: { train: 3, validation: 0 },
    });

    const again = runCliProcess(['export', '--format', 'sharegpt', '--out', out, '--data-dir', lib]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^paper-review: .*not empty/)]);

    const bad = runCliProcess(['export', '--format', 'csv', '--out', join(dir.path, 'x'), '--data-dir', lib]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of/);

    const merged = runCliProcess(['merge', out, '--json', '--data-dir', join(dir.path, 'lib2')]);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ records: 3, papersAdded: 2, reviewsAdded: 3 });
  });
});
