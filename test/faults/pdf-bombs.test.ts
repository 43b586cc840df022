/**
 * PDF bombs (issue 18): each hostile file is parsed in a child process under stated limits and
 * must end with a one-line clear error within that limit — and the same pool must then import
 * a good paper (the app keeps working). Limits here are smaller than the app's defaults
 * (DEFAULT_LIMITS: 120 s, 1536 MB, 2000 pages) so the case runs in test time; the mechanism
 * is the same. Each case's bound covers starting a fresh process under tsx on a loaded machine.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors';
import { createExtractPool } from '../../src/core/library/pdf/worker-client';
import { DEFAULT_LIMITS } from '../../src/core/library/pdf/worker-pool';
import { deepNesting, flateBomb, manyPages } from '../support/pdf-bombs';

// A tsx-run extraction process idles at about 460 MB resident on this machine (pdf.js and the loader).
const LIMITS = { memoryMb: 800, timeS: 60, pages: 2000 };
const pool = createExtractPool({ size: 1, limits: LIMITS });
// Start the extraction process before the clock of the first case runs: its limit is about
// the file, not about booting tsx and pdf.js on a loaded machine.
beforeAll(() => pool.run(good(), { maxPages: 1 }), 150_000);
afterAll(() => pool.close());

const good = () =>
  new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/pdfs/iclr2017-gcrn.pdf')));

/** Runs a bomb, returns its error and how long it took; then checks the pool still imports. */
async function explode(bytes: Uint8Array): Promise<{ err: AppError; ms: number }> {
  const t = performance.now();
  const err = await pool.run(bytes).then(
    () => expect.fail('the bomb was extracted without an error'),
    (e: unknown) => e,
  );
  const ms = performance.now() - t;
  expect(err).toBeInstanceOf(AppError);
  const { message } = err as AppError;
  expect(message).not.toContain('\n');
  expect(message.length).toBeLessThan(200);
  const next = await pool.run(good(), { maxPages: 1 });
  expect(next.meta.pages).toBe(6);
  return { err: err as AppError, ms };
}

describe('PDF bombs (child-process extraction with page, memory and time limits)', () => {
  it('the app-wide pool has the stated default limits', () => {
    expect(createExtractPool().limits).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toEqual({ timeS: 120, memoryMb: 1536, pages: 2000 });
  });

  it('a 10,000-page PDF is refused by the page limit, without reading its pages', async () => {
    const { err, ms } = await explode(new Uint8Array(manyPages(10_000)));
    expect(err.code).toBe('unsupported');
    expect(err.message).toBe('The PDF has 10000 pages; at most 2000 pages can be imported.');
    expect(ms).toBeLessThan(LIMITS.timeS * 1000);
  }, 150_000);

  it('deeply nested objects (100,000 arrays) are cut off by the parser, not a crash', async () => {
    const t = performance.now();
    const r = await pool.run(new Uint8Array(deepNesting(100_000)));
    // PDFium stops parsing the nested value at its depth limit and reads the page's one word
    // ("Deep"): too little text for a paper, so it is treated as a scan.
    expect(r.text.warnings.map((w) => w.code)).toEqual(['no_text_layer']);
    expect(performance.now() - t).toBeLessThan(LIMITS.timeS * 1000);
    expect((await pool.run(good(), { maxPages: 1 })).meta.pages).toBe(6);
  }, 150_000);

  it('a flate bomb (1 GB of inflated content) is stopped by the memory limit, and the next import succeeds', async () => {
    const bomb = await flateBomb(1024);
    expect(bomb.length).toBeLessThan(2 << 20); // the attack: ~1 MB on disk
    const { err, ms } = await explode(new Uint8Array(bomb));
    expect(err.code).toBe('out_of_memory');
    expect(err.message).toBe(
      `The PDF needed more than ${LIMITS.memoryMb} MB of memory to extract and was stopped (a decompression bomb?).`,
    );
    expect(ms).toBeLessThan(LIMITS.timeS * 1000);
  }, 200_000);

  it('a file that outlasts the time limit is stopped with a clear error', async () => {
    // A 1-second limit against a real 15-page paper stands in for a slow-parsing bomb.
    const slow = createExtractPool({ size: 1, limits: { timeS: 1 } });
    try {
      const bytes = new Uint8Array(
        readFileSync(path.resolve(import.meta.dirname, '../fixtures/pdfs/acl2020-s2orc.pdf')),
      );
      const t = performance.now();
      const err = (await slow.run(bytes).catch((e: unknown) => e)) as AppError;
      expect(err.message).toBe('The PDF took longer than 1 s to extract and was stopped.');
      expect(performance.now() - t).toBeLessThan(3000);
      expect(slow.workers).toBe(0);
    } finally {
      await slow.close();
    }
  }, 60_000);
});
