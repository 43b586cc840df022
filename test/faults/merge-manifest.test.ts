import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeExport } from '../../src/core/merge';
import { runExport } from '../../src/core/export/run';
import { insertPaper, savePaperText } from '../../src/core/store/repos/papers';
import { insertReview } from '../../src/core/store/repos/reviews';
import { tempStore, type TempStore } from '../support/dataset-store';

/**
 * Hostile merge manifests against the real merge and a real export: a path that leaves the
 * export folder is refused with one line before any file is read. The targets outside are
 * FIFOs, so a merge that opened one would hang and fail the 2 s limit instead of passing.
 */
const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

let source: TempStore;
let target: TempStore;
let exportDir: string;
let outsideFifo: string;

beforeAll(async () => {
  source = tempStore('prs-faults-merge-src-');
  target = tempStore('prs-faults-merge-dst-');
  const id = sha('fault-paper');
  insertPaper(source.db, { id, title: 'Fault paper', abstract: 'About faults.' });
  savePaperText(
    source.db,
    id,
    {
      extractorVersion: 'test@1',
      sections: [{ heading: '1 Intro', kind: 'body', text: 'Body.', pages: [1, 1] }],
      captions: [],
      warnings: [],
    },
    'Fault paper',
  );
  insertReview(source.db, {
    paperId: id,
    annotator: 'bob',
    templateId: 'conference@1',
    status: 'approved',
    sections: { summary: 'Fine.', strengths: 'Good.', weaknesses: '', questions: '', limitations: '' },
    scores: { Rating: 6, Confidence: 3 },
  });
  exportDir = join(source.dir, 'export');
  await runExport(
    { db: source.db, dataDir: source.services.paths.root, schemaVersion: source.services.schemaVersion },
    { format: 'sharegpt', outDir: exportDir, valRatio: 0 },
  );
  outsideFifo = join(source.dir, 'outside.fifo');
  execFileSync('mkfifo', [outsideFifo]);
});
afterAll(async () => {
  await source.close();
  await target.close();
});

/** A copy of the good export whose manifest lists one more file, `path`. */
function tamperedExport(name: string, path: string, prepare?: (dir: string) => void): string {
  const dir = join(source.dir, name);
  cpSync(exportDir, dir, { recursive: true });
  prepare?.(dir);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    files: Array<{ path: string; bytes: number; sha256: string }>;
  };
  manifest.files.push({ path, bytes: 0, sha256: sha('') });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

async function mergeWithin(ms: number, dir: string): Promise<unknown> {
  return Promise.race([
    mergeExport(target.db, dir).then(
      () => new Error('merged'),
      (e: unknown) => e,
    ),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);
}

describe('merge manifest paths are confined to the export folder', () => {
  it('merges the untouched export (the control case)', async () => {
    const r = await mergeExport(target.db, exportDir);
    expect(r.reviewsAdded).toBe(1);
  });

  it.each([
    ['a ../ path', '../outside.fifo', 'which climbs out of the export folder'],
    ['a nested ../ path', 'data/../../outside.fifo', 'which climbs out of the export folder'],
    ['an absolute path', '/etc/passwd', 'an absolute path'],
    ['a Windows drive path', 'C:\\Windows\\win.ini', 'an absolute path'],
  ])('refuses %s within 2 s, reading nothing', async (_label, path, why) => {
    const dir = tamperedExport(`bad-${sha(path).slice(0, 8)}`, path);
    const e = await mergeWithin(2_000, dir);
    expect(e).toMatchObject({
      code: 'bad_file',
      message: `The manifest lists "${path}", ${why}: refused, nothing was read.`,
    });
  });

  it('refuses a symlink that points outside, and a manifest.json that is one', async () => {
    const link = tamperedExport('bad-link', 'notes.jsonl', (dir) =>
      symlinkSync(outsideFifo, join(dir, 'notes.jsonl')),
    );
    expect(await mergeWithin(2_000, link)).toMatchObject({
      message:
        'The manifest lists "notes.jsonl", a link to a file outside the export folder: refused, nothing was read.',
    });
    const dir = join(source.dir, 'bad-manifest-link');
    cpSync(exportDir, dir, { recursive: true });
    const outsideManifest = join(source.dir, 'outside-manifest.json');
    cpSync(join(dir, 'manifest.json'), outsideManifest);
    execFileSync('rm', [join(dir, 'manifest.json')]);
    symlinkSync(outsideManifest, join(dir, 'manifest.json'));
    expect(await mergeWithin(2_000, dir)).toMatchObject({
      message:
        'The manifest lists "manifest.json", a link to a file outside the export folder: refused, nothing was read.',
    });
  });

  it('refuses a FIFO inside the folder instead of hanging on it', async () => {
    const dir = tamperedExport('bad-fifo', 'pipe.jsonl', (d) =>
      execFileSync('mkfifo', [join(d, 'pipe.jsonl')]),
    );
    expect(await mergeWithin(2_000, dir)).toMatchObject({
      message: 'The manifest lists "pipe.jsonl", which is not a regular file: refused, nothing was read.',
    });
  });

  it('still merges a good export afterwards', async () => {
    const r = await mergeExport(target.db, exportDir);
    expect(r.reviewsPresent).toBe(1);
  });
});
