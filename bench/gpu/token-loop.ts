/**
 * How much of a lone draft's per-token time is node-llama-cpp's JavaScript, and how much any
 * program on its addon must pay. One context, one ~12 000-token paper prompt, then TOKENS
 * tokens, four ways, interleaved REPS times:
 *
 *   decode-only  the addon's initBatch/addToBatch/decodeBatch in a bare loop, a fixed token
 *                fed back, nothing sampled: llama_decode + the synchronize node-llama-cpp
 *                does after it + one async hop back to JavaScript
 *   addon        the same loop plus the addon's sampler with the app's chain (temperature 0.7,
 *                top-k 40, top-p 0.95, min-p 0.05, repeat penalty 1.1 over 64): the least a
 *                JavaScript generator on node-llama-cpp 3.21.1's addon can pay a token
 *   evaluate     node-llama-cpp's public LlamaContextSequence.evaluate() with that sampling
 *   app          the engine worker's generate() (src/core/engine/worker/generate.ts)
 *
 * The first two use node-llama-cpp internals (`_ctx`, `_sequenceId`, `_bindings`): a probe, not
 * a code path of the app. Prints one JSON line: per-token ms (medians over REPS, tokens after
 * the first over the time after the first) and the time to first token of each.
 *
 *   npx tsx bench/gpu/token-loop.ts <model.gguf> [gpu=cuda|false] [promptTokens=12000] [tokens=512]
 *   REPS=3 BATCH=2048 (n_batch = n_ubatch; default the engine's 2 048 on a GPU, 512 on the CPU)
 */
import os from 'node:os';
import {
  getLlama,
  LlamaLogLevel,
  type LlamaContext,
  type LlamaContextSequence,
  type Token,
} from 'node-llama-cpp';
import { draftOn, handLoaded } from '../../src/core/engine/worker/hand-loaded';
import { renderPrompt } from '../../src/core/engine/worker/render';
import { Sampling } from '../../src/shared/contract/engine';
import { paperForPrompt, SYSTEM } from './paper-text';

const [modelPath, gpuArg = 'cuda', promptArg = '12000', tokensArg = '512'] = process.argv.slice(2);
if (!modelPath) throw new Error('usage: token-loop <model.gguf> [gpu] [promptTokens] [tokens]');
const cpu = gpuArg === 'false' || gpuArg === 'cpu';
const PROMPT = Number(promptArg);
const TOKENS = Number(tokensArg);
const REPS = Number(process.env.REPS ?? 3);
const BATCH = Number(process.env.BATCH ?? (cpu ? 512 : 2048));
const threads = Number(process.env.THREADS ?? 0) || os.availableParallelism();
const SAMPLING = { ...Sampling.parse({}), seed: 42 };

const llama = await getLlama({
  gpu: cpu ? false : 'cuda',
  build: 'never',
  maxThreads: threads,
  logLevel: LlamaLogLevel.error,
});
const model = await llama.loadModel({
  modelPath,
  gpuLayers: cpu ? 0 : 'max',
  defaultContextFlashAttention: true,
});
const context = await model.createContext({
  contextSize: Math.ceil((PROMPT + TOKENS + 64) / 256) * 256,
  sequences: 1,
  threads,
  batchSize: BATCH,
  flashAttention: model.flashAttentionSupported,
});
const seq = context.getSequence();
const loaded = handLoaded(model, context, { key: 'token-loop', free: [seq] });
const paper = await paperForPrompt((t) => model.tokenize(t).length, PROMPT, 1000);
const prompt = renderPrompt(loaded, SYSTEM, paper).tokens;

/** The addon object behind a context and the id of a sequence: node-llama-cpp internals. */
interface AddonContext {
  initBatch(size: number): void;
  addToBatch(
    sequenceId: number,
    firstTokenIndex: number,
    tokens: Uint32Array,
    logitIndexes: Uint32Array,
  ): Uint32Array;
  decodeBatch(): Promise<void>;
  sampleToken(batchLogitIndex: number, sampler: unknown): Promise<number>;
  disposeSequence(sequenceId: number): void;
}
const internals = (c: LlamaContext, s: LlamaContextSequence) => {
  const ctx = (c as unknown as { _ctx?: AddonContext })._ctx;
  const id = (s as unknown as { _sequenceId?: number })._sequenceId;
  const Sampler = (
    llama as unknown as {
      _bindings?: { AddonSampler?: new (m: unknown) => { applyConfig(c: object): void; dispose(): void } };
    }
  )._bindings?.AddonSampler;
  const addonModel = (model as unknown as { _model?: unknown })._model;
  if (!ctx || id === undefined || !Sampler || !addonModel)
    throw new Error('node-llama-cpp internals changed: update token-loop.ts');
  return { ctx, id, Sampler, addonModel };
};

