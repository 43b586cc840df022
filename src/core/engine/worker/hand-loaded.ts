import { type LlamaContext, type LlamaContextSequence, type LlamaModel } from 'node-llama-cpp';
import { Sampling } from '../../../shared/contract/engine';
import type { GenerateResult, LoadedInfo, WorkerRequest } from '../protocol';
import type { DecodeBarrier } from './batching';
import { generate } from './generate';
import type { Loaded } from './loaded';
import { fallbackChatWrapper } from './fallback-wrapper';

/**
 * The worker's generate() on a context built by hand, below the protocol: for tests and
 * benches that need to pick which sequence a draft gets or how the context batches.
 */
export function handLoaded(
  model: LlamaModel,
  context: LlamaContext,
  o: { key: string; free: LlamaContextSequence[]; barrier?: DecodeBarrier; info?: Partial<LoadedInfo> },
): Loaded {
  const info: LoadedInfo = {
    backend: 'cpu',
    gpuLayers: 0,
    contextSize: context.contextSize,
    batchSize: context.batchSize,
    threads: 1,
    flashAttention: false,
    loadMs: 0,
    reused: false,
    ...o.info,
  };
  return {
    key: o.key,
    model,
    context,
    wrapper: fallbackChatWrapper(model),
    info,
    free: o.free,
    barrier: o.barrier,
    waiters: [],
    users: 1,
    idle: [],
  };
}

type GenerateRequest = Extract<WorkerRequest, { type: 'generate' }>;

/** One draft on `l` (takeSequence pops `l.free`); greedy with seed 1 unless told. */
export function draftOn(
  l: Loaded,
  userText: string,
  maxTokens: number,
  sampling: GenerateRequest['sampling'] = { ...Sampling.parse({}), temperature: 0, seed: 1 },
): Promise<GenerateResult> {
  const req = {
    id: userText,
    type: 'generate',
    spec: {} as never,
    systemText: 'Review the paper.',
    userText,
    sampling,
    maxTokens,
    flushMs: 50,
    flushTokens: 32,
  } as GenerateRequest;
  return generate(req, l, l.info, new AbortController().signal, () => undefined);
}
