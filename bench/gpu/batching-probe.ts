/**
 * Does node-llama-cpp put the next token of N parallel sequences into one llama_decode?
 * Runs N sequences of one context generating concurrently (as the engine worker does for N
 * drafts) and records the token count of every batch it sends to llama.cpp (by wrapping the
 * addon context's initBatch, an internal of node-llama-cpp 3.21.1). No GPU needed.
 *   npx tsx bench/gpu/batching-probe.ts <model.gguf> [sequences=4] [tokens=48] [gpu=false|cuda]
 */
import os from 'node:os';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

const [modelPath, nArg, tArg, gpuArg] = process.argv.slice(2);
if (!modelPath) throw new Error('usage: batching-probe <model.gguf> [sequences] [tokens] [gpu]');
const N = Number(nArg ?? 4);
const T = Number(tArg ?? 48);
const llama = await getLlama({
  gpu: gpuArg === 'cuda' ? 'cuda' : false,
  build: 'never',
  logLevel: LlamaLogLevel.error,
  maxThreads: os.availableParallelism(),
});
const model = await llama.loadModel({ modelPath });
const context = await model.createContext({
  contextSize: 512,
  sequences: N,
  threads: os.availableParallelism(),
});
const sizes: number[] = [];
// The addon object's methods are read-only: put a recording proxy in its place.
const holder = context as unknown as { _ctx: Record<string | symbol, unknown> };
const real = holder._ctx;
holder._ctx = new Proxy(real, {
  get(target, key) {
    const v = Reflect.get(target, key, target);
    if (typeof v !== 'function') return v;
    if (key === 'initBatch')
      return (n: number) => (sizes.push(n), (v as (n: number) => void).call(target, n));
    return (v as (...a: unknown[]) => unknown).bind(target);
  },
});
const prompt = model.tokenize(
  'The paper proposes a new method for training language models on scientific text.',
);
const t0 = performance.now();
await Promise.all(
  Array.from({ length: N }, async (_, i) => {
    const seq = context.getSequence();
    let n = 0;
    for await (const token of seq.evaluate(prompt, {
      temperature: 0.7,
      topK: 40,
      topP: 0.95,
      minP: 0.05,
      seed: i + 1,
    })) {
      void token;
      if (++n >= T) break;
    }
  }),
);
const ms = performance.now() - t0;
const decodeSteps = sizes.filter((s) => s <= N);
const hist = new Map<number, number>();
for (const s of decodeSteps) hist.set(s, (hist.get(s) ?? 0) + 1);
process.stdout.write(
  `${JSON.stringify({ sequences: N, tokensEach: T, batches: sizes.length, decodeBatches: decodeSteps.length, idealDecodeBatches: T, tokensPerDecodeBatch: Object.fromEntries([...hist].sort((a, b) => a[0] - b[0])), ms: Math.round(ms) })}\n`,
);
await context.dispose();
await model.dispose();
await llama.dispose();
