/**
 * A lockstep wave of N drafts (the batch queue's parallel drafting) in which some interior
 * sequence ids finish after 4 tokens (every other one, or --holes of them spread evenly),
 * with and without padding the holes (src/core/engine/worker/batching.ts, "Holes"),
 * interleaved in one run: the worker's own generate(), by default on the bench model on
 * the CPU. Without padding llama.cpp cuts every later step into one ubatch per run of
 * consecutive ids. Prints one JSON line with the medians.
 *   npx tsx bench/engine-holes.ts [--n 6] [--tokens 96] [--runs 5]
 *   # on a GPU (bench/gpu/run.sh, stage holes): a 7B file, 32 drafts, 4 holes
 *   npx tsx bench/engine-holes.ts --model m.gguf --gpu cuda --n 32 --holes 4 --words 1500 --tokens 256 --runs 3
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import { lockstep } from '../src/core/engine/worker/batching';
import { draftOn, handLoaded } from '../src/core/engine/worker/hand-loaded';
import { Sampling } from '../src/shared/contract/engine';
import { benchModelPath } from '../test/support/make-test-models';
import { paperText } from './gpu/paper-text';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '6' },
    tokens: { type: 'string', default: '96' },
    runs: { type: 'string', default: '5' },
    holes: { type: 'string' },
    model: { type: 'string' },
    gpu: { type: 'string', default: 'cpu' },
    words: { type: 'string', default: '300' },
  },
});
const N = Number(values.n);
const TOKENS = Number(values.tokens);
const RUNS = Number(values.runs);
const WORDS = Number(values.words);
const threads = os.availableParallelism();
const GPU = values.gpu === 'cpu' ? false : (values.gpu as 'cuda' | 'vulkan' | 'metal');

/** The sequence ids that stop early: `holes` of them spread evenly, or every other interior one. */
function shortIds(n: number, holes: string | undefined): Set<number> {
  if (holes === undefined)
    return new Set(
      Array.from({ length: n }, (_, id) => id).filter((id) => id > 0 && id < n - 1 && id % 2 === 1),
    );
  const k = Number(holes);
  return new Set(Array.from({ length: k }, (_, j) => Math.round(((j + 1) * n) / (k + 1))));
}
const SHORT = shortIds(N, values.holes);

const llama = await getLlama({ gpu: GPU, build: 'never', logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({
  modelPath: values.model ?? benchModelPath(),
  ...(GPU ? { gpuLayers: 'max' as const } : {}),
});
// Per sequence: the paper as this tokenizer counts it, the chat template and the draft.
const CONTEXT = Math.ceil((model.tokenize(paperText(WORDS, 1)).length * 1.1 + TOKENS + 256) / 256) * 256;

async function wave(pad: boolean): Promise<number> {
  const together = lockstep();
  const context = await model.createContext({
    contextSize: CONTEXT,
    sequences: N,
    batchSize: 512,
    threads,
    batching: together.batching,
    ...(GPU ? { flashAttention: true } : {}),
  });
  const barrier = together.attach(context);
  if (!pad) barrier.retire = () => undefined;
  const free = Array.from({ length: N }, () => context.getSequence());
  const l = handLoaded(model, context, {
    key: 'holes',
    free,
    barrier,
    info: { backend: GPU || 'cpu', gpuLayers: model.gpuLayers, threads, flashAttention: GPU !== false },
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: N }, (_, i) => {
      const id = N - 1 - i; // takeSequence pops: draft i gets id N-1-i
      const maxTokens = SHORT.has(id) ? 4 : TOKENS;
      return draftOn(l, paperText(WORDS, i + 1), maxTokens, { ...Sampling.parse({}), seed: i });
    }),
  );
  const ms = performance.now() - started;
  await context.dispose();
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const runs = { unpadded: [] as number[], padded: [] as number[] };
await wave(true); // warm-up
for (let r = 0; r < RUNS; r++) {
  runs.unpadded.push(await wave(false));
  runs.padded.push(await wave(true));
}
process.stdout.write(
  `${JSON.stringify({
    n: N,
    holes: [...SHORT],
    words: WORDS,
    tokens: TOKENS,
    backend: GPU || 'cpu',
    threads,
    unpaddedMs: runs.unpadded.map(Math.round),
    paddedMs: runs.padded.map(Math.round),
    ratio: Number((median(runs.padded) / median(runs.unpadded)).toFixed(3)),
  })}\n`,
);
await model.dispose();
await llama.dispose();
