import type { MemoryEstimate } from '../../shared/contract/engine';

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
}

const gb = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GB`;

/** Turns needed vs free memory into fits / tight / won't fit with a one-line reason. */
export function classifyEstimate(e: EstimateInput): MemoryEstimate {
  const level = (need: number, free: number) => (need <= free * COMFORT ? 0 : need <= free ? 1 : 2);
  const ram = level(e.ramNeeded, e.ramFree);
  const vram = e.vramNeeded > 0 ? level(e.vramNeeded, e.vramFree) : 0;
  const worst = Math.max(ram, vram);
  const verdict = (['fits', 'tight', 'wont_fit'] as const)[worst] ?? 'wont_fit';
  const parts = [`needs ${gb(e.ramNeeded)} RAM of ${gb(e.ramFree)} free`];
  if (e.vramNeeded > 0) parts.push(`${gb(e.vramNeeded)} VRAM of ${gb(e.vramFree)} free`);
  const head = { fits: 'Fits', tight: 'Tight', wont_fit: "Won't fit" }[verdict];
  return {
    verdict,
    ...e,
    message: `${head}: context ${e.contextSize} with ${e.gpuLayers} GPU layers (${e.backend}) ${parts.join(' and ')}.`,
  };
}
