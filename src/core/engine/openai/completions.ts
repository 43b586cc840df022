import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { ServerGoneError, call, serverMessage, type Endpoint } from './http';
import { sseEvents } from './sse';

export interface CompletionArgs {
  model: string;
  /** Token ids where the server tokenized them (exactly what it will run), else the text. */
  prompt: number[] | string;
  sampling: {
    temperature: number;
    topK: number;
    topP: number;
    minP: number;
    repeatPenalty: number;
    seed: number;
  };
  maxTokens: number;
  flushMs: number;
  flushTokens: number;
  /** Longest wait for the next byte (prompt processing in a busy server included). */
  idleTimeoutMs: number;
  signal: AbortSignal;
}

export interface CompletionResult {
  text: string;
  endReason: 'done' | 'length' | 'stopped';
  tokensOut: number;
  ttftMs: number | null;
  durationMs: number;
  tokensPerSecond: number | null;
  /** The server's own timings (llama.cpp sends them in the last chunk). */
  serverTimings: { promptN: number; promptMs: number; predictedN: number; predictedMs: number } | null;
}

const Chunk = z.object({
  choices: z.array(z.object({ text: z.string().nullish(), finish_reason: z.string().nullish() })).optional(),
  usage: z.object({ completion_tokens: z.number().int() }).nullish(),
  timings: z
    .object({
      prompt_n: z.number(),
      prompt_ms: z.number(),
      predicted_n: z.number(),
      predicted_ms: z.number(),
      predicted_per_second: z.number().optional(),
    })
    .partial()
    .nullish(),
  error: z.unknown().optional(),
});
type Chunk = z.infer<typeof Chunk>;

/** The body: OpenAI's fields plus the sampling extensions llama.cpp (repeat_penalty) and vLLM/SGLang (repetition_penalty) read. */
function requestBody(a: CompletionArgs): Record<string, unknown> {
  const s = a.sampling;
  return {
    model: a.model,
    prompt: a.prompt,
    max_tokens: a.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
    temperature: s.temperature,
    top_p: s.topP,
    top_k: s.topK,
    min_p: s.minP,
    repeat_penalty: s.repeatPenalty,
    repetition_penalty: s.repeatPenalty,
    seed: s.seed,
  };
}

/** Deltas to the caller batched like the local worker's: the first at once, then every flushTokens or flushMs. */
class Flusher {
  private pending = '';
  private count = 0;
  private last = 0;
  constructor(
    private readonly a: Pick<CompletionArgs, 'flushMs' | 'flushTokens'>,
    private readonly emit: (text: string, tokensOut: number) => void,
  ) {}
  push(text: string, tokensOut: number): void {
    this.pending += text;
    this.count++;
    const now = performance.now();
    if (tokensOut === 1 || this.count >= this.a.flushTokens || now - this.last >= this.a.flushMs)
      this.flush(tokensOut, now);
  }
  flush(tokensOut: number, now = performance.now()): void {
    if (!this.pending) return;
    this.emit(this.pending, tokensOut);
    this.pending = '';
    this.count = 0;
    this.last = now;
  }
}

/** What a stream has told so far. */
interface StreamState {
  text: string;
  tokens: number;
  ttftMs: number | null;
  finish: string | null;
  /** The chunks that carried usage or timings (the last one, for llama.cpp), merged. */
  last: Chunk | null;
}

/**
 * One streamed /v1/completions call. A stop (args.signal) ends it as 'stopped' with the text
 * so far; a server that dies or closes the stream before its last chunk, a stream that stays
 * silent past idleTimeoutMs, or an error event fail it with a one-line AppError.
 */
