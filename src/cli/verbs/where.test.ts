import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../../test/support/run-cli';
import { tempDir } from '../../../test/support/temp';

describe('where', () => {
  const dir = tempDir('prs-where-');
  afterAll(() => dir.remove());

  it('names the folder, the rule that chose it and each path, before any library exists', () => {
    const r = runCliProcess(['where', '--json', '--data-dir', dir.path]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      dataDir: dir.path,
      chosenBy: '--data-dir',
      library: { path: join(dir.path, 'library.db'), exists: false },
      keys: { path: join(dir.path, 'secrets'), exists: false },
    });
  });

  it('answers for a library it could not open, and follows PAPER_REVIEW_HOME', () => {
    writeFileSync(join(dir.path, 'library.db'), 'not a database');
    const r = runCliProcess(['where'], { PAPER_REVIEW_HOME: dir.path });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`data folder  ${dir.path}  (from PAPER_REVIEW_HOME)`);
    expect(r.stdout).toMatch(/library\s+\S+library\.db {2}\(0\.0 MB\)/);
    expect(r.stdout).toMatch(/exports\s+\S+ {2}\(not yet created\)/);
  });
});
