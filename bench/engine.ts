/**
 * The app's whole drafting pipeline (engine worker process, as the app uses it) against a
 * bare in-process node-llama-cpp generation on the same model, prompt, sampling, seed and
 * threads, in the same run and interleaved. Prints one JSON line and a markdown table,
 * and saves the table to bench/results/engine-<date>.md.
 *   npx tsx bench/engine.ts [--runs N] [--tokens N] [--threads 1,2]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, resolveChatWrapper, type ChatHistoryItem, type Token } from 'node-llama-cpp';
import { createServices } from '../src/core/services';
import { writeEngineSettings } from '../src/core/engine/settings';
import { addTestPaper, prose, section } from '../src/core/engine/engine.fixtures';
import { benchModelPath } from '../test/support/make-test-models';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    tokens: { type: 'string', default: '128' },
    threads: { type: 'string', default: '1,2' },
  },
});
const RUNS = Number(values.runs);
const TOKENS = Number(values.tokens);
const THREADS = String(values.threads).split(',').map(Number);
const CONTEXT = 4096;
const SAMPLING = { temperature: 0.7, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: 1.1 };

interface Run {
  ttftMs: number;
  tokensPerSecond: number;
  tokens: number;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const modelPath = benchModelPath();
const dir = mkdtempSync(join(os.tmpdir(), 'prs-bench-'));
const services = createServices({ dataDir: dir, host: 'cli' });
const paperId = addTestPaper(services, {
  title: 'Benchmark paper',
  sections: [
    section('Abstract', 'abstract', prose(60)),
    section('Introduction', 'body', prose(200, 2)),
    section('Method', 'body', prose(120, 3)),
  ],
});
const model = await services.engine.models.add(modelPath);

/** The pipeline: a real draft through the worker, timed where the app sees it (client side). */
async function pipeline(seed: number): Promise<Run & { systemText: string; userText: string }> {
  let sent = 0;
  let first = 0;
  let firstTokens = 0;
  let last = 0;
  let lastTokens = 0;
  const out = await services.engine.drafter.draft(
    { paperId, modelId: model.id, maxTokens: TOKENS, seed, sampling: SAMPLING },
    {
      onStart: () => (sent = performance.now()),
      onDelta: (_t, n) => {
        last = performance.now();
        lastTokens = n;
        if (!first) {
          first = last;
          firstTokens = n;
        }
      },
    },
  );
  const messages = out.prepared.plan;
  promptTokens = out.result.tokensIn;
  return {
    ttftMs: first - sent,
    // Decode rate as core sees it: tokens between the first and the last delta event.
    tokensPerSecond: ((lastTokens - firstTokens) * 1000) / (last - first),
    tokens: out.result.tokensOut,
    systemText: out.prepared.systemText,
    userText: messages.userText,
  };
}

/** Bare node-llama-cpp in this process: the same rendered prompt, sampling and seed. */
async function bareRunner(threads: number) {
  const llama = await getLlama({ build: 'never', gpu: false, maxThreads: threads });
  const m = await llama.loadModel({ modelPath });
  const ctx = await m.createContext({ contextSize: CONTEXT, threads });
  const seq = ctx.getSequence();
  const wrapper = resolveChatWrapper(m);
  return {
    async run(systemText: string, userText: string, seed: number): Promise<Run> {
      const history: ChatHistoryItem[] = [
        { type: 'system', text: systemText },
        { type: 'user', text: userText },
        { type: 'model', response: [] },
      ];
      const tokens = wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(m.tokenizer);
      await seq.clearHistory();
      const out: Token[] = [];
      const start = performance.now();
      let first = 0;
      for await (const t of seq.evaluate(tokens, {
        ...SAMPLING,
        seed,
        repeatPenalty: {
          punishTokens: () => out.slice(-64),
          penalty: SAMPLING.repeatPenalty,
          maxPunishTokens: 64,
        },
      })) {
        if (!first) first = performance.now();
        out.push(t);
        if (out.length >= TOKENS) break;
      }
      const end = performance.now();
      m.detokenize(out); // the pipeline detokenizes too
      return {
        ttftMs: first - start,
        tokensPerSecond: ((out.length - 1) * 1000) / (end - first),
        tokens: out.length,
      };
    },
    dispose: () => llama.dispose(),
  };
}

