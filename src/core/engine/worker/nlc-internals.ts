import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';
import { NODE_LLAMA_CPP_TESTED, nodeLlamaCppVersion } from '../nlc-version';

/**
 * The only place that reaches into node-llama-cpp's private fields. The batch scheduler
 * (batching.ts) needs three of them that 3.21.1 does not expose: a sequence's llama.cpp id,
 * the context's queue of pending decodes, and the function that queues one. A release that
 * renames them must fail loudly at load time (assertInternals), not run unbatched and slow.
 */

/** What a queued decode looks like inside the context (`_queuedDecodes`). */
export interface QueuedDecode {
  sequenceId: number;
  tokens: readonly number[];
}

/** The request the context's internal `_decodeTokens` takes. */
export interface DecodeRequest {
  sequenceId: number;
  tokens: readonly number[];
}
export type DecodeTokens = (request: DecodeRequest, ...rest: unknown[]) => Promise<unknown>;

interface ContextInternals {
  _queuedDecodes?: unknown;
  _decodeTokens?: unknown;
}

function changed(what: string): Error {
  return new Error(
    `node-llama-cpp ${nodeLlamaCppVersion()} no longer has ${what}, which the batch scheduler uses ` +
      `(the app is tested with ${NODE_LLAMA_CPP_TESTED}): install node-llama-cpp@${NODE_LLAMA_CPP_TESTED} ` +
      'or update src/core/engine/worker/nlc-internals.ts.',
  );
}

/** A sequence's llama.cpp sequence id. */
export function sequenceIdOf(sequence: LlamaContextSequence): number {
  const id = (sequence as unknown as { _sequenceId?: unknown })._sequenceId;
  if (typeof id !== 'number') throw changed('LlamaContextSequence._sequenceId');
  return id;
}

/** The decodes queued on a context and not yet dispatched. */
export function queuedDecodesOf(context: LlamaContext): readonly QueuedDecode[] {
  const queued = (context as unknown as ContextInternals)._queuedDecodes;
  if (!Array.isArray(queued)) throw changed('LlamaContext._queuedDecodes');
  return queued as QueuedDecode[];
}

/** Replaces the context's internal decode queueing with `wrap(original)`. */
export function wrapDecodeTokens(
  context: LlamaContext,
  wrap: (original: DecodeTokens) => DecodeTokens,
): void {
  const target = context as unknown as ContextInternals;
  const original = target._decodeTokens;
  if (typeof original !== 'function') throw changed('LlamaContext._decodeTokens');
  target._decodeTokens = wrap((original as DecodeTokens).bind(context));
}

/** The self-check run on every context the scheduler will drive, before any draft uses it. */
export function assertInternals(context: LlamaContext): void {
  queuedDecodesOf(context);
  if (typeof (context as unknown as ContextInternals)._decodeTokens !== 'function')
    throw changed('LlamaContext._decodeTokens');
}