type Run = { ttftMs: number; tokenMs: number; tokens: number };

/** The prompt in context-batch-sized chunks (logits for its last token only), then one token a decode. */
async function addonLoop(sample: boolean): Promise<Run> {
  await seq.clearHistory();
  const { ctx, id, Sampler, addonModel } = internals(context, seq);
  const sampler = sample ? new Sampler(addonModel) : null;
  const t0 = performance.now();
  let pos = 0;
  let index = 0;
  for (let at = 0; at < prompt.length; at += context.batchSize) {
    const chunk = Uint32Array.from(prompt.slice(at, at + context.batchSize));
    const last = at + chunk.length >= prompt.length;
    ctx.initBatch(chunk.length);
    index =
      ctx.addToBatch(id, pos, chunk, last ? Uint32Array.of(chunk.length - 1) : new Uint32Array(0))[0] ?? 0;
    await ctx.decodeBatch();
    pos += chunk.length;
  }
  const out: number[] = [];
  let first = 0;
  try {
    while (out.length < TOKENS) {
      let token = 1 + (out.length % 100);
      if (sampler) {
        sampler.applyConfig({
          temperature: SAMPLING.temperature,
          minP: SAMPLING.minP,
          topK: SAMPLING.topK,
          topP: SAMPLING.topP,
          seed: 42,
          repeatPenalty: SAMPLING.repeatPenalty,
          repeatPenaltyMaxTokens: 64,
          repeatPenaltyTokens: Uint32Array.from(out.slice(-64)),
        });
        token = await ctx.sampleToken(index, sampler);
      }
      first ||= performance.now();
      out.push(token);
      if (out.length >= TOKENS) break;
      ctx.initBatch(1);
      index = ctx.addToBatch(id, pos, Uint32Array.of(token), Uint32Array.of(0))[0] ?? 0;
      await ctx.decodeBatch();
      pos++;
    }
  } finally {
    sampler?.dispose();
    ctx.disposeSequence(id); // node-llama-cpp still thinks the sequence is empty: make it so
  }
  return { ttftMs: first - t0, tokenMs: (performance.now() - first) / (out.length - 1), tokens: out.length };
}

async function viaEvaluate(): Promise<Run> {
  await seq.clearHistory();
  const out: Token[] = [];
  const t0 = performance.now();
  let first = 0;
  const it = seq.evaluate(prompt, {
    temperature: SAMPLING.temperature,
    topK: SAMPLING.topK,
    topP: SAMPLING.topP,
    minP: SAMPLING.minP,
    seed: 42,
    yieldEogToken: true, // random weights: never stop early
    repeatPenalty: {
      punishTokens: () => out.slice(-64),
      penalty: SAMPLING.repeatPenalty,
      maxPunishTokens: 64,
    },
  });
  for await (const token of it) {
    first ||= performance.now();
    out.push(token);
    if (out.length >= TOKENS) break;
  }
  return { ttftMs: first - t0, tokenMs: (performance.now() - first) / (out.length - 1), tokens: out.length };
}

async function viaApp(): Promise<Run> {
  loaded.free = [seq];
  const r = await draftOn(loaded, paper, TOKENS, SAMPLING);
  // draftOn renders the same system text and paper, so the prompt is the same tokens
  return {
    ttftMs: r.ttftMs ?? NaN,
    tokenMs: r.tokensPerSecond ? 1000 / r.tokensPerSecond : NaN,
    tokens: r.tokensOut,
  };
}

const ways: Record<string, () => Promise<Run>> = {
  'decode-only': () => addonLoop(false),
  addon: () => addonLoop(true),
  evaluate: viaEvaluate,
  app: viaApp,
};
const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (const run of Object.values(ways)) await run(); // warm-up: CUDA's memory pool grows to the prompt's buffers
for (let r = 0; r < REPS; r++) for (const [name, run] of Object.entries(ways)) runs[name]?.push(await run());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] ?? NaN;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
console.log(
  JSON.stringify({
    model: modelPath.split('/').pop(),
    gpu: llama.gpu,
    batch: context.batchSize,
    promptTokens: prompt.length,
    tokens: TOKENS,
    reps: REPS,
    ...Object.fromEntries(
      Object.entries(runs).map(([k, v]) => [
        k,
        {
          tokenMs: r3(median(v.map((x) => x.tokenMs))),
          ttftMs: r3(median(v.map((x) => x.ttftMs))),
          minTokens: Math.min(...v.map((x) => x.tokens)),
        },
      ]),
    ),
  }),
);
await context.dispose();
await model.dispose();
await llama.dispose();
