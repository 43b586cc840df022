import { z } from 'zod';
import { method } from './define';
import { SectionKind } from '../paper';
import { AdapterInfo, MemoryEstimate, ModelInfo } from './engine-models';

/** Models and memory estimates have their own file; importers keep reading them from here. */
export * from './engine-models';

const Empty = z.object({}).strict();

export const GpuChoice = z.enum(['auto', 'cuda', 'vulkan', 'metal', 'cpu']);
export type GpuChoice = z.infer<typeof GpuChoice>;
export const KvCacheType = z.enum(['f16', 'q8_0', 'q4_0']);
/** The most parallel sequences (drafts side by side) one context is given. */
export const MAX_SEQUENCES = 64;
/**
 * The most parallel drafts batch pre-drafting's "auto" picks (src/core/engine/batch.ts), even
 * where more fit. Measured on an H200 with a Mistral-7B Q4_K_M and 12K-token papers
 * (bench/results/gpu-2026-11-28-round3.md): a wave of 32 drafts 1 615 papers/hour against
 * 1 513 for 16 (llama.cpp's own ceiling: 1 867 against 1 694) for twice the cache (31 → 57
 * GiB, which the VRAM check must find free). Beyond 32 the decode step grows with every
 * sequence's 12K-token cache it reads, so the gain shrinks while the first draft waits ever
 * longer behind all the prompts.
 */
export const AUTO_MAX_SEQUENCES = 32;

/** The largest context any request may name (llama.cpp models train on at most ~1M tokens). */
export const MAX_CONTEXT_SIZE = 1_048_576;

const EngineFields = {
  gpu: GpuChoice,
  /** 0: use every core the machine has (never node-llama-cpp's fixed default of 4). */
  threads: z.number().int().min(0).max(256),
  gpuLayers: z.union([z.literal('auto'), z.literal('max'), z.number().int().min(0)]),
  contextSize: z.number().int().min(256).max(MAX_CONTEXT_SIZE),
  batchSize: z.number().int().min(1).max(65_536).nullable(),
  flashAttention: z.union([z.literal('auto'), z.boolean()]),
  kvCacheType: KvCacheType,
  /**
   * Papers batch pre-drafting drafts at once, in parallel sequences of one context. 0: auto,
   * as many as fit in free VRAM (on the CPU one). Why: decoding is memory-bound, so the
   * sequences share each read of the weights and N drafts cost far less than N times one.
   * Interactive drafts always use one sequence (of whatever context is loaded).
   */
  sequences: z.number().int().min(0).max(MAX_SEQUENCES),
  maxTokens: z.number().int().min(1).max(32_768),
  tokenPredictor: z.enum(['none', 'input-lookup']),
};

/**
 * How the engine runs the model. Stored under the settings key "engine"; every knob a GPU
 * tuning pass needs (issue 8) is here so defaults can change without a protocol change.
 */
export const EngineSettings = z.object({
  gpu: EngineFields.gpu.default('auto'),
  threads: EngineFields.threads.default(0),
  gpuLayers: EngineFields.gpuLayers.default('auto'),
  /**
   * Capped at the model's trained context when drafting (settings.ts contextSizeFor): a
   * 12K-token paper + 1K review fits untrimmed (bench/results/gpu-H200-2026-11-28.md).
   */
  contextSize: EngineFields.contextSize.default(16384),
  /**
   * n_batch = n_ubatch. Unset (null): 2 048 with every layer on the GPU when that still fits
   * with margin and its logits buffer is small (not Gemma's 256K vocabulary), else
   * node-llama-cpp's 512 (the worker decides: estimate.ts resolveBatchSize).
   */
  batchSize: EngineFields.batchSize.default(null),
  /** On where the model supports it (the worker turns it off where it does not). */
  flashAttention: EngineFields.flashAttention.default(true),
  /** f16 (q8_0 is ~19 % slower to decode at 12K); the estimate says when it won't fit. */
  kvCacheType: EngineFields.kvCacheType.default('f16'),
  /** Auto (0); 1 drafts one paper at a time, N exactly N (at most the papers queued). */
  sequences: EngineFields.sequences.default(0),
  maxTokens: EngineFields.maxTokens.default(1024),
  tokenPredictor: EngineFields.tokenPredictor.default('none'),
});
export type EngineSettings = z.infer<typeof EngineSettings>;
/** No defaults here: a patch must only change the keys it names. */
export const EngineSettingsPatch = z.object(EngineFields).partial().strict();