const results: Record<number, { pipeline: Run[]; bare: Run[] }> = {};
let promptTokens = 0;
for (const threads of THREADS) {
  writeEngineSettings(services.db, { threads, contextSize: CONTEXT, maxTokens: TOKENS });
  const warm = await pipeline(1); // loads the model in the worker
  const bare = await bareRunner(threads);
  await bare.run(warm.systemText, warm.userText, 1);
  const r = { pipeline: [] as Run[], bare: [] as Run[] };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved so load from other processes hits both sides alike.
    const p = await pipeline(100 + i);
    r.pipeline.push(p);
    r.bare.push(await bare.run(p.systemText, p.userText, 100 + i));
    process.stderr.write(
      `threads ${threads} run ${i + 1}/${RUNS}: pipeline ${p.tokensPerSecond.toFixed(1)} tok/s, bare ${r.bare.at(-1)!.tokensPerSecond.toFixed(1)} tok/s\n`,
    );
  }
  await bare.dispose();
  results[threads] = r;
}
const hw = await services.engine.hardware();
await services.close();
rmSync(dir, { recursive: true, force: true });

const rows = THREADS.map((threads) => {
  const r = results[threads]!;
  const p = {
    tps: median(r.pipeline.map((x) => x.tokensPerSecond)),
    ttft: median(r.pipeline.map((x) => x.ttftMs)),
  };
  const b = { tps: median(r.bare.map((x) => x.tokensPerSecond)), ttft: median(r.bare.map((x) => x.ttftMs)) };
  return {
    threads,
    pipelineTps: p.tps,
    bareTps: b.tps,
    tpsRatio: p.tps / b.tps,
    pipelineTtftMs: p.ttft,
    bareTtftMs: b.ttft,
    ttftRatio: p.ttft / b.ttft,
  };
});
const date = new Date().toISOString().slice(0, 10);
const summary = {
  bench: 'engine',
  date,
  model: 'bench-llama-8x256.gguf (llama, 8 layers, 256 embd, f32)',
  backend: hw.backend,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cpuThreads: os.availableParallelism(),
  runs: RUNS,
  maxTokens: TOKENS,
  contextSize: CONTEXT,
  promptTokens: promptTokens,
  rows,
};
console.log(JSON.stringify(summary));
const f = (n: number, d = 1) => n.toFixed(d);
const table = [
  `| threads | pipeline tok/s | bare tok/s | tok/s ratio (goal ≥ 0.97) | pipeline TTFT ms | bare TTFT ms | TTFT ratio (goal ≤ 1.05) |`,
  `|---|---|---|---|---|---|---|`,
  ...rows.map(
    (r) =>
      `| ${r.threads} | ${f(r.pipelineTps)} | ${f(r.bareTps)} | ${f(r.tpsRatio, 3)} | ${f(r.pipelineTtftMs)} | ${f(r.bareTtftMs)} | ${f(r.ttftRatio, 3)} |`,
  ),
].join('\n');
console.log(table);
const md = [
  `# Engine bench — ${date}`,
  '',
  `Model: ${summary.model}; ${hw.backend} backend; CPU: ${summary.cpu} (${summary.cpuThreads} threads visible, shared with other processes).`,
  `Medians of ${RUNS} interleaved runs, ${TOKENS} generated tokens, context ${CONTEXT}. Pipeline = engine worker process timed in core`,
  '(TTFT from the generate request to the first delta event); bare = node-llama-cpp in-process, same rendered prompt, sampling and seed.',
  '',
  table,
  '',
  '```json',
  JSON.stringify(summary),
  '```',
  '',
].join('\n');
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results', `engine-${date}.md`), md);
