import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGguf } from '../../src/core/engine/gguf-info';
import { makeTestModels } from '../../src/core/engine/engine.fixtures';
import { tempDir } from '../support/temp';

/**
 * Hostile GGUF headers against the main process's reader: each is refused with one line
 * within 500 ms, allocating nothing per declared element, and a good model reads afterwards.
 * The files are written byte by byte here (the fixture writer only writes honest files).
 */
const dir = tempDir('prs-faults-gguf-');
afterAll(() => dir.remove());

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const u64 = (n: number | bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const str = (s: string) => Buffer.concat([u64(Buffer.byteLength(s)), Buffer.from(s)]);
const header = (tensors: number, keys: number) =>
  Buffer.concat([Buffer.from('GGUF'), u32(3), u64(tensors), u64(keys)]);
const ARCH = Buffer.concat([str('general.architecture'), u32(8), str('llama')]);

/** Writes `bytes`, then (sparse, no disk used) extends the file to `size` so declared data "exists". */
function hostile(name: string, bytes: Buffer, size = bytes.length): string {
  const file = join(dir.path, name);
  writeFileSync(file, bytes);
  if (size > bytes.length) truncateSync(file, size);
  return file;
}

async function refusal(file: string): Promise<{ message: string; ms: number; heapMb: number }> {
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = Date.now();
  const message = await readGguf(file).then(
    () => 'read without error',
    (e: unknown) => `${(e as { code: string }).code}: ${(e as Error).message}`,
  );
  return { message, ms: Date.now() - t0, heapMb: (process.memoryUsage().heapUsed - heap0) / 2 ** 20 };
}

describe('GGUF headers with hostile counts', () => {
  it('refuses a 2^31-element array (its bytes present, sparse) within 500 ms, allocating nothing', async () => {
    const file = hostile(
      'array.gguf',
      Buffer.concat([header(0, 2), ARCH, str('evil.array'), u32(9), u32(0), u64(2 ** 31)]),
      2 ** 31 + 4096,
    );
    const r = await refusal(file);
    expect(r.message).toBe(
      'bad_file: array.gguf is not a usable GGUF: metadata "evil.array" declares 2147483648 array elements (at most 16777216).',
    );
    expect(r.ms).toBeLessThan(500);
    expect(r.heapMb).toBeLessThan(64);
  });

  it('refuses an array of 2^31 strings whose bytes are not there, within 500 ms', async () => {
    const file = hostile(
      'strings.gguf',
      Buffer.concat([header(0, 1), str('tokenizer.ggml.tokens'), u32(9), u32(8), u64(2 ** 31)]),
    );
    const r = await refusal(file);
    expect(r.message).toBe(
      'bad_file: strings.gguf is not a usable GGUF: metadata "tokenizer.ggml.tokens" declares 2147483648 array elements (at most 16777216).',
    );
    expect(r.ms).toBeLessThan(500);
  });

  it('refuses a string that declares 2^40 bytes, and 2^20 strings the file cannot hold', async () => {
    const long = hostile(
      'string.gguf',
      Buffer.concat([header(0, 2), ARCH, str('general.name'), u32(8), u64(2 ** 40)]),
    );
    const r = await refusal(long);
    expect(r.message).toBe(
      'bad_file: string.gguf is not a usable GGUF: metadata "general.name" declares a string of 1099511627776 bytes (at most 16777216).',
    );
    expect(r.ms).toBeLessThan(500);
    const many = hostile(
      'many.gguf',
      Buffer.concat([header(0, 1), str('tokenizer.ggml.merges'), u32(9), u32(8), u64(2 ** 20)]),
    );
    expect((await refusal(many)).message).toBe(
      'bad_file: many.gguf is truncated or damaged: its GGUF header cannot be read.',
    );
  });

  it('refuses 2^40 metadata entries, 2^40 tensors and a tensor of 2^31 dimensions', async () => {
    const keys = await refusal(hostile('keys.gguf', header(0, 2 ** 40)));
    expect(keys.message).toBe(
      'bad_file: keys.gguf is not a usable GGUF: the header declares 1099511627776 metadata entries (at most 65536).',
    );
    const tensors = await refusal(hostile('tensors.gguf', header(2 ** 40, 0)));
    expect(tensors.message).toBe(
      'bad_file: tensors.gguf is not a usable GGUF: the header declares 1099511627776 tensors (at most 1048576).',
    );
    const dims = await refusal(
      hostile('dims.gguf', Buffer.concat([header(1, 1), ARCH, str('blk.0.w'), u32(2 ** 31)])),
    );
    expect(dims.message).toBe(
      'bad_file: dims.gguf is not a usable GGUF: tensor 1 declares 2147483648 dimensions (at most 4).',
    );
    for (const r of [keys, tensors, dims]) expect(r.ms).toBeLessThan(500);
  });

  it('still reads a good model afterwards', async () => {
    const g = await readGguf(makeTestModels().mistral);
    expect(g.architecture).toBe('llama');
  });
});