export const Sampling = z.object({
  temperature: z.number().min(0).max(5).default(0.7),
  topK: z.number().int().min(0).default(40),
  topP: z.number().min(0).max(1).default(0.95),
  minP: z.number().min(0).max(1).default(0.05),
  repeatPenalty: z.number().min(1).max(3).default(1.1),
});
export type Sampling = z.infer<typeof Sampling>;

export const HardwareInfo = z.object({
  backend: z.string(), // cuda | vulkan | metal | cpu
  requested: GpuChoice,
  fallbackReason: z.string().nullable(),
  devices: z.array(z.string()),
  vramTotal: z.number(),
  vramFree: z.number(),
  ramTotal: z.number(),
  ramFree: z.number(),
  cpuThreads: z.number().int(),
  threads: z.number().int(),
  llamaCppRelease: z.string(),
  systemInfo: z.string(),
});
export type HardwareInfo = z.infer<typeof HardwareInfo>;

export const TrimEntry = z.object({
  heading: z.string(),
  /** 'captions': the figure and table captions, dropped only when emptied body sections still do not fit. */
  kind: z.union([SectionKind, z.literal('captions')]),
  action: z.enum(['dropped', 'trimmed']),
  charsRemoved: z.number().int(),
  charsKept: z.number().int(),
  tokensRemoved: z.number().int(),
});
export type TrimEntry = z.infer<typeof TrimEntry>;

export const DraftPlan = z.object({
  paperId: z.string(),
  modelId: z.string(),
  promptId: z.string(),
  templateId: z.string(),
  contextSize: z.number().int(),
  maxTokens: z.number().int(),
  /** Tokens of the whole rendered prompt (system + paper, through the chat template). */
  promptTokens: z.number().int(),
  /** Tokens the paper would have needed untrimmed. */
  untrimmedTokens: z.number().int(),
  budget: z.number().int(),
  trimmed: z.array(TrimEntry),
  estimate: MemoryEstimate.nullable(),
});
export type DraftPlan = z.infer<typeof DraftPlan>;

export const EndReason = z.enum(['running', 'done', 'stopped', 'length', 'error']);

export const DraftSummary = z.object({
  id: z.string(),
  paperId: z.string(),
  modelId: z.string().nullable(),
  promptId: z.string().nullable(),
  templateId: z.string().nullable(),
  seed: z.number().nullable(),
  endReason: EndReason.nullable(),
  tokensIn: z.number().nullable(),
  tokensOut: z.number().nullable(),
  ttftMs: z.number().nullable(),
  tokensPerSecond: z.number().nullable(),
  durationMs: z.number().nullable(),
  createdAt: z.string(),
});
export type DraftSummary = z.infer<typeof DraftSummary>;

export const Draft = DraftSummary.extend({
  text: z.string(),
  sections: z.record(z.string(), z.string()),
  scores: z.record(z.string(), z.number()),
  modelSha256: z.string().nullable(),
  adapters: z.array(z.object({ path: z.string(), sha256: z.string().nullable(), scale: z.number() })),
  promptHash: z.string().nullable(),
  trimmed: z.array(TrimEntry),
  sampling: z.record(z.string(), z.unknown()),
  contextSize: z.number().nullable(),
  gpuLayers: z.number().nullable(),
  backend: z.string().nullable(),
  threads: z.number().nullable(),
  error: z.string().nullable(),
  provenance: z.record(z.string(), z.unknown()),
});
export type Draft = z.infer<typeof Draft>;

