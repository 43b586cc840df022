import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { checkAdapterFits, modelFacts, readGguf } from './gguf-info';
import { classifyEstimate } from './estimate';
import { makeTestModels } from './engine.fixtures';
import { BENCH, llamaModel } from '../../../test/support/gguf/models';

const models = makeTestModels();
const dir = mkdtempSync(join(tmpdir(), 'prs-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return `${(e as AppError).code}: ${(e as AppError).message}`;
  }
  return 'ok';
}

describe('GGUF checks', () => {
  it('reads a model without loading it', async () => {
    const g = await readGguf(models.mistral);
    const f = modelFacts(g);
    expect(f).toMatchObject({
      architecture: 'llama',
      quantization: 'ALL_F32',
      contextLength: 4096,
      embedding: 64,
      layers: 2,
      name: 'tiny-mistral',
    });
    expect(f.parameters).toBeGreaterThan(100_000);
    expect(f.chatTemplate).toContain('[INST]');
    expect(g.sizeBytes).toBe(readFileSync(models.mistral).length);
  });

  it('refuses a file that is not a GGUF', async () => {
    const file = join(dir, 'notes.gguf');
    writeFileSync(file, 'this is a text file, not a model');
    expect(await code(readGguf(file))).toMatch(/^bad_file: notes\.gguf is not a GGUF file\.$/);
    writeFileSync(join(dir, 'empty.gguf'), '');
    expect(await code(readGguf(join(dir, 'empty.gguf')))).toMatch(/^bad_file: .*empty/);
    expect(await code(readGguf(join(dir, 'missing.gguf')))).toMatch(/^not_found/);
  });

  it('refuses a truncated GGUF, in the header or in the tensor data', async () => {
    const cutData = join(dir, 'cut-data.gguf');
    copyFileSync(models.mistral, cutData);
    truncateSync(cutData, readFileSync(models.mistral).length - 1000);
    expect(await code(readGguf(cutData))).toMatch(
      /^bad_file: cut-data\.gguf is truncated: its tensors need \d+ bytes but the file has \d+/,
    );
    const cutHead = join(dir, 'cut-head.gguf');
    copyFileSync(models.mistral, cutHead);
    truncateSync(cutHead, 3000);
    expect(await code(readGguf(cutHead))).toMatch(/^bad_file: cut-head\.gguf is truncated/);
  });

  it('refuses an architecture llama.cpp does not know, and an adapter added as a model', async () => {
    expect(await code(async () => modelFacts(await readGguf(models.unknownArch)))).toBe(
      'unsupported: tiny-foo-arch.gguf uses the architecture "foo", which llama.cpp cannot run.',
    );
    expect(await code(async () => modelFacts(await readGguf(models.lora)))).toMatch(
      /^unsupported: .*is a LoRA adapter, not a model/,
    );
  });

  it('accepts an adapter for its base and refuses one for another base', async () => {
    const lora = await readGguf(models.lora);
    checkAdapterFits(lora, await readGguf(models.mistral));
    expect(await code(async () => checkAdapterFits(lora, await readGguf(models.gemma)))).toBe(
      'unsupported: tiny-mistral-lora.gguf was made for a llama model, but tiny-gemma.gguf is gemma.',
    );
    const wide = join(dir, 'wide-llama.gguf');
    writeFileSync(wide, llamaModel('mistral', { ...BENCH, layers: 2 }));
    expect(await code(async () => checkAdapterFits(lora, await readGguf(wide)))).toBe(
      'unsupported: tiny-mistral-lora.gguf was made for another base model: blk.0.attn_q.weight is 256×256 in the model but the adapter expects 64×64.',
    );
    expect(
      await code(async () => checkAdapterFits(await readGguf(models.gemma), await readGguf(models.mistral))),
    ).toMatch(/is not a LoRA adapter/);
  });

  it("classifies memory estimates as fits, tight or won't fit", () => {
    const base = { contextSize: 4096, gpuLayers: 0, backend: 'cpu', vramNeeded: 0, vramFree: 0 };
    const gb = 1024 ** 3;
    expect(classifyEstimate({ ...base, ramNeeded: 4 * gb, ramFree: 16 * gb }).verdict).toBe('fits');
    expect(classifyEstimate({ ...base, ramNeeded: 14 * gb, ramFree: 16 * gb }).verdict).toBe('tight');
    const no = classifyEstimate({ ...base, ramNeeded: 29 * gb, ramFree: 16 * gb });
    expect(no.verdict).toBe('wont_fit');
    expect(no.message).toBe(
      "Won't fit: context 4096 with 0 GPU layers (cpu) needs 29.00 GB RAM of 16.00 GB free.",
    );
    const gpu = classifyEstimate({
      ...base,
      gpuLayers: 33,
      backend: 'cuda',
      ramNeeded: gb,
      ramFree: 16 * gb,
      vramNeeded: 9 * gb,
      vramFree: 8 * gb,
    });
    expect(gpu.verdict).toBe('wont_fit');
  });
});
