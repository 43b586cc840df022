import { z } from 'zod';

/** The engine contract's models (local GGUF or served) and their memory estimates. */
export const FitVerdict = z.enum(['fits', 'tight', 'wont_fit']);
export const MemoryEstimate = z.object({
  verdict: FitVerdict,
  contextSize: z.number().int(),
  gpuLayers: z.number().int(),
  backend: z.string(),
  ramNeeded: z.number(),
  ramFree: z.number(),
  vramNeeded: z.number(),
  vramFree: z.number(),
  message: z.string(),
});
export type MemoryEstimate = z.infer<typeof MemoryEstimate>;

export const AdapterInfo = z.object({
  id: z.string(),
  modelId: z.string(),
  path: z.string(),
  fileName: z.string(),
  sha256: z.string().nullable(),
  scale: z.number(),
  addedAt: z.string(),
});
export type AdapterInfo = z.infer<typeof AdapterInfo>;

export const ModelInfo = z.object({
  id: z.string(),
  path: z.string(),
  fileName: z.string(),
  sizeBytes: z.number(),
  sha256: z.string().nullable(),
  architecture: z.string(),
  parameters: z.number().nullable(),
  quantization: z.string().nullable(),
  contextLength: z.number().nullable(),
  chatTemplate: z.string().nullable(),
  name: z.string().nullable(),
  round: z.string().nullable(),
  addedAt: z.string(),
  adapters: z.array(AdapterInfo),
  /**
   * Set for a model served by an OpenAI-compatible server (llama-server, vLLM, SGLang,
   * Ollama) instead of a local GGUF: its base URL and the model name it serves. Its API key
   * is kept outside the library (never in this object).
   */
  server: z.object({ url: z.string(), model: z.string(), gguf: z.string().nullable() }).nullable().optional(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;
