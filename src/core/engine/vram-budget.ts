/**
 * GPU memory a model + context needs under llama.cpp's CUDA backend, from the model's
 * shape alone (no GPU, no node-llama-cpp): pure arithmetic, so the fits / tight / won't-fit
 * verdict, the KV-cache type and the batch parallelism can be chosen before loading.
 *
 *   total = weights + kvCache + compute + overhead
 *   weights  = all tensor bytes − token_embd (the input lookup stays in CPU RAM)
 *              + token_embd again when the output projection is tied to it (Gemma: llama.cpp
 *              keeps a GPU copy for the output matmul)
 *   kvCache  = cells × layers × kvHeads × (headDimK × bytes(typeK) + headDimV × bytes(typeV))
 *              cells = contextSize × sequences rounded up to 256; bytes: f16 2, q8_0 34/32, q4_0 18/32
 *   compute  = ubatch × 4 B × (vocab + 2·ff + embd)                  (logits and FFN activations)
 *              + without flash attention: 1.5 × ubatch × cells × heads × 4 B   (the f32 KQ matrix
 *                and its softmax; flash attention never materialises them)
 *              + quantized cache with several sequences: sequences × contextSize × kvHeads ×
 *                (headDimK + headDimV) × 2 B   (f16 copies of K and V for the attention kernel)
 *   overhead = CUDA context, cuBLAS workspace and allocator slack: 600 MiB
 *
 * Calibrated on an H200 (CUDA 13, driver 580) against nvidia-smi peaks of the engine worker
 * drafting 12K-token prompts with the Mistral-7B and Gemma-7B shapes (bench/gpu/app-bench.ts,
 * bench/results/gpu-H200-2026-11-28.md): every one of 19 cases within −0.7 %…+3.5 % of the
 * measured peak (flash attention off on Gemma is the +3.5 %: over, the safe side); the 2 048
 * batches measured since, lone drafts and waves of 16 and 32, within −0.9 %…+2.3 %
 * (bench/results/gpu-2026-11-28-round4.md).
 */

export type KvType = 'f16' | 'q8_0' | 'q4_0';
export type Verdict = 'fits' | 'tight' | 'wont_fit';

/** Bytes per cached element (q8_0: 32 int8 + one f16 scale per block of 32). */
export const KV_BYTES: Record<KvType, number> = { f16: 2, q8_0: 34 / 32, q4_0: 18 / 32 };

export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;
/** Fixed cost of a CUDA process running llama.cpp, beyond weights, cache and compute buffers. */
export const CUDA_OVERHEAD_BYTES = 600 * MIB;
/** A load is "tight" (not "fits") when it leaves less than this share of the card's memory free. */
export const TIGHT_MARGIN = 0.05;
/** The batch size (n_batch = n_ubatch) node-llama-cpp gives a context that names none. */
export const DEFAULT_BATCH_SIZE = 512;
/** llama.cpp pads the KV cache to a multiple of this many cells. */
const KV_PAD = 256;

export interface ModelShape {
  layers: number;
  embd: number;
  heads: number;
  kvHeads: number;
  headDimK: number;
  headDimV: number;
  ff: number;
  vocab: number;
  /** Bytes of all tensor data in the file (file size minus header, near enough). */
  weightBytes: number;
  /** Bytes of token_embd.weight. */
  tokenEmbdBytes: number;
  /** Bytes of output.weight (0 when tied). */
  outputBytes: number;
  /** No output.weight: the output projection reuses token_embd (Gemma). */
  tiedOutput: boolean;
}

export interface ContextChoice {
  /** Tokens per sequence (what node-llama-cpp's createContext calls contextSize). */
  contextSize: number;
  sequences: number;
  kvCacheType: KvType;
  flashAttention: boolean;
  /** n_ubatch: node-llama-cpp sets it to the batch size, 512 by default. */
  batchSize: number;
}

export interface Budget {
  weights: number;
  kvCache: number;
  compute: number;
  overhead: number;
  total: number;
}

