import type { MemoryEstimate } from '../../shared/contract/engine';
import type { LoadSpec } from './protocol';
import {
  computeBytes,
  DEFAULT_BATCH_SIZE,
  MIB,
  shapeFromGguf,
  verdict,
  vramBudget,
  type ContextChoice,
  type GgufLike,
  type ModelShape,
} from './vram-budget';

/** Below this share of free memory a load is comfortable; up to 100% it is "tight". */
const COMFORT = 0.8;

export interface EstimateInput {
  contextSize: number;
  gpuLayers: number;
  backend: string;
  ramNeeded: number;
  ramFree: number;
  vramNeeded: number;
  vramFree: number;
  /**
   * The card's memory. Given (GPU backends, with vramNeeded from vramBudget), VRAM is judged
   * by vram-budget's verdict(): fits = at least 5 % of the card left free. Absent, by the
   * share of free memory (the RAM rule).
   */
  vramTotal?: number;
}

const gb = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GB`;
const LEVEL = { fits: 0, tight: 1, wont_fit: 2 } as const;

/** Turns needed vs free memory into fits / tight / won't fit with a one-line reason. */
export function classifyEstimate(input: EstimateInput): MemoryEstimate {
  const { vramTotal, ...e } = input;
  const level = (need: number, free: number) => (need <= free * COMFORT ? 0 : need <= free ? 1 : 2);
  const ram = level(e.ramNeeded, e.ramFree);
  const vram =
    e.vramNeeded <= 0
      ? 0
      : vramTotal !== undefined
        ? LEVEL[verdict(e.vramNeeded, e.vramFree, vramTotal)]
        : level(e.vramNeeded, e.vramFree);
  const worst = Math.max(ram, vram);
  const result = (['fits', 'tight', 'wont_fit'] as const)[worst] ?? 'wont_fit';
  const parts = [`needs ${gb(e.ramNeeded)} RAM of ${gb(e.ramFree)} free`];
  if (e.vramNeeded > 0) parts.push(`${gb(e.vramNeeded)} VRAM of ${gb(e.vramFree)} free`);
  const head = { fits: 'Fits', tight: 'Tight', wont_fit: "Won't fit" }[result];
  return {
    ...e,
    verdict: result,
    message: `${head}: context ${e.contextSize} with ${e.gpuLayers} GPU layers (${e.backend}) ${parts.join(' and ')}.`,
  };
}

/**
 * The context as the VRAM budget sees it. Flash attention counts as on only when the spec
 * says `true` and the model supports it: "auto" is budgeted as off (the KQ matrix counted:
 * over, the safe side, since what llama.cpp resolves "auto" to is not known before loading).
 * n_ubatch is the batch size (512 when unset), which llama.cpp clamps to the context's cells.
 */
export function budgetContext(spec: LoadSpec, flashAttentionSupported: boolean): ContextChoice {
  const cells = spec.contextSize * spec.sequences;
  return {
    contextSize: spec.contextSize,
    sequences: spec.sequences,
    kvCacheType: spec.kvCacheType,
    flashAttention: spec.flashAttention === true && flashAttentionSupported,
    batchSize: Math.min(Math.max(spec.batchSize ?? DEFAULT_BATCH_SIZE, spec.sequences), cells),
  };
}

/**
 * VRAM a GPU load of this spec needs, by vram-budget.ts (within −0.9…+3.5 % of every peak
 * measured on an H200; node-llama-cpp's own estimate is ~0.6 GiB low and ignores the cache
 * type): the model's shape from its GGUF header and file size, `gpuLayers` as node-llama-cpp
 * counts them (block count + 1 = everything).
 */
export function gpuVramNeeded(
  info: GgufLike,
  fileSize: number,
  spec: LoadSpec,
  gpuLayers: number,
  flashAttentionSupported: boolean,
): number {
  return vramBudget(shapeFromGguf(info, fileSize), budgetContext(spec, flashAttentionSupported), gpuLayers)
    .total;
}

/** The batch size a context gets when the settings leave it unset and the budget allows it. */
export const GPU_BATCH_SIZE = 2048;
/**
 * The most compute buffer GPU_BATCH_SIZE may add over node-llama-cpp's 512. llama.cpp reserves
 * the logits of every token of a batch, so the extra grows with the vocabulary: 0.37 GiB for
 * the Mistral-7B shape (32 000 tokens), 1.5 GiB measured for Gemma-7B's 256 000, where the
 * bigger batch bought nothing (whole draft 10.95 s against 10.89 at 512, H200).
 */
export const GPU_BATCH_MAX_EXTRA_BYTES = 512 * MIB;

/** What resolveBatchSize needs to know of a GPU load (absent: the CPU backend). */
export interface GpuRoom {
  shape: ModelShape;
  /** As node-llama-cpp counts them: block count + 1 = every layer. */
  gpuLayers: number;
  vramFree: number;
  vramTotal: number;
  flashAttentionSupported: boolean;
}

/**
 * The batch size (n_batch = n_ubatch in node-llama-cpp) a context of `spec` is created with:
 * the settings' value when set. Unset (the default): 2 048 when every layer is on the GPU,
 * the bigger batch costs at most GPU_BATCH_MAX_EXTRA_BYTES of compute buffer, and the whole
 * budget at 2 048 still "fits" (leaves TIGHT_MARGIN of the card free); else node-llama-cpp's
 * 512 (null). Why: node-llama-cpp waits for the GPU after every llama_decode, so llama.cpp's
 * CPU-side preparation of each ubatch never overlaps the GPU and fewer, bigger ubatches read
 * a prompt faster. On an H200 with the Mistral-7B shape a lone 12K-token draft's first token
 * came 7–8 % sooner (Q4_K_M 1.31 s against 1.42; F16 0.71 against 0.76) and a wave of 32 drafts
 * made 1 619 papers/hour against 1 563; decode steps are the same
 * (bench/results/gpu-2026-11-28-round4.md). The CPU backend and partial offloads keep 512:
 * nothing measured there says otherwise.
 */
export function resolveBatchSize(spec: LoadSpec, gpu: GpuRoom | null): number | null {
  if (spec.batchSize !== null) return spec.batchSize;
  if (!gpu || gpu.gpuLayers <= gpu.shape.layers) return null;
  const size = Math.min(GPU_BATCH_SIZE, spec.contextSize * spec.sequences);
  if (size <= DEFAULT_BATCH_SIZE) return null;
  const at = (batchSize: number) => budgetContext({ ...spec, batchSize }, gpu.flashAttentionSupported);
  const extra = computeBytes(gpu.shape, at(size)) - computeBytes(gpu.shape, at(DEFAULT_BATCH_SIZE));
  if (extra > GPU_BATCH_MAX_EXTRA_BYTES) return null;
  const budget = vramBudget(gpu.shape, at(size), gpu.gpuLayers);
  return verdict(budget.total, gpu.vramFree, gpu.vramTotal) === 'fits' ? size : null;
}
