// Types shared by loaded.ts and llama.ts, in a file of their own so that neither imports
// the other's types (llama.ts's memory estimates read what loaded.ts holds; loaded.ts
// uses llama.ts's runtime): scripts/check-cycles.mjs keeps src/ free of import cycles.
import type { LoadSpec } from '../protocol';

/** What the worker holds: the spec it loaded and the GPU layers the model got. */
export interface Held {
  spec: LoadSpec;
  gpuLayers: number;
}
