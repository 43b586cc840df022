import { z } from 'zod';
import { ApiError } from '../../shared/errors';
import {
  GpuChoice,
  HardwareInfo,
  KvCacheType,
  MAX_SEQUENCES,
  MemoryEstimate,
  TrimEntry,
} from '../../shared/contract/engine';
import { PaperSection } from '../../shared/paper';

/**
 * The typed message protocol between core and the engine worker process. Every message is
 * validated with zod on arrival, in both directions. Requests carry an id; every reply
 * (progress, token, done, error) carries the id of the request it belongs to.
 */

/**
 * Everything that decides which model/context the worker holds. The worker reuses a load
 * whose spec is equal, or equal apart from having at least as many sequences (a draft
 * takes one free sequence of it).
 */
export const LoadSpec = z.object({
  gpu: GpuChoice,
  threads: z.number().int().min(1),
  modelPath: z.string(),
  adapters: z.array(z.object({ path: z.string(), scale: z.number() })),
  gpuLayers: z.union([z.literal('auto'), z.literal('max'), z.number().int().min(0)]),
  contextSize: z.number().int().min(64),
  batchSize: z.number().int().min(1).nullable(),
  flashAttention: z.union([z.literal('auto'), z.boolean()]),
  kvCacheType: KvCacheType,
  sequences: z.number().int().min(1).max(MAX_SEQUENCES),
  tokenPredictor: z.enum(['none', 'input-lookup']),
});
export type LoadSpec = z.infer<typeof LoadSpec>;

export const PromptPaper = z.object({
  title: z.string(),
  abstract: z.string(),
  captions: z.array(z.string()),
  sections: z.array(PaperSection),
});
export type PromptPaper = z.infer<typeof PromptPaper>;

export const PaperPart = z.enum(['TITLE', 'ABSTRACT', 'CAPTIONS', 'CONTENT']);
export type PaperPart = z.infer<typeof PaperPart>;

export const WorkerSampling = z.object({
  temperature: z.number(),
  topK: z.number(),
  topP: z.number(),
  minP: z.number(),
  repeatPenalty: z.number(),
  seed: z.number().int(),
});

const base = { id: z.string() };
export const WorkerRequest = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('hardware'), gpu: GpuChoice, threads: z.number().int().min(1) }),
  z.object({ ...base, type: z.literal('estimate'), spec: LoadSpec }),
  /** How many drafts of `spec` (its `sequences` ignored) fit side by side, at most `max`. */
  z.object({
    ...base,
    type: z.literal('parallelism'),
    spec: LoadSpec,
    max: z.number().int().min(1).max(MAX_SEQUENCES),
  }),
  z.object({ ...base, type: z.literal('load'), spec: LoadSpec }),
  z.object({ ...base, type: z.literal('unload') }),
  z.object({ ...base, type: z.literal('countTokens'), spec: LoadSpec, text: z.string() }),
  z.object({
    ...base,
    type: z.literal('plan'),
    spec: LoadSpec,
    systemText: z.string(),
    parts: z.array(PaperPart),
    paper: PromptPaper,
    maxTokens: z.number().int().min(1),
  }),
  z.object({
    ...base,
    type: z.literal('generate'),
    spec: LoadSpec,
    systemText: z.string(),
    userText: z.string(),
    sampling: WorkerSampling,
    maxTokens: z.number().int().min(1),
    flushMs: z.number().min(0),
    flushTokens: z.number().int().min(1),
  }),
  /**
   * Stops request `id`: a generation ends with done(endReason 'stopped'); a request still
   * loading its model (load, plan, countTokens, generate) fails with error 'cancelled' and
   * the worker stays usable (node-llama-cpp's loadSignal).
   */
  z.object({ ...base, type: z.literal('abort') }),
]);
export type WorkerRequest = z.infer<typeof WorkerRequest>;
export type WorkerRequestType = WorkerRequest['type'];

export const LoadedInfo = z.object({
  backend: z.string(),
  gpuLayers: z.number().int(),
  contextSize: z.number().int(),
  batchSize: z.number().int(),
  threads: z.number().int(),
  /** As the context was created: "auto" only when the setting left it to llama.cpp. */
  flashAttention: z.union([z.literal('auto'), z.boolean()]),
  loadMs: z.number(),
  reused: z.boolean(),
});
export type LoadedInfo = z.infer<typeof LoadedInfo>;

export const RenderedPrompt = z.object({
  /** The prompt as the model sees it, special tokens written as their text (e.g. "<s>"). */
  text: z.string(),
  sha256: z.string(),
  tokens: z.number().int(),
  chatWrapper: z.string(),
  /** The turns the template rendered: system text folded into the user turn where it has no system role. */
  turns: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
});
export type RenderedPrompt = z.infer<typeof RenderedPrompt>;

export const PlanResult = z.object({
  userText: z.string(),
  prompt: RenderedPrompt,
  untrimmedTokens: z.number().int(),
  budget: z.number().int(),
  trimmed: z.array(TrimEntry),
  loaded: LoadedInfo,
  /** Sequences of the context it ran on: a draft asking for fewer takes one of a bigger context. */
  sequences: z.number().int().min(1),
});
export type PlanResult = z.infer<typeof PlanResult>;

export const GenerateResult = z.object({
  text: z.string(),
  endReason: z.enum(['done', 'stopped', 'length']),
  prompt: RenderedPrompt,
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  ttftMs: z.number().nullable(),
  durationMs: z.number(),
  tokensPerSecond: z.number().nullable(),
  /**
   * The token predictor's record for this draft (node-llama-cpp's counters, this draft's
   * share): predicted tokens the model confirmed, those it refuted, and those used. Null
   * without a predictor. With real weights this is speculative decoding's acceptance.
   */
  tokenPredictions: z
    .object({ validated: z.number().int(), refuted: z.number().int(), used: z.number().int() })
    .nullable(),
  loaded: LoadedInfo,
});
export type GenerateResult = z.infer<typeof GenerateResult>;

export const Parallelism = z.object({
  sequences: z.number().int().min(1),
  /** Why that many, in one sentence (diagnostics and logs). */
  reason: z.string(),
});
export type Parallelism = z.infer<typeof Parallelism>;

/** What `done` carries for each request type. */
export const RESULT_SCHEMAS = {
  hardware: HardwareInfo,
  estimate: MemoryEstimate,
  parallelism: Parallelism,
  load: LoadedInfo,
  unload: z.object({}),
  countTokens: z.object({ count: z.number().int() }),
  plan: PlanResult,
  generate: GenerateResult,
  abort: z.object({}),
} satisfies Record<WorkerRequestType, z.ZodType>;
export type WorkerResult<T extends WorkerRequestType> = z.infer<(typeof RESULT_SCHEMAS)[T]>;

export const WorkerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    id: z.string(),
    stage: z.enum(['load', 'lora']),
    progress: z.number(),
  }),
  /** A batched text delta and the number of tokens generated so far. */
  z.object({ type: z.literal('token'), id: z.string(), text: z.string(), tokensOut: z.number().int() }),
  z.object({ type: z.literal('done'), id: z.string(), result: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.string(), error: ApiError }),
  z.object({ type: z.literal('log'), level: z.string(), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
