import type { MemoryEstimate } from '../../shared/contract/engine';
import type { LoadSpec } from './protocol';
import { shapeFromGguf, verdict, vramBudget, type ContextChoice, type GgufLike } from './vram-budget';

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
    e.vramNeeded <= 0 ? 0 : vramTotal !== undefined ? LEVEL[verdict(e.vramNeeded, e.vramFree, vramTotal)] : level(e.vramNeeded, e.vramFree);
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
    batchSize: Math.min(Math.max(spec.batchSize ?? 512, spec.sequences), cells),
  };
}

/**
 * VRAM a GPU load of this spec needs, by vram-budget.ts (within −0.7…+3.5 % of the 19 peaks
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
  return vramBudget(shapeFromGguf(info, fileSize), budgetContext(spec, flashAttentionSupported), gpuLayers).total;
}
