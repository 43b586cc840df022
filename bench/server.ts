/**
 * Batch pre-drafting through a served model (issue 20): N synthetic papers drafted through
 * the app's OpenAI-compatible backend with N requests in flight, as the Library's
 * "Pre-draft these papers" does. Prints one JSON line: papers/hour, decode tokens/s per
 * draft (the server's timings) and time to first token (as the app saw it).
 *
 *   npx tsx bench/server.ts --url http://127.0.0.1:8080 --model review-7b \
 *     [--papers 32] [--max-tokens 1024] [--prompt-tokens 12000] [--key-file F] [--seed 1]
 *
 * The server is started by the caller (e.g. `llama-server -m F --alias review-7b -np 32
 * -c $((32*13312))`); `--max-tokens` drafts run to that length only where the model does not
 * stop earlier (random-weight models rarely do).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createServices } from '../src/core/services';
import { writeEngineSettings } from '../src/core/engine/settings';
import { insertPaper, savePaperText } from '../src/core/store/repos/papers';
import { getDraft } from '../src/core/store/repos/drafts';
import { listBatchJobs } from '../src/core/store/repos/draft-jobs';
import { MAX_SEQUENCES } from '../src/shared/contract/engine';
import { paperText } from './gpu/paper-text';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    model: { type: 'string' },
    papers: { type: 'string', default: '8' },
    'max-tokens': { type: 'string', default: '1024' },
    'prompt-tokens': { type: 'string', default: '12000' },
    'key-file': { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
if (!values.url || !values.model) {
  console.error(
    'usage: bench/server.ts --url URL --model NAME [--papers N] [--max-tokens N] [--prompt-tokens N] [--key-file F]',
  );
  process.exit(2);
}
const papers = Number(values.papers);
const maxTokens = Number(values['max-tokens']);
const promptTokens = Number(values['prompt-tokens']);
const seed = Number(values.seed);
const key = values['key-file'] ? readFileSync(values['key-file'], 'utf8').split('\n')[0]!.trim() : null;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : null;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prs-bench-server-'));
  const s = createServices({ dataDir: dir, host: 'cli' });
  try {
    // The paper is fitted to the server's context; the review gets maxTokens of it.
    writeEngineSettings(s.db, {
      sequences: Math.min(papers, MAX_SEQUENCES),
      maxTokens,
      contextSize: promptTokens + maxTokens + 512,
    });
    const model = await s.engine.models.addServer({ url: values.url!, name: values.model!, key });
    // Words per token of this tokenizer, from one sample through the server's /tokenize.
    const sample = paperText(2000, 99);
    const { count } = await s.engine.client.request({
      type: 'countTokens',
      spec: { ...baseSpec(model.path), contextSize: promptTokens + maxTokens },
      text: sample,
    }).result;
    const words = Math.round((2000 / count) * (promptTokens - 300));
    // Each --seed drafts other papers: a server's prompt cache must not serve a repeat run.
    const ids = Array.from({ length: papers }, (_, i) => addPaper(s, seed * 1000 + i + 1, words));
    const t0 = performance.now();
    const batch = s.engine.batches.start(ids, { modelId: model.id, maxTokens, seed });
    await s.engine.batches.idle();
    const wallS = (performance.now() - t0) / 1000;
    const drafts = listBatchJobs(s.db, batch.batchId)
      .map((j) => (j.draftId ? getDraft(s.db, j.draftId) : null))
      .filter((d) => d !== null);
    const jobs = listBatchJobs(s.db, batch.batchId);
    const failed = jobs.filter((j) => j.status === 'failed');
    // A server that dies mid-wave pauses the batch with its papers queued (nothing fails):
    // say so, or the row reads as a short wave.
    const queued = jobs.filter((j) => j.status === 'queued').length;
    const paused = s.engine.batches.progress(batch.batchId).paused ?? null;
    const ttft = drafts.map((d) => d.ttftMs ?? NaN).filter(Number.isFinite);
    const tps = drafts.map((d) => d.tokensPerSecond ?? NaN).filter(Number.isFinite);
    const out = {
      bench: 'server',
      url: model.server?.url,
      model: values.model,
      papers,
      inFlight: s.engine.batches.progress(batch.batchId).parallel ?? null,
      promptTokens: median(drafts.map((d) => d.tokensIn ?? 0)),
      maxTokens,
      tokensOut: median(drafts.map((d) => d.tokensOut ?? 0)),
      done: drafts.length,
      failed: failed.length,
      firstError: failed[0]?.error ?? null,
      queued,
      paused,
      wallS: Number(wallS.toFixed(2)),
      papersPerHour: Number(((drafts.length * 3600) / wallS).toFixed(1)),
      decodeTpsMedian: median(tps),
      ttftMsMedian: median(ttft),
      ttftMsMax: ttft.length ? Math.max(...ttft) : null,
    };
    console.log(JSON.stringify(out));
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function baseSpec(modelPath: string) {
  return {
    gpu: 'auto' as const,
    threads: 1,
    modelPath,
    adapters: [],
    gpuLayers: 'auto' as const,
    contextSize: 0,
    batchSize: null,
    flashAttention: 'auto' as const,
    kvCacheType: 'f16' as const,
    sequences: 1,
    tokenPredictor: 'none' as const,
  };
}

function addPaper(s: ReturnType<typeof createServices>, i: number, words: number): string {
  const id = `bench-server-${i}-${words}`.padEnd(64, '0');
  const text = paperText(words, i);
  const title = `Synthetic paper ${i}`;
  insertPaper(s.db, { id, title, abstract: null, fileName: `${title}.pdf` });
  const sections = [{ heading: 'Body', kind: 'body' as const, text, pages: [1, 1] as [number, number] }];
  savePaperText(s.db, id, { extractorVersion: 'bench@1', sections, captions: [], warnings: [] }, text);
  return id;
}

main().catch((e: unknown) => {
  console.error(`bench/server: ${(e as Error).message}`);
  process.exit(1);
});
