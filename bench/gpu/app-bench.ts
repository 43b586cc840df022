/**
 * The app's drafting path on a real GPU: the engine worker process, driven through
 * EngineClient exactly as the Drafter drives it (same sampling defaults, same delta
 * batching), on a ~12 000-token paper prompt generating a 1 024-token review.
 * Per case: load time, time to first token (worker's and client's), prefill and decode
 * tokens/s, peak VRAM (nvidia-smi sampled every 100 ms), and for N parallel sequences the
 * papers/hour of a wave of N drafts.
 *
 *   npx tsx bench/gpu/app-bench.ts --model mistral-q4=/m/q4.gguf [--model ...] \
 *     [--cases full|quick] [--gpu cuda] [--prompt-tokens 12000] [--max-tokens 1024] \
 *     [--batches 4,8,16] [--out file.json]
 *
 * Prints one JSON line per case on stdout; writes them all to --out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { EngineClient } from '../../src/core/engine/client';
import { forkSpawner } from '../../src/core/engine/spawner';
import type { GenerateResult, LoadSpec } from '../../src/core/engine/protocol';
import { AUTO_MAX_SEQUENCES, Sampling } from '../../src/shared/contract/engine';
import { shapeFromGguf, vramBudget, type ModelShape } from '../../src/core/engine/vram-budget';
import { readGgufFileInfo } from 'node-llama-cpp';
import { paperForPrompt, paperText, SYSTEM } from './paper-text';
import { statSync } from 'node:fs';

/** The shape vram-budget.ts needs, read from the GGUF header (no model load). */
async function shapeOf(file: string): Promise<ModelShape> {
  return shapeFromGguf(await readGgufFileInfo(file, { logWarnings: false }), statSync(file).size);
}

interface Args {
  models: Array<{ key: string; path: string }>;
  cases: 'full' | 'quick';
  gpu: LoadSpec['gpu'];
  promptTokens: number;
  maxTokens: number;
  batches: number[];
  out: string | undefined;
  /** Append each case's row here (JSON lines); cases already in it are skipped (resume). */
  results: string | undefined;
  /** Start no case that would not finish within this many seconds from now. */
  deadlineS: number;
  reps: number;
  only: string | undefined;
  /** Appended to every label (e.g. "-nlc" for a run with PRS_ENGINE_BATCHING=default). */
  labelSuffix: string;
  /** The model key of the cases run on one model only (waves, batch sizes); default the first. */
  waveModel: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    models: [],
    cases: 'full',
    gpu: 'cuda',
    promptTokens: 12_000,
    maxTokens: 1024,
    batches: [4, 8, 16],
    out: undefined,
    results: undefined,
    deadlineS: Infinity,
    reps: 1,
    only: undefined,
    labelSuffix: '',
    waveModel: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1] ?? '';
    if (k === '--model') {
      const [key, ...rest] = v.split('=');
      a.models.push({ key: key ?? '', path: rest.join('=') });
    } else if (k === '--cases') a.cases = v as Args['cases'];
    else if (k === '--gpu') a.gpu = v as LoadSpec['gpu'];
    else if (k === '--prompt-tokens') a.promptTokens = Number(v);
    else if (k === '--max-tokens') a.maxTokens = Number(v);
    else if (k === '--batches') a.batches = v ? v.split(',').map(Number) : [];
    else if (k === '--out') a.out = v;
    else if (k === '--results') a.results = v;
    else if (k === '--deadline-s') a.deadlineS = Number(v);
    else if (k === '--reps') a.reps = Number(v);
    else if (k === '--only') a.only = v;
    else if (k === '--label-suffix') a.labelSuffix = v;
    else if (k === '--wave-model') a.waveModel = v;
    else continue;
    i++;
  }
  if (!a.models.length) throw new Error('at least one --model key=path');
  return a;
}

