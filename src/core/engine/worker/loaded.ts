import {
  InputLookupTokenPredictor,
  InsufficientMemoryError,
  type ChatWrapper,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
} from 'node-llama-cpp';
import { AppError } from '../../../shared/errors';
import type { LoadedInfo, LoadSpec } from '../protocol';
import { backendName, kvType, loadBatchSize, runtime } from './llama';
import { lockstep, type DecodeBarrier } from './batching';
import type { Held } from './loaded-types';
import { fallbackChatWrapper } from './fallback-wrapper';
import type { EngineFaults } from './faults';

type Log = (level: string, message: string) => void;
export type Progress = (stage: 'load' | 'lora', progress: number) => void;

export interface Loaded {
  /** The spec it was loaded for, as JSON. */
  key: string;
  model: LlamaModel;
  context: LlamaContext;
  wrapper: ChatWrapper;
  info: LoadedInfo;
  free: LlamaContextSequence[];
  /** Keeps parallel drafts stepping together (several sequences only); see batching.ts. */
  barrier: DecodeBarrier | undefined;
  waiters: Array<(s: LlamaContextSequence) => void>;
  users: number;
  idle: Array<() => void>;
}

/** The context held now and the spec it was loaded for. */
let current: { loaded: Loaded; spec: LoadSpec } | undefined;
let lock: Promise<unknown> = Promise.resolve();

/** Runs loads/unloads one at a time, so a model is never swapped under a running request. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = lock.then(fn, fn);
  lock = next.catch(() => undefined);
  return next;
}

async function whenIdle(l: Loaded): Promise<void> {
  if (l.users === 0) return;
  await new Promise<void>((resolve) => l.idle.push(resolve));
}

async function dispose(): Promise<void> {
  const l = current?.loaded;
  if (!l) return;
  await whenIdle(l);
  current = undefined;
  await l.context.dispose();
  await l.model.dispose();
}

export function unload(): Promise<void> {
  return serial(dispose);
}

const cancelled = () => new AppError('cancelled', 'Loading the model was cancelled.');

async function load(
  spec: LoadSpec,
  key: string,
  onProgress: Progress,
  log: Log,
  signal: AbortSignal,
  faults: EngineFaults | undefined,
): Promise<Loaded> {
  // A load cancelled while it waited for the lock leaves the current model alone.
  if (signal.aborted) throw cancelled();
  await dispose();
  const rt = await runtime(spec.gpu, spec.threads, log);
  const t0 = performance.now();
  // Read before the model takes its VRAM, with the previous context disposed: the same
  // question the estimate answered (estimate.ts resolveBatchSize).
  const batchSize = await loadBatchSize(rt, spec).catch(() => spec.batchSize);
  await faults?.beforeLoad?.(onProgress, signal);
  const model = await loadModel(rt, spec, onProgress, signal);
  // `true` is passed through only where the model supports flash attention (node-llama-cpp
  // does this for its default, not for an explicit option); "auto" stays llama.cpp's choice.
  const flashAttention = spec.flashAttention === true ? model.flashAttentionSupported : spec.flashAttention;
  // Parallel drafts (batch pre-drafting) step together; see batching.ts. Bench-only escape
  // hatch to measure node-llama-cpp's own batching: PRS_ENGINE_BATCHING=default.
  const together =
    spec.sequences > 1 && process.env.PRS_ENGINE_BATCHING !== 'default' ? lockstep() : undefined;
  const context = await createContext(
    model,
    spec,
    { batchSize, flashAttention, together },
    onProgress,
    signal,
  );
  const barrier = together?.attach(context);
  const free: LlamaContextSequence[] = [];
  for (let i = 0; i < spec.sequences; i++) {
    const tokenPredictor =
      spec.tokenPredictor === 'input-lookup' ? new InputLookupTokenPredictor() : undefined;
    free.push(context.getSequence(tokenPredictor ? { tokenPredictor } : {}));
  }
  const wrapper = fallbackChatWrapper(model);
  return {
    key,
    model,
    context,
    wrapper,
    free,
    barrier,
    waiters: [],
    users: 0,
    idle: [],
    info: {
      backend: backendName(rt.llama),
      gpuLayers: model.gpuLayers,
      contextSize: context.contextSize,
      batchSize: context.batchSize,
      threads: context.idealThreads,
      // What the context was created with: true/false as used, "auto" when llama.cpp chose
      // (node-llama-cpp does not report its choice; was recorded as false before).
      flashAttention,
      loadMs: performance.now() - t0,
      reused: false,
    },
  };
}

type Runtime = Awaited<ReturnType<typeof runtime>>;

/** The model's weights, with a clear error for too little memory or a cancel. */
async function loadModel(
  rt: Runtime,
  spec: LoadSpec,
  onProgress: Progress,
  signal: AbortSignal,
): Promise<LlamaModel> {
  try {
    return await rt.llama.loadModel({
      modelPath: spec.modelPath,
      gpuLayers: spec.gpuLayers,
      defaultContextFlashAttention: spec.flashAttention,
      onLoadProgress: (p) => onProgress('load', p),
      loadSignal: signal,
    });
  } catch (e) {
    if (signal.aborted) throw cancelled();
    if (e instanceof InsufficientMemoryError)
      throw new AppError('out_of_memory', `Not enough memory to load the model: ${e.message}`);
    throw new AppError('engine_error', `The model could not be loaded: ${(e as Error).message}`);
  }
}

