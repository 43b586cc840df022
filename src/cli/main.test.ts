import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../test/support/run-cli';
import { tempDir } from '../../test/support/temp';
import { VERBS } from './verbs';

describe('cli', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const data = join(dir.path, 'lib');

  it('prints stats as JSON for a new library', () => {
    const r = runCliProcess(['stats', '--json', '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ papers: 0, drafts: 0, reviews: 0 });
  });

  it('passes db check on a healthy library and backs it up', () => {
    expect(runCliProcess(['db', 'check', '--data-dir', data])).toMatchObject({ code: 0 });
    const target = join(dir.path, 'backup.db');
    const r = runCliProcess(['db', 'backup', target, '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(existsSync(target)).toBe(true);
    expect(runCliProcess(['db', 'check', '--data-dir', dir.path], {}).code).toBe(1); // no library there
  });

  it('fails db check on a corrupted file with one clear line', () => {
    const bad = join(dir.path, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'library.db'), Buffer.alloc(8192, 7));
    const r = runCliProcess(['db', 'check', '--data-dir', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/damaged|not a library/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('fails db check on a damaged page with a clear message', () => {
    const lib = join(dir.path, 'damaged');
    expect(runCliProcess(['stats', '--data-dir', lib]).code).toBe(0);
    const file = join(lib, 'library.db');
    // Overwrite the middle of the file: the header stays valid, the b-tree pages do not.
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(Math.max(0, size - 4096), 0xff), 0, Math.max(0, size - 4096), 4096);
    closeSync(fd);
    const r = runCliProcess(['db', 'check', '--data-dir', lib]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/paper-review: .*(integrity|damaged|malformed)/);
  });

  it('has --help for every verb', () => {
    for (const verb of VERBS) {
      const r = runCliProcess([...verb.name.split(' '), '--help']);
      expect(r.code, verb.name).toBe(0);
      expect(r.stdout).toContain(`Usage: paper-review ${verb.name}`);
      expect(r.stdout).toContain('--data-dir');
    }
  });

  it('rejects unknown commands and options with exit 2 and one line', () => {
    const a = runCliProcess(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/Unknown command/);
    const b = runCliProcess(['stats', '--bogus', '--data-dir', data]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
  });
});