/** The parts of node-llama-cpp's readGgufFileInfo() result this module reads (kept structural: no import). */
export interface GgufLike {
  metadata: unknown;
  tensorInfo?: ReadonlyArray<{ name: string; fileOffset: number | bigint }>;
  fullTensorInfo?: ReadonlyArray<{ name: string; fileOffset: number | bigint }>;
}

/**
 * The shape from a GGUF header: `readGgufFileInfo(path)` and the file's size. Tensor sizes
 * are the gaps between their file offsets (the last one runs to the end of the file).
 */
export function shapeFromGguf(info: GgufLike, fileSize: number): ModelShape {
  const md = info.metadata as Record<string, Record<string, unknown>>;
  const arch = String(md.general?.architecture ?? 'llama');
  const a = (md[arch] ?? {}) as Record<string, unknown> & { attention?: Record<string, unknown> };
  const att = a.attention ?? {};
  const num = (v: unknown, d = 0) => (typeof v === 'number' ? v : d);
  const embd = num(a.embedding_length);
  const heads = num(att.head_count, 1);
  const tensors = [...(info.fullTensorInfo ?? info.tensorInfo ?? [])].sort(
    (x, y) => Number(x.fileOffset) - Number(y.fileOffset),
  );
  const bytes = new Map<string, number>();
  tensors.forEach((t, i) =>
    bytes.set(t.name, Number(tensors[i + 1]?.fileOffset ?? fileSize) - Number(t.fileOffset)),
  );
  const tokens = (md.tokenizer as Record<string, Record<string, unknown>> | undefined)?.ggml?.tokens;
  return {
    layers: num(a.block_count),
    embd,
    heads,
    kvHeads: num(att.head_count_kv, heads),
    headDimK: num(att.key_length, embd / heads),
    headDimV: num(att.value_length, embd / heads),
    ff: num(a.feed_forward_length),
    vocab: Array.isArray(tokens) ? tokens.length : num(a.vocab_size),
    weightBytes: fileSize - Number(tensors[0]?.fileOffset ?? 0),
    tokenEmbdBytes: bytes.get('token_embd.weight') ?? 0,
    outputBytes: bytes.get('output.weight') ?? 0,
    tiedOutput: tensors.length > 0 && !bytes.has('output.weight'),
  };
}

const cellsOf = (c: ContextChoice) => Math.ceil((c.contextSize * c.sequences) / KV_PAD) * KV_PAD;

/**
 * Weight bytes on the GPU with `gpuLayers` offloaded, counted as llama.cpp counts them:
 * the repeating layers, then one more for the output layer (layers + 1 = everything).
 */
export function gpuWeightBytes(s: ModelShape, gpuLayers = s.layers + 1): number {
  const output = s.tiedOutput ? s.tokenEmbdBytes : s.outputBytes;
  const repeating = s.weightBytes - s.tokenEmbdBytes - (s.tiedOutput ? 0 : s.outputBytes);
  return (repeating * Math.min(gpuLayers, s.layers)) / s.layers + (gpuLayers > s.layers ? output : 0);
}

export function kvCacheBytes(s: ModelShape, c: ContextChoice): number {
  return cellsOf(c) * s.layers * s.kvHeads * (s.headDimK + s.headDimV) * KV_BYTES[c.kvCacheType];
}

export function computeBytes(s: ModelShape, c: ContextChoice): number {
  const activations = c.batchSize * 4 * (s.vocab + 2 * s.ff + s.embd);
  const kq = c.flashAttention ? 0 : 1.5 * c.batchSize * cellsOf(c) * s.heads * 4;
  const dequant =
    c.kvCacheType !== 'f16' && c.sequences > 1
      ? c.sequences * c.contextSize * s.kvHeads * (s.headDimK + s.headDimV) * 2
      : 0;
  return activations + kq + dequant;
}

