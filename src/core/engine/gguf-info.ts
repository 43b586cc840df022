import { statSync } from 'node:fs';
import { basename } from 'node:path';
import * as llamaCpp from 'node-llama-cpp';
import { readGgufFileInfo, type GgufFileInfo } from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import { checkGgufBounds } from './gguf-bounds';

/**
 * Reads and checks a GGUF's header in core, without loading the model or the native
 * llama.cpp binding (the model only ever runs in the worker process).
 */

// The vocabulary arrays can be hundreds of thousands of entries; we never need them here.
const IGNORE = [
  'tokenizer.ggml.tokens',
  'tokenizer.ggml.scores',
  'tokenizer.ggml.token_type',
  'tokenizer.ggml.merges',
];

/** [bytes per block, elements per block] of ggml tensor types, for the truncation check. */
const TYPE_SIZE: Record<number, [number, number]> = {
  0: [4, 1],
  1: [2, 1],
  2: [18, 32],
  3: [20, 32],
  6: [22, 32],
  7: [24, 32],
  8: [34, 32],
  9: [36, 32],
  10: [84, 256],
  11: [110, 256],
  12: [144, 256],
  13: [176, 256],
  14: [210, 256],
  15: [292, 256],
  16: [66, 256],
  17: [74, 256],
  18: [98, 256],
  19: [50, 256],
  20: [18, 32],
  21: [110, 256],
  22: [82, 256],
  23: [136, 256],
  24: [1, 1],
  25: [2, 1],
  26: [4, 1],
  27: [8, 1],
  28: [8, 1],
  29: [56, 256],
  30: [2, 1],
};

// node-llama-cpp declares these as const enums (not importable under isolatedModules) but
// ships them as plain objects; read them as data.
const enums = llamaCpp as unknown as {
  GgufArchitectureType: Record<string, string>;
  GgufFileType: Record<string, string | number>;
};

/** Architectures llama.cpp runs as text models (node-llama-cpp's list for the pinned llama.cpp). */
const TEXT_ARCHITECTURES = new Set<string>(
  Object.values(enums.GgufArchitectureType).filter((a) => a !== 'clip'),
);

export interface GgufSummary {
  path: string;
  fileName: string;
  sizeBytes: number;
  info: GgufFileInfo;
  architecture: string;
  type: string;
}

