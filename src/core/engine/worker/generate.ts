import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { AppError } from '../../../shared/errors';
import type { GenerateResult, LoadedInfo, WorkerRequest } from '../protocol';
import type { DecodeBarrier } from './batching';
import { sequenceIdOf } from './nlc-internals';
import { giveSequence, takeSequence, type Loaded } from './loaded';
import { DeltaBatcher, type EmitToken } from './delta-batcher';
import { renderPrompt } from './render';

type GenerateRequest = Extract<WorkerRequest, { type: 'generate' }>;

export async function generate(
  req: GenerateRequest,
  l: Loaded,
  info: LoadedInfo,
  signal: AbortSignal,
  emit: EmitToken,
): Promise<GenerateResult> {
  const { tokens, prompt } = renderPrompt(l, req.systemText, req.userText);
  const room = l.context.contextSize - tokens.length;
  if (room <= 0) {
    throw new AppError(
      'does_not_fit',
      `The prompt has ${tokens.length} tokens but the context holds ${l.context.contextSize}.`,
    );
  }
  const maxTokens = Math.min(req.maxTokens, room);
  const seq = await takeSequence(l);
  await l.barrier?.enter(sequenceIdOf(seq));
  const started = performance.now();
  let first: number | undefined;
  const out: Token[] = [];
  let endReason: GenerateResult['endReason'] = 'done';
  const batcher = new DeltaBatcher((t) => l.model.detokenize(t), req.flushMs, req.flushTokens, emit);
  // The sequence's counters add up over every draft it served: this draft's share is the difference.
  const predictionsBefore = seq.tokenPredictor ? seq.tokenPredictions : null; // a fresh object per read
  let tokenPredictions: GenerateResult['tokenPredictions'] = null;
  try {
    await seq.clearHistory();
    if (signal.aborted) endReason = 'stopped';
    else {
      const it = seq.evaluate(tokens, evaluateOptions(req.sampling, out));
      for await (const token of it) {
        first ??= performance.now();
        out.push(token);
        batcher.push(out);
        if (signal.aborted) {
          endReason = 'stopped';
          break;
        }
        if (out.length >= maxTokens) {
          endReason = 'length';
          break;
        }
      }
    }
  } finally {
    if (predictionsBefore) tokenPredictions = predictionsSince(predictionsBefore, seq.tokenPredictions);
    releaseSequence(l, seq);
  }
  const text = batcher.finish(out);
  const ended = performance.now();
  const decodeMs = first !== undefined ? ended - first : 0;
  return {
    text,
    endReason,
    prompt,
    tokensIn: tokens.length,
    tokensOut: out.length,
    ttftMs: first !== undefined ? first - started : null,
    durationMs: ended - started,
    // Decode speed: tokens after the first over the time after the first.
    tokensPerSecond: out.length > 1 && decodeMs > 0 ? ((out.length - 1) * 1000) / decodeMs : null,
    tokenPredictions,
    loaded: info,
  };
}

/** Sampling as node-llama-cpp takes it; the repeat penalty looks at the last 64 tokens. */
function evaluateOptions(s: GenerateRequest['sampling'], out: Token[]) {
  return {
    temperature: s.temperature,
    topK: s.topK,
    topP: s.topP,
    minP: s.minP,
    seed: s.seed,
    ...(s.repeatPenalty > 1
      ? {
          repeatPenalty: {
            punishTokens: () => out.slice(-64),
            penalty: s.repeatPenalty,
            maxPunishTokens: 64,
          },
        }
      : {}),
  };
}

type Predictions = NonNullable<GenerateResult['tokenPredictions']>;

/** This draft's share of the sequence's token-prediction counters (they add up over drafts). */
function predictionsSince(before: Predictions, now: Predictions): Predictions {
  return {
    validated: now.validated - before.validated,
    refuted: now.refuted - before.refuted,
    used: now.used - before.used,
  };
}

/** Hands the sequence back: at once, or once retired from a lockstep context. */
function releaseSequence(l: Loaded, seq: LlamaContextSequence): void {
  l.barrier?.leave(sequenceIdOf(seq));
  if (l.barrier) void retire(l, l.barrier, seq).finally(() => giveSequence(l, seq));
  else giveSequence(l, seq);
}

/**
 * A finished sequence of a lockstep context, before it goes back to the pool: its history
 * is cleared now rather than by the next draft, so that it can carry pads (batching.ts,
 * "Holes") that attend over nothing, and the barrier may pad it until it is taken again.
 */
async function retire(l: Loaded, barrier: DecodeBarrier, seq: LlamaContextSequence): Promise<void> {
  try {
    await seq.clearHistory();
  } catch {
    return; // the context is going away
  }
  const pad = l.model.tokens.bos ?? l.model.tokens.eos ?? (0 as Token);
  barrier.retire(sequenceIdOf(seq), () =>
    seq.nextTokenIndex + 1 < l.context.contextSize
      ? seq.evaluateWithoutGeneratingNewTokens([pad])
      : Promise.reject(new Error('this sequence is full of pads')),
  );
}
