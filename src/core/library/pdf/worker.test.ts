import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { extractPdf } from './extract';
import { extractPdfInWorker, extractWorkerUrl } from './worker-client';
import { fixture } from './pdf.fixtures';

describe('extractPdfInWorker', () => {
  it('points at the worker entry beside the client when running from source', () => {
    expect(extractWorkerUrl().pathname).toMatch(/src\/core\/library\/pdf\/extract-worker\.ts$/);
  });

  it('gives the same result as in-process extraction and forwards progress', async () => {
    const bytes = fixture('iclr2017-gcrn.pdf');
    const progress: string[] = [];
    const inWorker = await extractPdfInWorker(bytes, { onProgress: (p, t) => progress.push(`${p}/${t}`) });
    expect(progress).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
    expect(inWorker).toEqual(await extractPdf(bytes));
    expect(bytes.length).toBeGreaterThan(0); // the caller's buffer is not transferred away
  });

  it('turns worker-side failures back into AppError with the same code', async () => {
    const err = await extractPdfInWorker(fixture('bad-truncated-acl2020-s2orc.pdf')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('bad_file');
  });

  it('aborts by terminating the worker', async () => {
    const ac = new AbortController();
    const p = extractPdfInWorker(fixture('acl2020-s2orc.pdf'), {
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    const err = await p.catch((e: unknown) => e);
    expect((err as AppError).code).toBe('cancelled');
  });
});