export const DraftRequest = z.object({
  paperId: z.string().min(1),
  modelId: z.string().min(1),
  promptId: z.string().optional(),
  templateId: z.string().optional(),
  maxTokens: z.number().int().min(1).max(32_768).optional(),
  contextSize: z.number().int().min(256).max(MAX_CONTEXT_SIZE).optional(),
  sampling: Sampling.partial().optional(),
  /** Omitted: a random seed is chosen and recorded. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional(),
});
export type DraftRequest = z.infer<typeof DraftRequest>;

/** Which draft (and which generation request) an event or snapshot is about. */
const DraftRef = { requestId: z.string(), draftId: z.string(), paperId: z.string() };
/** A draft still generating: later draftDelta events continue right after `textSoFar`. */
export const RunningDraft = z.object({ ...DraftRef, textSoFar: z.string(), tokensOut: z.number().int() });
export type RunningDraft = z.infer<typeof RunningDraft>;

export const EngineState = z.enum(['stopped', 'starting', 'idle', 'loading', 'busy', 'crashed']);
export const EngineStatus = z.object({
  state: EngineState,
  modelId: z.string().nullable(),
  backend: z.string().nullable(),
  activeRequests: z.number().int(),
  lastError: z.string().nullable(),
  restarts: z.number().int(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

export const BatchProgress = z.object({
  batchId: z.string(),
  total: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  currentPaperId: z.string().nullable(),
  etaMs: z.number().nullable(),
  /** Papers drafted at once; absent until this session starts working the batch. */
  parallel: z.number().int().min(1).optional(),
  /**
   * Why `parallel` is that many, in one English sentence (the setting, or the engine's VRAM
   * or backend reasoning); present exactly when `parallel` is. Shown as is, like fallbackReason.
   */
  parallelReason: z.string().optional(),
  /**
   * The papers that failed and why (the newest first, at most BATCH_FAILURES_SHOWN of them):
   * a count alone leaves the annotator guessing which paper to look at.
   */
  failures: z.array(z.object({ paperId: z.string(), title: z.string().nullable(), error: z.string() })),
  /** Papers of the view not queued because they are already approved, skipped or rejected. */
  leftOut: z.number().int().min(1).optional(),
  /**
   * Why the batch waits (its server went away: the error, one line); its papers stay queued
   * until resumeBatch (or the next start). Absent while it runs.
   */
  paused: z.string().optional(),
});
export type BatchProgress = z.infer<typeof BatchProgress>;
export const BATCH_FAILURES_SHOWN = 20;

export const PromptInfo = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number(),
  systemText: z.string(),
});

export const engineMethods = {
  listModels: method('Registered models with their adapters.', Empty, z.array(ModelInfo)),
  addModel: method(
    'Register a GGUF (metadata read without loading; sha256 computed in the background).',
    z.object({ path: z.string().min(1), round: z.string().max(200).optional() }).strict(),
    ModelInfo,
  ),
  addServerModel: method(
    'Register a model served over the OpenAI-compatible API (the server is asked that it serves the name); the key is kept outside the library.',
    z
      .object({
        url: z.string().min(1).max(2000),
        name: z.string().min(1).max(200),
        key: z.string().min(1).max(4000).optional(),
        gguf: z.string().min(1).optional(),
        round: z.string().max(200).optional(),
      })
      .strict(),
    ModelInfo,
  ),
  removeModel: method(
    'Forget a model (the file is left alone).',
    z.object({ modelId: z.string() }).strict(),
    Empty,
  ),
  addAdapter: method(
    'Attach a LoRA adapter GGUF to a model; refused if it was made for another base.',
    z
      .object({ modelId: z.string(), path: z.string().min(1), scale: z.number().min(-4).max(4).default(1) })
      .strict(),
    AdapterInfo,
  ),
  removeAdapter: method('Detach a LoRA adapter.', z.object({ adapterId: z.string() }).strict(), Empty),
  estimateModel: method(
    "Fits / tight / won't-fit estimate for a context size on this hardware.",
    z
      .object({
        modelId: z.string(),
        contextSize: z.number().int().min(256).max(MAX_CONTEXT_SIZE).optional(),
      })
      .strict(),
    MemoryEstimate,
  ),
  getHardware: method('Backend, devices, VRAM/RAM and threads.', Empty, HardwareInfo),
  getEngineStatus: method('Engine status snapshot.', Empty, EngineStatus),
  getEngineDiagnostics: method(
    'A text block to paste into a bug report.',
    Empty,
    z.object({ text: z.string() }),
  ),
  getEngineSettings: method('Engine settings with defaults filled in.', Empty, EngineSettings),
  updateEngineSettings: method(
    'Change engine settings; returns them all.',
    EngineSettingsPatch,
    EngineSettings,
  ),
  listPrompts: method('Stored prompt versions.', Empty, z.array(PromptInfo)),
  planDraft: method(
    'What drafting would send, and what it would trim, without generating.',
    DraftRequest,
    DraftPlan,
  ),
  startDraft: method(
    'Start drafting; text streams as draftDelta events; each call makes a new draft.',
    DraftRequest,
    z.object({ requestId: z.string(), draftId: z.string(), plan: DraftPlan }),
  ),
  stopDraft: method(
    'Stop a draft; the partial text is kept, marked stopped.',
    z.object({ requestId: z.string() }).strict(),
    Empty,
  ),
  cancelModelLoad: method(
    'Cancel loading a model: plans and drafts waiting for it fail with "cancelled"; the engine stays usable.',
    z.object({ modelId: z.string() }).strict(),
    z.object({ cancelled: z.number().int() }),
  ),
  getRunningDrafts: method(
    'Drafts of a paper generating now, with their text so far.',
    z.object({ paperId: z.string() }).strict(),
    z.array(RunningDraft),
  ),
  listDrafts: method(
    'Drafts of a paper, newest first.',
    z.object({ paperId: z.string() }).strict(),
    z.array(DraftSummary),
  ),
  getDraft: method(
    'One draft with its text and provenance.',
    z.object({ draftId: z.string() }).strict(),
    Draft,
  ),
  startBatch: method(
    'Queue drafts for many papers; progress arrives as batchProgress events.',
    z
      .object({ paperIds: z.array(z.string()).min(1), request: DraftRequest.omit({ paperId: true }) })
      .strict(),
    BatchProgress,
  ),
  cancelBatch: method(
    'Cancel the queued and running drafts of a batch.',
    z.object({ batchId: z.string() }).strict(),
    BatchProgress,
  ),
  resumeBatch: method(
    'Work a paused batch again (its server is back).',
    z.object({ batchId: z.string() }).strict(),
    BatchProgress,
  ),
  getBatch: method('Progress of a batch.', z.object({ batchId: z.string() }).strict(), BatchProgress),
};

export const engineEvents = {
  /** Batched text of a running draft; concatenating every delta gives the draft's text. */
  draftDelta: z.object({
    ...DraftRef,
    text: z.string(),
    tokensOut: z.number().int(),
    /** Length of the draft's text with this delta: a panel that reattached from textSoFar skips what it has. */
    textLength: z.number().int(),
  }),
  draftFinished: z.object({
    ...DraftRef,
    endReason: EndReason,
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  }),
  engineStatus: EngineStatus,
  modelHashProgress: z.object({
    modelId: z.string(),
    adapterId: z.string().nullable(),
    bytesDone: z.number(),
    bytesTotal: z.number(),
    sha256: z.string().nullable(),
    error: z.string().nullable(),
  }),
  modelLoadProgress: z.object({ modelId: z.string(), progress: z.number() }),
  batchProgress: BatchProgress,
};
