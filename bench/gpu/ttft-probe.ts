/**
 * Where the app's time to first token and per-token time go. Runs the engine worker's own
 * generate() (src/core/engine/worker/generate.ts, in this process, without the IPC hop) on
 * a ~12 000-token paper prompt, and records every call node-llama-cpp makes into its addon
 * (initBatch / decodeBatch / sampleToken, test/support/addon-calls.ts), plus llama.cpp's own
 * timings (performanceTracking).
 *
 *   npx tsx bench/gpu/ttft-probe.ts <model.gguf> [gpu=cuda|false] [promptTokens=12000] [tokens=64]
 *
 * Prints one JSON line per run: the app's default sampling on a fresh context, the same
 * again (steady state: llama.cpp's CUDA memory pool has grown to the 12K prompt's buffers),
 * then greedy (temperature 0, no repeat penalty), so the share of host-side sampling shows.
 * With PARALLEL=N (N > 1) it then drafts N such papers at once in N sequences of one context,
 * with the engine's lockstep batching, and splits each decode step into its parts.
 */
import os from 'node:os';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { generate } from '../../src/core/engine/worker/generate';
import { lockstep } from '../../src/core/engine/worker/batching';
import type { Loaded } from '../../src/core/engine/worker/loaded';
import type { WorkerRequest } from '../../src/core/engine/protocol';
import { handLoaded } from '../../src/core/engine/worker/hand-loaded';
import { Sampling } from '../../src/shared/contract/engine';
import { onAddonCalls } from '../../test/support/addon-calls';
import { paperForPrompt, paperText, SYSTEM } from './paper-text';

const [modelPath, gpuArg = 'cuda', promptArg = '12000', tokensArg = '64'] = process.argv.slice(2);
if (!modelPath) throw new Error('usage: ttft-probe <model.gguf> [gpu] [promptTokens] [tokens]');
const PROMPT = Number(promptArg);
const TOKENS = Number(tokensArg);
const threads = Number(process.env.PROBE_THREADS ?? 0) || os.availableParallelism();
const PARALLEL = Number(process.env.PARALLEL ?? 1);
/** n_batch = n_ubatch of the contexts (node-llama-cpp sets both to it); 512 is the app's default. */
const BATCH = Number(process.env.PROBE_BATCH ?? 512);
/** Tokens each draft of the parallel wave generates (more steps: a steadier split). */
const PARALLEL_TOKENS = Number(process.env.PARALLEL_TOKENS ?? TOKENS);

const perf: string[] = [];
const llama = await getLlama({
  gpu: gpuArg === 'false' || gpuArg === 'cpu' ? false : 'cuda',
  build: 'never',
  maxThreads: threads,
  logLevel: LlamaLogLevel.info,
  logger: (_level, message) => {
    if (/eval time|load time|total time/.test(message)) perf.push(message.trim());
  },
});
const model = await llama.loadModel({ modelPath, gpuLayers: 'max', defaultContextFlashAttention: true });
const contextSize = Math.ceil((PROMPT + 1024 + 64) / 256) * 256;
type Event = { what: 'init' | 'decode' | 'sample'; n?: number; start: number; end?: number };
let events: Event[] = [];

async function openContext(sequences: number) {
  const together = sequences > 1 ? lockstep() : undefined;
  const context = await model.createContext({
    contextSize,
    sequences,
    threads,
    flashAttention: model.flashAttentionSupported,
    batchSize: BATCH,
    performanceTracking: true,
    ...(together ? { batching: together.batching } : {}),
  });
  instrument(context);
  return { context, barrier: together?.attach(context) };
}

/** Every batch, decode and sampling the addon is asked for, with its start and end. */
function instrument(context: Awaited<ReturnType<typeof model.createContext>>) {
  onAddonCalls(context, (method, args) => {
    if (method === 'initBatch') events.push({ what: 'init', n: args[0] as number, start: performance.now() });
    if (method !== 'decodeBatch' && method !== 'sampleToken') return;
    const e: Event = { what: method === 'decodeBatch' ? 'decode' : 'sample', start: performance.now() };
    events.push(e);
    return () => (e.end = performance.now());
  });
}
const { context } = await openContext(1);

const loaded = handLoaded(model, context, {
  key: 'probe',
  free: [context.getSequence()],
  info: {
    backend: llama.gpu === false ? 'cpu' : llama.gpu,
    gpuLayers: model.gpuLayers,
    threads,
    flashAttention: model.flashAttentionSupported,
    reused: true,
  },
});
const { info } = loaded;

// The paper, PROMPT rendered tokens long with the model's tokenizer.
const count = (t: string) => model.tokenize(t).length;
const text = await paperForPrompt(count, PROMPT, 1000);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? 0) : 0;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

type GenerateRequest = Extract<WorkerRequest, { type: 'generate' }>;
function baseRequest(id: string, sampling: Sampling, userText: string, maxTokens: number): GenerateRequest {
  return {
    id,
    type: 'generate',
    spec: {} as never,
    systemText: SYSTEM,
    userText,
    sampling: { ...sampling, seed: 42 },
    maxTokens,
    flushMs: 50,
    flushTokens: 32,
  } as GenerateRequest;
}