/** The context (with its LoRA adapters); on failure the model is disposed again. */
async function createContext(
  model: LlamaModel,
  spec: LoadSpec,
  o: {
    batchSize: number | null | undefined;
    flashAttention: LoadSpec['flashAttention'] | boolean;
    together: ReturnType<typeof lockstep> | undefined;
  },
  onProgress: Progress,
  signal: AbortSignal,
): Promise<LlamaContext> {
  try {
    return await model.createContext({
      contextSize: spec.contextSize,
      sequences: spec.sequences,
      threads: spec.threads,
      flashAttention: o.flashAttention,
      experimentalKvCacheKeyType: kvType(spec.kvCacheType),
      experimentalKvCacheValueType: kvType(spec.kvCacheType),
      ...(o.batchSize ? { batchSize: o.batchSize } : {}),
      ...(o.together ? { batching: o.together.batching } : {}),
      ...(spec.adapters.length
        ? {
            lora: {
              adapters: spec.adapters.map((a) => ({ filePath: a.path, scale: a.scale })),
              onLoadProgress: (p: number) => onProgress('lora', p),
            },
          }
        : {}),
      createSignal: signal,
    });
  } catch (e) {
    await model.dispose();
    if (signal.aborted) throw cancelled();
    if (e instanceof InsufficientMemoryError)
      throw new AppError(
        'out_of_memory',
        `Not enough memory for a ${spec.contextSize}-token context: ${e.message}`,
      );
    throw new AppError('engine_error', `The context could not be created: ${(e as Error).message}`);
  }
}

export interface Lease {
  loaded: Loaded;
  info: LoadedInfo;
  /** Must be called once the caller is done with the model (lets a swap proceed). */
  release(): void;
}

/**
 * Whether the held context serves `spec` (`key` is its JSON): the same spec, or the same
 * apart from having more sequences. So an interactive draft (one sequence) during or after
 * a batch takes a free sequence of the batch's context instead of reloading the model twice.
 */
function serves(held: { loaded: Loaded; spec: LoadSpec }, spec: LoadSpec, key: string): boolean {
  if (held.loaded.key === key) return true;
  const like = { ...spec, sequences: held.spec.sequences };
  return held.spec.sequences >= spec.sequences && JSON.stringify(like) === held.loaded.key;
}

/**
 * The model and context for `spec` (reusing the current one when it serves the spec),
 * leased inside the load lock so a concurrent request for another model cannot dispose
 * it before the caller starts using it.
 */
export function lease(
  spec: LoadSpec,
  onProgress: Progress,
  log: Log,
  signal: AbortSignal,
  faults?: EngineFaults,
): Promise<Lease> {
  const key = JSON.stringify(spec);
  return serial(async () => {
    let held = current;
    const reused = held !== undefined && serves(held, spec, key);
    if (!held || !reused)
      held = current = { loaded: await load(spec, key, onProgress, log, signal, faults), spec };
    const l = held.loaded;
    l.users++;
    let released = false;
    return {
      loaded: l,
      info: { ...l.info, reused },
      release() {
        if (released) return;
        released = true;
        l.users--;
        if (l.users === 0) for (const fn of l.idle.splice(0)) fn();
      },
    };
  });
}

/**
 * Runs `fn` between loads, never while one is half done (its memory partly taken but not
 * yet held), with what is held then. For memory estimates: VRAM read mid-load would make
 * a draft that will share the loading context look as if it did not fit. A swap waiting
 * for running drafts delays `fn` until it is done; memory read before would be stale.
 */
export function betweenLoads<T>(fn: (held: Held | undefined) => Promise<T>): Promise<T> {
  return serial(() => fn(current && { spec: current.spec, gpuLayers: current.loaded.info.gpuLayers }));
}

/** A free sequence of the leased context, waiting for one when all are busy. */
export async function takeSequence(l: Loaded): Promise<LlamaContextSequence> {
  const seq = l.free.pop();
  if (seq) return seq;
  return new Promise((resolve) => l.waiters.push(resolve));
}

export function giveSequence(l: Loaded, seq: LlamaContextSequence): void {
  const next = l.waiters.shift();
  if (next) next(seq);
  else l.free.push(seq);
}
