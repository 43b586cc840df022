import type { Token } from 'node-llama-cpp';
import { AppError } from '../../../shared/errors';
import type { GenerateResult, LoadedInfo, WorkerRequest } from '../protocol';
import { sequenceIdOf } from './batching';
import { giveSequence, takeSequence, type Loaded } from './loaded';
import { renderPrompt } from './render';

type GenerateRequest = Extract<WorkerRequest, { type: 'generate' }>;
export type EmitToken = (text: string, tokensOut: number) => void;

const REPLACEMENT = 0xfffd;

/**
 * Turns the growing token list into text deltas, flushed every `flushTokens` tokens or
 * `flushMs` ms (the first token at once, for time to first token). A trailing U+FFFD is
 * held back until the next flush: it is usually half of a multi-byte character that the
 * next byte token completes. The concatenation of all deltas is the final text.
 */
export class DeltaBatcher {
  private sent = '';
  private pending = 0;
  private last = performance.now();

  constructor(
    private readonly detokenize: (tokens: Token[]) => string,
    private readonly flushMs: number,
    private readonly flushTokens: number,
    private readonly emit: EmitToken,
  ) {}

  push(tokens: Token[]): void {
    this.pending++;
    if (tokens.length === 1 || this.pending >= this.flushTokens || performance.now() - this.last >= this.flushMs) {
      this.flush(tokens, false);
    }
  }

  finish(tokens: Token[]): string {
    this.flush(tokens, true);
    return this.sent;
  }

  private flush(tokens: Token[], final: boolean): void {
    const full = this.detokenize(tokens);
    let end = full.length;
    if (!final) while (end > this.sent.length && full.charCodeAt(end - 1) === REPLACEMENT) end--;
    const delta = full.slice(this.sent.length, end);
    this.pending = 0;
    this.last = performance.now();
    if (!delta) return;
    this.sent += delta;
    this.emit(delta, tokens.length);
  }
}

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
    throw new AppError('does_not_fit', `The prompt has ${tokens.length} tokens but the context holds ${l.context.contextSize}.`);
  }
  const maxTokens = Math.min(req.maxTokens, room);
  const seq = await takeSequence(l);
  l.barrier?.enter(sequenceIdOf(seq));
  const started = performance.now();
  let first: number | undefined;
  const out: Token[] = [];
  let endReason: GenerateResult['endReason'] = 'done';
  const batcher = new DeltaBatcher((t) => l.model.detokenize(t), req.flushMs, req.flushTokens, emit);
  try {
    await seq.clearHistory();
    const s = req.sampling;
    if (signal.aborted) endReason = 'stopped';
    else {
      const it = seq.evaluate(tokens, {
        temperature: s.temperature,
        topK: s.topK,
        topP: s.topP,
        minP: s.minP,
        seed: s.seed,
        ...(s.repeatPenalty > 1
          ? { repeatPenalty: { punishTokens: () => out.slice(-64), penalty: s.repeatPenalty, maxPunishTokens: 64 } }
          : {}),
      });
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
    l.barrier?.leave(sequenceIdOf(seq));
    giveSequence(l, seq);
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
    loaded: info,
  };
}