async function run(label: string, sampling: Sampling, userText: string, maxTokens: number) {
  const req = baseRequest(label, sampling, userText, maxTokens);
  events = [];
  perf.length = 0;
  const t0 = performance.now();
  const result = await generate(req, loaded, info, new AbortController().signal, () => undefined);
  const wall = performance.now() - t0;
  await context.printTimings();
  const decodes = events.filter((e) => e.what === 'decode');
  const inits = events.filter((e) => e.what === 'init');
  const samples = events.filter((e) => e.what === 'sample');
  // Prefill: every batch before the first sampling.
  const firstSample = samples[0];
  const prefill = decodes.filter((d) => firstSample === undefined || d.start < firstSample.start);
  const steps = decodes.slice(prefill.length);
  const dur = (e: Event) => (e.end ?? e.start) - e.start;
  const stepPeriods = steps.slice(1).map((s, i) => s.start - (steps[i] as Event).start);
  return {
    label,
    promptTokens: result.tokensIn,
    tokensOut: result.tokensOut,
    ttftMs: r2(result.ttftMs ?? 0),
    wallMs: r2(wall),
    decodeTps: r2(result.tokensPerSecond ?? 0),
    prefill: {
      batches: prefill.length,
      firstBatchAtMs: r2((inits[0]?.start ?? t0) - t0),
      decodeSumMs: r2(prefill.reduce((s, d) => s + dur(d), 0)),
      spanMs: r2((prefill.at(-1)?.end ?? t0) - (prefill[0]?.start ?? t0)),
      gapsMs: r2(
        prefill.slice(1).reduce((s, d, i) => s + (d.start - ((prefill[i] as Event).end ?? d.start)), 0),
      ),
      firstSampleMs: r2(firstSample ? dur(firstSample) : 0),
      lastDecodeEndToFirstSampleMs: r2(
        firstSample ? firstSample.start - (prefill.at(-1)?.end ?? firstSample.start) : 0,
      ),
    },
    perToken: {
      periodMs: r2(median(stepPeriods)),
      decodeMs: r2(median(steps.map(dur))),
      sampleMs: r2(median(samples.slice(1).map(dur))),
    },
    llamaCpp: [...perf],
  };
}

const sampling = Sampling.parse({});
const greedy = { ...sampling, temperature: 0, repeatPenalty: 1 };
// Warm-up: kernels, CUDA graphs, cuBLAS handles.
await run('warmup', sampling, paperText(200, 7), 8);
for (const [label, s] of process.env.PARALLEL_ONLY === '1'
  ? []
  : ([
      ['app-sampling', sampling],
      ['app-sampling-2', sampling],
      ['greedy', greedy],
    ] as const)) {
  process.stdout.write(`${JSON.stringify(await run(label, s, text, TOKENS))}\n`);
}
await context.dispose();

if (PARALLEL > 1) {
  // N papers at once: every decode step of the wave, split into the GPU's decode, the
  // samplings (first start to last end) and the rest (JS: node-llama-cpp's loop, ours).
  const { context: wide, barrier } = await openContext(PARALLEL);
  const l: Loaded = {
    ...loaded,
    context: wide,
    barrier,
    free: Array.from({ length: PARALLEL }, () => wide.getSequence()),
  };
  const texts = await Promise.all(
    Array.from({ length: PARALLEL }, (_, i) => paperForPrompt(count, PROMPT, 2000 + i)),
  );
  events = [];
  const t0 = performance.now();
  await Promise.all(
    texts.map((t, i) =>
      generate(
        { ...baseRequest(`p${i}`, sampling, t, PARALLEL_TOKENS), sampling: { ...sampling, seed: i } },
        l,
        info,
        new AbortController().signal,
        () => undefined,
      ),
    ),
  );
  const wall = performance.now() - t0;
  const inits = events.filter((e) => e.what === 'init');
  const decodes = events.filter((e) => e.what === 'decode');
  const steps: Array<{ n: number; period: number; decode: number; sampling: number }> = [];
  for (let i = 0; i + 1 < inits.length; i++) {
    const a = inits[i] as Event;
    const b = inits[i + 1] as Event;
    if (a.n !== PARALLEL) continue;
    const d = decodes.find((x) => x.start >= a.start && x.start < b.start);
    const ss = events.filter((x) => x.what === 'sample' && x.start >= a.start && x.start < b.start);
    const sStart = Math.min(...ss.map((x) => x.start));
    const sEnd = Math.max(...ss.map((x) => x.end ?? x.start));
    steps.push({
      n: a.n ?? 0,
      period: b.start - a.start,
      decode: d ? (d.end ?? d.start) - d.start : 0,
      sampling: ss.length ? sEnd - sStart : 0,
    });
  }
  const fullSteps = steps.slice(1);
  const periods = fullSteps.map((x) => x.period).sort((a, b) => a - b);
  const typical = median(periods);
  process.stdout.write(
    `${JSON.stringify({
      label: `parallel-${PARALLEL}-threads-${threads}-b${BATCH}`,
      wallMs: r2(wall),
      prefillBatches: inits.filter((e) => (e.n ?? 0) > PARALLEL).length,
      decodeSteps: inits.filter((e) => e.n === PARALLEL).length,
      otherDecodes: inits.filter((e) => (e.n ?? 0) < PARALLEL).length,
      perStep: {
        periodMs: r2(median(fullSteps.map((x) => x.period))),
        decodeMs: r2(median(fullSteps.map((x) => x.decode))),
        samplingMs: r2(median(fullSteps.map((x) => x.sampling))),
        restMs: r2(median(fullSteps.map((x) => x.period - x.decode - x.sampling))),
        meanPeriodMs: r2(periods.reduce((a, b) => a + b, 0) / Math.max(1, periods.length)),
        p90PeriodMs: r2(periods[Math.floor(periods.length * 0.9)] ?? 0),
        maxPeriodMs: r2(periods.at(-1) ?? 0),
        // Steps over 3× the median: a barrier timeout or a wave split into cohorts shows here.
        slowSteps: periods.filter((x) => x > 3 * typical).length,
      },
    })}\n`,
  );
  await wide.dispose();
}
await model.dispose();
await llama.dispose();
