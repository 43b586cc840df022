import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importReviews } from '../../src/core/import-reviews';
import { readJsonLines } from '../../src/core/import-reviews/jsonl';
import { FIXTURES, tempStore, type TempStore } from '../support/dataset-store';

/**
 * Hostile review files against the real importer and a real library: each is refused with
 * one clear line within a stated time, memory stays bounded, and the next good file imports.
 */
const NOT_REGULAR =
  /is not a regular file \(a folder, FIFO, device or socket\); only plain files are read\.$/;
const MB = 1024 * 1024;

let store: TempStore;
beforeAll(() => {
  store = tempStore('prs-faults-files-');
});
afterAll(async () => {
  await store.close();
});

/** Runs an import with a time limit, so a reader that hangs fails the case instead of the run. */
async function importWithin(ms: number, paths: string[]) {
  const t0 = Date.now();
  const result = await Promise.race([
    importReviews(store.db, paths),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);
  return { result, ms: Date.now() - t0 };
}

/** A good file still imports afterwards. */
async function stillImports() {
  const { result } = await importWithin(10_000, [join(FIXTURES, 'papers.jsonl')]);
  expect(result.papersAdded + result.files[0]!.papersPresent).toBe(2);
}

/** `copies` gzip members of `member` bytes each: a tiny file that inflates to copies × member. */
function gzipBomb(file: string, member: Buffer, copies: number): void {
  const one = gzipSync(member, { level: 9 });
  writeFileSync(file, Buffer.concat(Array.from({ length: copies }, () => one)));
}

describe('review files that are not files', () => {
  it('refuses a FIFO named .jsonl / .json within 1 s, without opening it for a blocking read', async () => {
    const fifo = join(store.dir, 'reviews.jsonl');
    const fifoJson = join(store.dir, 'review.json');
    execFileSync('mkfifo', [fifo, fifoJson]);
    const { result, ms } = await importWithin(1_000, [fifo, fifoJson]);
    expect(ms).toBeLessThan(1_000);
    for (const f of result.files) expect(f.errors[0]!.message).toMatch(NOT_REGULAR);
    // The readers check again on the open descriptor (the path may change between the two).
    await expect(readJsonLines(fifo).next()).rejects.toThrow(NOT_REGULAR);
    await stillImports();
  });

  it.skipIf(!existsSync('/dev/zero'))(
    'refuses /dev/zero behind a .jsonl or .json name within 1 s',
    async () => {
      const zeroJsonl = join(store.dir, 'zero.jsonl');
      const zeroJson = join(store.dir, 'zero.json');
      symlinkSync('/dev/zero', zeroJsonl);
      symlinkSync('/dev/zero', zeroJson);
      const { result, ms } = await importWithin(1_000, [zeroJsonl, zeroJson]);
      expect(ms).toBeLessThan(1_000);
      expect(result.files).toHaveLength(2);
      for (const f of result.files) expect(f.errors[0]!.message).toMatch(NOT_REGULAR);
      await stillImports();
    },
  );

  it('does not follow a symlinked folder that points back up (no endless walk)', async () => {
    const dir = join(store.dir, 'loop');
    mkdirSync(dir);
    symlinkSync('..', join(dir, 'up'));
    const { ms } = await importWithin(2_000, [dir]);
    expect(ms).toBeLessThan(2_000);
  });
});

describe('review files that are too big', () => {
  it('refuses a .json over 64 MB by its size, before reading it', async () => {
    const big = join(store.dir, 'big.json');
    // Sparse: 65 MB long, no disk used, and it is never read.
    writeFileSync(big, '');
    execFileSync('truncate', ['-s', `${65 * MB}`, big]);
    const { result, ms } = await importWithin(1_000, [big]);
    expect(ms).toBeLessThan(1_000);
    expect(result.files[0]!.errors[0]!.message).toBe(
      'big.json is 65 MB; a review .json may be at most 64 MB (use .jsonl for more).',
    );
    await stillImports();
  });

  it('stops a gzip bomb of blank lines (256 MB inflated) at the inflate cap within 10 s', async () => {
    const bomb = join(store.dir, 'bomb-lines.jsonl.gz');
    gzipBomb(bomb, Buffer.alloc(16 * MB, '\n'), 16);
    const rss0 = process.memoryUsage().rss;
    const { result, ms } = await importWithin(10_000, [bomb]);
    const errors = result.files[0]!.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(
      'file unreadable from here on: it decompresses to more than 64 MB (over 100× its size): a gzip bomb, not review data',
    );
    console.log(
      `gzip bomb (lines): ${ms} ms, rss +${Math.round((process.memoryUsage().rss - rss0) / MB)} MB`,
    );
    await stillImports();
  });

  it('drops an endless line as it arrives and stops the bomb at the cap within 10 s', async () => {
    const bomb = join(store.dir, 'bomb-one-line.jsonl.gz');
    // One endless line of 'a': never a newline, so only the caps can end it.
    gzipBomb(bomb, Buffer.alloc(16 * MB, 'a'), 16);
    const rss0 = process.memoryUsage().rss;
    const { result, ms } = await importWithin(10_000, [bomb]);
    expect(result.files[0]!.errors.map((e) => e.message)).toEqual([
      'file unreadable from here on: it decompresses to more than 64 MB (over 100× its size): a gzip bomb, not review data',
    ]);
    const grew = process.memoryUsage().rss - rss0;
    console.log(`gzip bomb (one line): ${ms} ms, rss +${Math.round(grew / MB)} MB`);
    // The line is dropped as it arrives: far less than the 64 MB that was inflated.
    expect(grew).toBeLessThan(48 * MB);
    await stillImports();
  });

  it('reports an over-long line of a plain .jsonl by its number and imports the rest', async () => {
    const file = join(store.dir, 'long-line.jsonl');
    const good = JSON.stringify({ paper_id: 'ok-1', title: 'Fine', reviews: [{ text: 'Good paper.' }] });
    writeFileSync(file, `${good}\n${'x'.repeat(33 * MB)}\n${good.replace('ok-1', 'ok-2')}\n`);
    const { result } = await importWithin(10_000, [file]);
    expect(result.files[0]!.errors).toContainEqual({ line: 2, message: 'longer than 32 MB; skipped' });
    expect(result.files[0]!.errors.map((e) => e.line)).not.toContain(4);
    await stillImports();
  });
});
