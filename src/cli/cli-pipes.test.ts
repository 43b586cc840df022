import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../test/support/run-cli';
import { REPO_ROOT, tempDir } from '../../test/support/temp';
import { createServices } from '../core/services';
import { seedPaper } from '../core/review/seed.fixtures';

/** The CLI as a shell user meets it: options in any order, pipes closed early, plain output. */
describe('cli in a shell', () => {
  const dir = tempDir();
  const data = join(dir.path, 'lib');
  let paper = '';
  beforeAll(async () => {
    const s = createServices({ dataDir: data, host: 'cli' });
    // Enough rows that the output outlives the pipe's buffer once `head` has gone.
    s.db.transaction(() => {
      for (let i = 0; i < 3000; i++)
        seedPaper(s, `A paper on topic number ${i} with a long enough title to fill the pipe`);
    })();
    paper = seedPaper(s, 'Plain review');
    await s.close();
  });
  afterAll(() => dir.remove());

  it('takes a global option before the verb', () => {
    const r = runCliProcess(['--data-dir', data, 'papers', '--limit', '2']);
    expect(r.stderr).not.toMatch(/Unknown command/);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    const two = runCliProcess(['--data-dir', data, 'db', 'check']);
    expect(two.code).toBe(0);
  });

  it('ends quietly when the reader closes the pipe (papers --json | head -1)', () => {
    const cli = `'${process.execPath}' --import tsx src/cli/main.ts papers --json --data-dir '${data}'`;
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${cli} | head -1`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.status).toBe(0);
  });

  it('keeps the status of a plain review off its last line', () => {
    const file = join(dir.path, 'r.md');
    writeFileSync(
      file,
      '## Significance and novelty\nNovel.\n\n## Suggestions for improvement\nMore data.\n',
    );
    expect(
      runCliProcess(['review', paper, '--text-file', file, '--annotator', 'Ada', '--data-dir', data]).code,
    ).toBe(0);
    const r = runCliProcess(['review', paper, '--annotator', 'Ada', '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/More data\.\n$/);
    expect(r.stderr).toMatch(/^\nStatus: in_progress · /);
  });
});