export async function readGguf(path: string): Promise<GgufSummary> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AppError('bad_file', `${basename(path)} is not a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('not_found', `No file at ${path}.`);
  }
  if (size === 0) throw new AppError('bad_file', `${basename(path)} is empty, not a GGUF model.`);
  // Bounds first: node-llama-cpp's parser would read a 2^31-element array into memory.
  checkGgufBounds(path, size);
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(path, { ignoreKeys: IGNORE, logWarnings: false, sourceType: 'filesystem' });
  } catch (e) {
    const message = (e as Error).message ?? '';
    if (/magic/i.test(message)) throw new AppError('bad_file', `${basename(path)} is not a GGUF file.`);
    throw new AppError(
      'bad_file',
      `${basename(path)} is truncated or damaged: its GGUF header cannot be read.`,
    );
  }
  checkComplete(path, size, info);
  const architecture = String(info.metadata?.general?.architecture ?? '');
  const type = String((info.metadata?.general as { type?: unknown } | undefined)?.type ?? 'model');
  return { path, fileName: basename(path), sizeBytes: size, info, architecture, type };
}

/** A file shorter than its tensor table says is truncated (an interrupted download or copy). */
function checkComplete(path: string, size: number, info: GgufFileInfo): void {
  let end = 0;
  for (const t of info.tensorInfo ?? []) {
    const unit = TYPE_SIZE[t.ggmlType];
    if (!unit) continue;
    const elements = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    const bytes = Math.ceil(elements / unit[1]) * unit[0];
    end = Math.max(end, Number(t.fileOffset) + bytes);
  }
  if (end > size) {
    throw new AppError(
      'bad_file',
      `${basename(path)} is truncated: its tensors need ${end} bytes but the file has ${size}. Copy or download it again.`,
    );
  }
}

export interface ModelFacts {
  architecture: string;
  name: string | null;
  parameters: number | null;
  quantization: string | null;
  contextLength: number | null;
  chatTemplate: string | null;
  embedding: number | null;
  layers: number | null;
}

/** Checks that a GGUF is a model llama.cpp can run and pulls out what the registry shows. */
export function modelFacts(g: GgufSummary): ModelFacts {
  if (g.type === 'adapter') {
    throw new AppError(
      'unsupported',
      `${g.fileName} is a LoRA adapter, not a model: attach it to its base model instead.`,
    );
  }
  if (!g.architecture || !TEXT_ARCHITECTURES.has(g.architecture)) {
    throw new AppError(
      'unsupported',
      `${g.fileName} uses the architecture "${g.architecture || 'none'}", which llama.cpp cannot run.`,
    );
  }
  const meta = g.info.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  const arch = meta[g.architecture] ?? {};
  const general = meta.general ?? {};
  const tokenizer = meta.tokenizer as { chat_template?: unknown } | undefined;
  const fileType = typeof general.file_type === 'number' ? enums.GgufFileType[general.file_type] : undefined;
  const tensors = g.info.tensorInfo ?? [];
  const parameters = tensors.length
    ? tensors.reduce((sum, t) => sum + t.dimensions.reduce<number>((a, d) => a * Number(d), 1), 0)
    : null;
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
  return {
    architecture: g.architecture,
    name: typeof general.name === 'string' ? general.name : null,
    parameters,
    quantization: typeof fileType === 'string' ? fileType.replace(/^MOSTLY_/, '') : null,
    contextLength: num(arch.context_length),
    chatTemplate: typeof tokenizer?.chat_template === 'string' ? tokenizer.chat_template : null,
    embedding: num(arch.embedding_length),
    layers: num(arch.block_count),
  };
}

/**
 * Refuses an adapter made for another base: it must be a LoRA GGUF of the same
 * architecture whose every lora_a/lora_b pair matches the shape of the base tensor it adapts.
 */
export function checkAdapterFits(adapter: GgufSummary, base: GgufSummary): void {
  const general = adapter.info.metadata?.general as { type?: unknown } | undefined;
  const adapterType = (adapter.info.metadata as unknown as { adapter?: { type?: unknown } }).adapter?.type;
  if (general?.type !== 'adapter' || adapterType !== 'lora') {
    throw new AppError('unsupported', `${adapter.fileName} is not a LoRA adapter GGUF.`);
  }
  if (adapter.architecture !== base.architecture) {
    throw new AppError(
      'unsupported',
      `${adapter.fileName} was made for a ${adapter.architecture} model, but ${base.fileName} is ${base.architecture}.`,
    );
  }
  const baseShapes = new Map((base.info.tensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number)]));
  const tensors = adapter.info.tensorInfo ?? [];
  let pairs = 0;
  for (const a of tensors.filter((t) => t.name.endsWith('.lora_a'))) {
    const target = a.name.slice(0, -'.lora_a'.length);
    const b = tensors.find((t) => t.name === `${target}.lora_b`);
    const shape = baseShapes.get(target);
    const mismatch = (why: string) =>
      new AppError('unsupported', `${adapter.fileName} was made for another base model: ${why}.`);
    if (!b) throw mismatch(`${target} has lora_a but no lora_b`);
    if (!shape) throw mismatch(`${base.fileName} has no tensor ${target}`);
    const [aIn] = a.dimensions.map(Number);
    const bOut = Number(b.dimensions[1]);
    if (aIn !== shape[0] || bOut !== shape[1]) {
      throw mismatch(`${target} is ${shape.join('×')} in the model but the adapter expects ${aIn}×${bOut}`);
    }
    pairs++;
  }
  if (pairs === 0) throw new AppError('unsupported', `${adapter.fileName} contains no LoRA tensors.`);
}