export async function streamCompletion(
  ep: Endpoint,
  a: CompletionArgs,
  onDelta: (text: string, tokensOut: number) => void,
): Promise<CompletionResult> {
  const t0 = performance.now();
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(), a.idleTimeoutMs);
  const alive = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), a.idleTimeoutMs);
  };
  const signal = AbortSignal.any([a.signal, idle.signal]);
  const st: StreamState = { text: '', tokens: 0, ttftMs: null, finish: null, last: null };
  const flusher = new Flusher(a, onDelta);
  try {
    const res = await call(ep, '/v1/completions', {
      body: requestBody(a),
      timeoutMs: a.idleTimeoutMs,
      signal,
    });
    if (!res.body) throw new AppError('engine_error', `The server at ${ep.url} sent no stream.`);
    for await (const data of sseEvents(res.body)) {
      alive();
      if (data === '[DONE]') break;
      const chunk = parseChunk(ep, data);
      if (chunk.timings || chunk.usage) st.last = { ...(st.last ?? {}), ...chunk };
      const choice = chunk.choices?.[0];
      if (choice?.text) {
        st.ttftMs ??= performance.now() - t0;
        st.tokens++;
        st.text += choice.text;
        flusher.push(choice.text, st.tokens);
      }
      if (choice?.finish_reason) st.finish = choice.finish_reason;
    }
  } catch (e) {
    if (a.signal.aborted) st.finish = 'stopped';
    else if (idle.signal.aborted) {
      const s = Math.round(a.idleTimeoutMs / 1000);
      throw new AppError(
        'engine_error',
        `The server at ${ep.url} sent nothing for ${s} s; the draft was given up.`,
      );
    } else if (e instanceof AppError) throw e;
    else {
      const why = (e as Error).message;
      throw new ServerGoneError(
        'engine_crashed',
        `The server at ${ep.url} closed the stream mid-draft after ${st.tokens} tokens (${why}).`,
      );
    }
  } finally {
    clearTimeout(timer);
  }
  if (st.finish === null) {
    throw new ServerGoneError(
      'engine_crashed',
      `The server at ${ep.url} ended the stream without finishing the draft (after ${st.tokens} tokens).`,
    );
  }
  const result = summarize(st, performance.now() - t0);
  flusher.flush(result.tokensOut);
  return result;
}

/** The result of a finished (or stopped) stream: counts and timings from the server where it sent them. */
function summarize(st: StreamState, durationMs: number): CompletionResult {
  const tokensOut = st.last?.usage?.completion_tokens ?? st.last?.timings?.predicted_n ?? st.tokens;
  const tm = st.last?.timings;
  const serverTimings =
    tm?.prompt_n !== undefined &&
    tm.prompt_ms !== undefined &&
    tm.predicted_n !== undefined &&
    tm.predicted_ms !== undefined
      ? {
          promptN: tm.prompt_n,
          promptMs: tm.prompt_ms,
          predictedN: tm.predicted_n,
          predictedMs: tm.predicted_ms,
        }
      : null;
  const decodeMs = st.ttftMs === null ? 0 : durationMs - st.ttftMs;
  const measured = tokensOut > 1 && decodeMs > 0 ? ((tokensOut - 1) * 1000) / decodeMs : null;
  return {
    text: st.text,
    endReason: st.finish === 'stopped' ? 'stopped' : st.finish === 'length' ? 'length' : 'done',
    tokensOut,
    ttftMs: st.ttftMs,
    durationMs,
    tokensPerSecond: tm?.predicted_per_second ?? measured,
    serverTimings,
  };
}

function parseChunk(ep: Endpoint, data: string): Chunk {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    throw new AppError(
      'engine_error',
      `The server at ${ep.url} streamed a chunk that is not JSON: ${serverMessage(data)}`,
    );
  }
  const parsed = Chunk.safeParse(raw);
  if (!parsed.success)
    throw new AppError('engine_error', `The server at ${ep.url} streamed a chunk of an unexpected shape.`);
  if (parsed.data.error !== undefined) {
    throw new AppError(
      'engine_error',
      `The server at ${ep.url} failed mid-draft: ${serverMessage(JSON.stringify({ error: parsed.data.error }))}`,
    );
  }
  return parsed.data;
}