export function vramBudget(s: ModelShape, c: ContextChoice, gpuLayers = s.layers + 1): Budget {
  const weights = gpuWeightBytes(s, gpuLayers);
  const kvCache = (kvCacheBytes(s, c) * Math.min(gpuLayers, s.layers)) / s.layers;
  const compute = gpuLayers > 0 ? computeBytes(s, c) : 0;
  const overhead = gpuLayers > 0 ? CUDA_OVERHEAD_BYTES : 0;
  return { weights, kvCache, compute, overhead, total: weights + kvCache + compute + overhead };
}

/** fits: leaves at least TIGHT_MARGIN of the card free; tight: fits at all; else won't fit. */
export function verdict(needed: number, vramFree: number, vramTotal = vramFree): Verdict {
  if (needed <= vramFree - TIGHT_MARGIN * vramTotal) return 'fits';
  if (needed <= vramFree) return 'tight';
  return 'wont_fit';
}

export interface Plan {
  kvCacheType: KvType;
  flashAttention: boolean;
  gpuLayers: number;
  budget: Budget;
  verdict: Verdict;
}

/**
 * The settings a user who does not know what a KV cache is should get: flash attention on
 * (faster in every measured case, and it removes the KQ matrix from the budget), every
 * layer on the GPU, an f16 cache when it fits with margin, else q8_0 (half the cache, decode
 * ~19 % slower at 12K), else q4_0, else as many layers as fit. `flashAttention: false` only
 * for backends without it.
 */
export function planContext(
  s: ModelShape,
  want: { contextSize: number; sequences?: number; batchSize?: number; flashAttention?: boolean },
  vramFree: number,
  vramTotal = vramFree,
): Plan {
  const base = {
    contextSize: want.contextSize,
    sequences: want.sequences ?? 1,
    batchSize: want.batchSize ?? DEFAULT_BATCH_SIZE,
    flashAttention: want.flashAttention ?? true,
  };
  const all = s.layers + 1;
  // Preference, fastest first as measured: f16 fits; q8_0 fits (decode ~19 % slower at 12K);
  // q8_0 tight; q4_0 (not measured; quality cost) fits or tight; then fewer layers on the GPU.
  const order: Array<[KvType, Verdict[]]> = [
    ['f16', ['fits']],
    ['q8_0', ['fits', 'tight']],
    ['q4_0', ['fits', 'tight']],
  ];
  for (const [kv, accept] of order) {
    const budget = vramBudget(s, { ...base, kvCacheType: kv }, all);
    const v = verdict(budget.total, vramFree, vramTotal);
    if (accept.includes(v))
      return { kvCacheType: kv, flashAttention: base.flashAttention, gpuLayers: all, budget, verdict: v };
  }
  // Partial offload: the most layers whose budget fits, q8_0 cache.
  for (let layers = s.layers; layers >= 0; layers--) {
    const budget = vramBudget(s, { ...base, kvCacheType: 'q8_0' }, layers);
    if (verdict(budget.total, vramFree, vramTotal) !== 'wont_fit') {
      return {
        kvCacheType: 'q8_0',
        flashAttention: base.flashAttention,
        gpuLayers: layers,
        budget,
        verdict: layers === 0 ? 'wont_fit' : 'tight',
      };
    }
  }
  const budget = vramBudget(s, { ...base, kvCacheType: 'q8_0' }, 0);
  return {
    kvCacheType: 'q8_0',
    flashAttention: base.flashAttention,
    gpuLayers: 0,
    budget,
    verdict: 'wont_fit',
  };
}

/**
 * Parallel sequences for batch pre-drafting: the most (up to `max`) whose whole budget
 * still "fits" in free VRAM, each with its own contextSize of cache. At least 1.
 */
export function maxSequences(
  s: ModelShape,
  c: Omit<ContextChoice, 'sequences'>,
  vramFree: number,
  vramTotal = vramFree,
  max = 32,
): number {
  let best = 1;
  for (let n = 1; n <= max; n++) {
    if (verdict(vramBudget(s, { ...c, sequences: n }).total, vramFree, vramTotal) === 'fits') best = n;
    else break;
  }
  return best;
}