/** Peak GPU memory in use (MiB) while running, from nvidia-smi; null where there is none. */
class VramSampler {
  private proc: ChildProcess | undefined;
  private peak = 0;
  private buf = '';
  start(): void {
    this.peak = 0;
    try {
      this.proc = spawn(
        'nvidia-smi',
        ['--query-gpu=memory.used', '--format=csv,noheader,nounits', '-lms', '100'],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      this.proc.on('error', () => (this.proc = undefined));
      this.proc.stdout?.setEncoding('utf8');
      this.proc.stdout?.on('data', (d: string) => {
        this.buf += d;
        const lines = this.buf.split('\n');
        this.buf = lines.pop() ?? '';
        for (const l of lines) {
          const n = Number(l.trim().split(/\s+/)[0]);
          if (Number.isFinite(n)) this.peak = Math.max(this.peak, n);
        }
      });
    } catch {
      this.proc = undefined;
    }
  }
  async stop(): Promise<number | null> {
    const p = this.proc;
    this.proc = undefined;
    if (!p) return null;
    await new Promise((r) => setTimeout(r, 250));
    p.kill('SIGTERM');
    return this.peak || null;
  }
}

interface Case {
  label: string;
  model: string;
  fa: LoadSpec['flashAttention'];
  kv: LoadSpec['kvCacheType'];
  batchSize: number | null;
  sequences: number;
  predictor: LoadSpec['tokenPredictor'];
  gpuLayers: LoadSpec['gpuLayers'];
  /** Temperature 0 and no repeat penalty: the host-side sampling cost left out. */
  greedy?: boolean;
}

function casesFor(args: Args): Case[] {
  const c: Case[] = [];
  const base = { batchSize: null, sequences: 1, predictor: 'none' as const, gpuLayers: 'max' as const };
  const first = args.waveModel ?? args.models[0]?.key ?? '';
  // Most important first: a call that runs out of time leaves the rest for the next one.
  for (const m of args.models) c.push({ ...base, label: 'fa1-f16', model: m.key, fa: true, kv: 'f16' });
  // node-llama-cpp's batch size, beside the engine's own choice (2 048 where it fits).
  for (const m of args.models)
    c.push({ ...base, label: 'fa1-f16-b512', model: m.key, fa: true, kv: 'f16', batchSize: 512 });
  // The engine's defaults before issue 8 (flash attention "auto", f16 cache, batch 512, auto layers).
  c.push({ ...base, label: 'app-default', model: first, fa: 'auto', kv: 'f16', gpuLayers: 'auto' });
  if (args.cases === 'full') {
    for (const n of args.batches.slice(-1))
      c.push({ ...base, label: `fa1-f16-seq${n}`, model: first, fa: true, kv: 'f16', sequences: n });
    for (const m of args.models) {
      c.push({ ...base, label: 'fa0-f16', model: m.key, fa: false, kv: 'f16' });
      c.push({ ...base, label: 'fa1-q8_0', model: m.key, fa: true, kv: 'q8_0' });
    }
    c.push({ ...base, label: 'fa1-f16-b2048', model: first, fa: true, kv: 'f16', batchSize: 2048 });
    c.push({
      ...base,
      label: 'fa1-f16-input-lookup',
      model: first,
      fa: true,
      kv: 'f16',
      predictor: 'input-lookup',
    });
    for (const n of args.batches.slice(0, -1))
      c.push({ ...base, label: `fa1-f16-seq${n}`, model: first, fa: true, kv: 'f16', sequences: n });
    for (const n of args.batches.slice(-1))
      c.push({ ...base, label: `fa1-q8_0-seq${n}`, model: first, fa: true, kv: 'q8_0', sequences: n });
    c.push({ ...base, label: 'fa1-f16-b1024', model: first, fa: true, kv: 'f16', batchSize: 1024 });
    for (const m of args.models.slice(1))
      c.push({ ...base, label: 'app-default', model: m.key, fa: 'auto', kv: 'f16', gpuLayers: 'auto' });
  }
  // Batch pre-drafting waves at every size (pick them with --only 'seq'); greedy decoding.
  for (const n of args.batches)
    if (!c.some((x) => x.label === `fa1-f16-seq${n}`))
      c.push({ ...base, label: `fa1-f16-seq${n}`, model: first, fa: true, kv: 'f16', sequences: n });
  // The same waves reading each prompt in 2 048-token ubatches (prompts are half a wave's time).
  for (const n of args.batches)
    c.push({
      ...base,
      label: `fa1-f16-b2048-seq${n}`,
      model: first,
      fa: true,
      kv: 'f16',
      batchSize: 2048,
      sequences: n,
    });
  c.push({ ...base, label: 'fa1-f16-greedy', model: first, fa: true, kv: 'f16', greedy: true });
  // A wave of as many papers as batch pre-drafting's "auto" picks from free VRAM (sequences 0:
  // resolved by the worker's parallelism answer), on each model: pick with --only 'seqauto'.
  for (const m of args.models)
    c.push({ ...base, label: 'fa1-f16-seqauto', model: m.key, fa: true, kv: 'f16', sequences: 0 });
  for (const x of c) x.label += args.labelSuffix;
  return args.only ? c.filter((x) => new RegExp(args.only as string).test(`${x.model}/${x.label}`)) : c;
}

/** Rough wall time of a case on an H100 (load, calibration, warm-up, the draft), for the deadline. */
function estimateSeconds(c: Case, args: Args): number {
  const perDraft = 3 + args.maxTokens / 150 + args.promptTokens / 6000;
  const n = c.sequences === 0 ? AUTO_MAX_SEQUENCES : c.sequences;
  return n === 1
    ? 12 + perDraft
    : 12 + perDraft + (n * args.promptTokens) / 7000 + (args.maxTokens * 0.01 * n) / 4;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const threads = os.availableParallelism();
  const client = new EngineClient(forkSpawner());
  const sampling = Sampling.parse({});
  const ctx = Math.ceil((args.promptTokens + args.maxTokens + 64) / 256) * 256;
  const results: unknown[] = [];
  const vram = new VramSampler();
  const pathOf = (key: string) => args.models.find((m) => m.key === key)?.path ?? '';
  const specOf = (c: Case, contextSize = ctx): LoadSpec => ({
    gpu: args.gpu,
    threads,
    modelPath: pathOf(c.model),
    adapters: [],
    gpuLayers: c.gpuLayers,
    contextSize,
    batchSize: c.batchSize,
    flashAttention: c.fa,
    kvCacheType: c.kv,
    sequences: c.sequences,
    tokenPredictor: c.predictor,
  });

  // Calibrate the paper text per model (tokenizers differ) to promptTokens rendered tokens.
  const texts = new Map<string, string>();
  async function userTextFor(c: Case, seed: number): Promise<string> {
    const key = `${c.model}:${seed}`;
    const cached = texts.get(key);
    if (cached) return cached;
    const spec = specOf(c);
    const count = async (t: string) =>
      (await client.request({ type: 'countTokens', spec, text: t }).result).count;
    const text = await paperForPrompt(count, args.promptTokens, seed, (words, n) => {
      if (process.env.APP_BENCH_DEBUG)
        process.stderr.write(`[calibrate] ${c.model} words ${words} tokens ${n}\n`);
    });
    texts.set(key, text);
    return text;
  }

  interface Run {
    ttftMs: number | null;
    clientTtftMs: number | null;
    tokensIn: number;
    tokensOut: number;
    decodeTps: number | null;
    prefillTps: number | null;
    wallMs: number;
    endReason: string;
    /** The token predictor's validated / refuted / used counts (input-lookup cases). */
    tokenPredictions: GenerateResult['tokenPredictions'];
  }
  async function draftOnce(
    c: Case,
    spec: LoadSpec,
    userText: string,
    seed: number,
    maxTokens = args.maxTokens,
  ): Promise<Run> {
    const t0 = performance.now();
    let firstDelta: number | undefined;
    const { result } = client.request(
      {
        type: 'generate',
        spec,
        systemText: SYSTEM,
        userText,
        sampling: c.greedy ? { ...sampling, temperature: 0, repeatPenalty: 1, seed } : { ...sampling, seed },
        maxTokens,
        flushMs: 50,
        flushTokens: 32,
      },
      { onToken: () => (firstDelta ??= performance.now()) },
    );
    const r = await result;
    const wallMs = performance.now() - t0;
    return {
      ttftMs: r.ttftMs,
      clientTtftMs: firstDelta !== undefined ? firstDelta - t0 : null,
      tokensIn: r.tokensIn,
      tokensOut: r.tokensOut,
      decodeTps: r.tokensPerSecond,
      prefillTps: r.ttftMs ? (r.tokensIn * 1000) / r.ttftMs : null,
      wallMs,
      endReason: r.endReason,
      tokenPredictions: r.tokenPredictions,
    };
  }

  const hw = await client.request({ type: 'hardware', gpu: args.gpu, threads }).result;
  if (args.results)
    appendFileSync(
      args.results,
      `${JSON.stringify({ kind: 'hardware', model: '-', label: `hardware-${Date.now()}`, ...hw })}\n`,
    );
  process.stderr.write(
    `[app-bench] backend ${hw.backend} ${hw.devices.join(', ')} vram ${(hw.vramTotal / 2 ** 30).toFixed(1)} GiB, ${hw.llamaCppRelease}\n`,
  );
  if (args.gpu !== 'cpu' && hw.backend !== args.gpu) {
    // A 7B model at 12K tokens on the CPU fallback would take the whole machine lease.
    process.stderr.write(
      `[app-bench] asked for ${args.gpu} but the engine runs on ${hw.backend}: ${hw.fallbackReason ?? ''}\n${client.logTail().join('\n')}\n`,
    );
    await client.dispose();
    process.exit(2);
  }

  const startedAt = performance.now();
  const done = new Set<string>();
  if (args.results && existsSync(args.results)) {
    for (const line of readFileSync(args.results, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { model: string; label: string; error?: string };
      if (!r.error) done.add(`${r.model}/${r.label}`);
    }
  }
  let stoppedEarly = false;
  for (const asked of casesFor(args)) {
    const c = { ...asked };
    if (done.has(`${c.model}/${c.label}`)) continue;
    const leftS = args.deadlineS - (performance.now() - startedAt) / 1000;
    if (leftS < estimateSeconds(c, args)) {
      process.stderr.write(
        `[app-bench] not starting ${c.model}/${c.label}: ~${Math.round(estimateSeconds(c, args))}s needed, ${Math.round(leftS)}s left\n`,
      );
      stoppedEarly = true;
      continue;
    }
    let parallelism: unknown;
    if (c.sequences === 0) {
      // What the batch queue asks before a wave (service.ts parallelism): with nothing loaded.
      await client.request({ type: 'unload' }).result;
      const p = await client.request({
        type: 'parallelism',
        spec: specOf({ ...c, sequences: 2 }),
        max: AUTO_MAX_SEQUENCES,
      }).result;
      c.sequences = p.sequences;
      parallelism = p;
    }
    const spec = specOf(c);
    const row: Record<string, unknown> = {
      kind: 'app',
      model: c.model,
      label: c.label,
      fa: c.fa,
      kv: c.kv,
      batchSize: c.batchSize,
      sequences: c.sequences,
      predictor: c.predictor,
      contextSize: ctx,
      ...(parallelism ? { parallelism } : {}),
    };
    try {
      // Unload first so the peak below is this case's alone, not the previous model's.
      await client.request({ type: 'unload' }).result;
      vram.start();
      const estimate = await client
        .request({ type: 'estimate', spec })
        .result.catch((e: Error) => ({ error: e.message }));
      const t0 = performance.now();
      const loaded = await client.request({ type: 'load', spec }).result;
      row.loadMs = Math.round(performance.now() - t0);
      row.loaded = loaded;
      row.estimate = estimate;
      const shape = await shapeOf(spec.modelPath);
      row.shape = shape;
      row.budget = vramBudget(shape, {
        contextSize: ctx,
        sequences: c.sequences,
        kvCacheType: c.kv,
        flashAttention: c.fa !== false,
        batchSize: loaded.batchSize, // what the worker chose for an unset one
      });
      const texts = await Promise.all(
        Array.from({ length: c.sequences }, (_, i) => userTextFor(c, 1000 + i)),
      );
      // Warm-up (CUDA graphs, cuBLAS handles, kernel JIT): a short prompt, a few tokens.
      await draftOnce(c, spec, paperText(Math.min(200, Math.floor(args.promptTokens / 8)), 7), 1, 8);
      if (c.sequences === 1) {
        const runs: Run[] = [];
        for (let r = 0; r < args.reps; r++) runs.push(await draftOnce(c, spec, texts[0] ?? '', 42 + r));
        const best = runs.reduce((a, b) => ((a.decodeTps ?? 0) >= (b.decodeTps ?? 0) ? a : b));
        Object.assign(row, best, { runs });
      } else {
        const t1 = performance.now();
        const runs = await Promise.all(texts.map((t, i) => draftOnce(c, spec, t, 42 + i)));
        const wall = performance.now() - t1;
        const out = runs.reduce((s, r) => s + r.tokensOut, 0);
        Object.assign(row, {
          wallMs: Math.round(wall),
          papersPerHour: Math.round((c.sequences * 3_600_000) / wall),
          aggregateDecodeTps: runs.reduce((s, r) => s + (r.decodeTps ?? 0), 0),
          tokensOut: out,
          tokensIn: runs.reduce((s, r) => s + r.tokensIn, 0),
          maxTtftMs: Math.max(...runs.map((r) => r.ttftMs ?? 0)),
          runs,
        });
      }
    } catch (e) {
      row.error = (e as Error).message;
    }
    row.peakVramMiB = await vram.stop();
    results.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
    if (args.results) appendFileSync(args.results, `${JSON.stringify(row)}\n`);
    if (args.out) writeFileSync(args.out, JSON.stringify({ hardware: hw, results }, null, 1));
  }
  await client.request({ type: 'unload' }).result.catch(() => undefined);
  await client.dispose();
  if (args.out) writeFileSync(args.out, JSON.stringify({ hardware: hw, results }, null, 1));
  // 3: some cases were left for the next call (the deadline), so the stage is not done.
  if (stoppedEarly) process.exitCode = 3;
  else if (results.some((r) => (r as { error?: string }).error)) process.exitCode = 4;
}

main().catch((e: unknown) => {
  process.stderr.write(`[app-bench] ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
