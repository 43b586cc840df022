/**
 * The web host under load: CLIENTS browser-like clients (search, open a paper, autosave)
 * for SECONDS on loopback against the real host (`npm run serve`: token, Host/Origin checks,
 * the contract's routes and validation), and the same clients against a bare node:http
 * server doing the same SQLite work (bench/host-load-bare.ts). Each server gets its own copy
 * of one seeded library; they run one after the other, alternating, RUNS times. Goal: the
 * host's p99 ≤ 1.5× the bare p99, and 0 errors. Prints one JSON line and a short table.
 *   npx tsx bench/host-load.ts        (env: CLIENTS=50 SECONDS=60 RUNS=1 PAPERS=2000;
 *   ONLY_HOST=1 HOST_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR" profiles the host alone)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createHandlers, dispatch } from '../src/core/api';
import { createServices } from '../src/core/services';
import { insertPaper, savePaperText } from '../src/core/store/repos/papers';
import { startHostProcess } from '../test/support/host-process';
import { REPO_ROOT } from '../test/support/temp';

const CLIENTS = Number(process.env.CLIENTS ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 60);
const RUNS = Number(process.env.RUNS ?? 1);
const PAPERS = Number(process.env.PAPERS ?? 2000);
/** A browser's autosave fires at most this often while typing (debounce 150 ms + typing). */
const AUTOSAVE_EVERY_MS = 250;
const SAVES_PER_PAPER = 5;
const WORDS = 'graph network attention review zebrafish matrix gradient token layout corpus'.split(' ');

interface Target {
  name: 'host' | 'bare';
  origin: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
}

interface Sample {
  method: string;
  ms: number;
  ok: boolean;
  /** Why it failed: "<method>: http 500", "<method>: api conflict: …", "<method>: network: ECONNRESET". */
  error?: string;
}

/** Papers with extracted text (full-text search has work to do) and an annotator. */
async function seedLibrary(dir: string): Promise<void> {
  const s = createServices({ dataDir: dir, host: 'cli' });
  const h = createHandlers(s);
  const r = await dispatch(h, 'updateSettings', { annotator: 'bench' });
  if (!r.ok) throw new Error(r.error.message);
  s.db.transaction(() => {
    for (let i = 0; i < PAPERS; i++) {
      const id = createHash('sha256').update(`bench ${i}`).digest('hex');
      insertPaper(s.db, {
        id,
        title: `Paper ${i} on ${WORDS[i % WORDS.length]}`,
        abstract: null,
        hasPdf: false,
      });
      const body =
        Array.from({ length: 400 }, (_, k) => WORDS[(i + k * 7) % WORDS.length]).join(' ') + ` unique${i}`;
      const sections = [
        { heading: 'Introduction', kind: 'body' as const, text: body, pages: [1, 1] as [number, number] },
      ];
      savePaperText(s.db, id, { extractorVersion: 'bench@1', sections, captions: [], warnings: [] }, body);
    }
  })();
  await s.close();
}

async function startHost(dir: string): Promise<Target> {
  // HOST_NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the host alone.
  const host = await startHostProcess(
    dir,
    process.env.HOST_NODE_OPTIONS ? { NODE_OPTIONS: process.env.HOST_NODE_OPTIONS } : {},
  );
  const token = new URL(host.url).searchParams.get('token') ?? '';
  return { name: 'host', origin: host.origin, headers: { 'x-prs-token': token }, stop: () => host.stop() };
}

async function startBare(dir: string): Promise<Target> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'bench/host-load-bare.ts'), dir],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /bare: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    name: 'bare',
    origin,
    headers: {},
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One browser tab: search, open a hit, type into its review (autosaves), again, until `end`. */
async function client(t: Target, n: number, end: number, samples: Sample[]): Promise<void> {
  const call = async <T>(method: string, input: unknown): Promise<T | null> => {
    const t0 = performance.now();
    let error: string | undefined;
    let value: T | null = null;
    try {
      const res = await fetch(`${t.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...t.headers },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as {
        ok: boolean;
        value?: T;
        error?: { code: string; message: string };
      };
      if (res.status !== 200) error = `http ${res.status}`;
      else if (!body.ok) error = `api ${body.error?.code}: ${body.error?.message.slice(0, 120)}`;
      else value = body.value as T;
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      error = `network: ${cause?.code ?? cause?.message ?? (e as Error).message}`;
    }
    samples.push({
      method,
      ms: performance.now() - t0,
      ok: !error,
      ...(error ? { error: `${method}: ${error}` } : {}),
    });
    return value;
  };
  let k = n;
  while (Date.now() < end) {
    const word = WORDS[k++ % WORDS.length];
    const found = await call<{ hits: Array<{ id: string }> }>('searchPapers', {
      query: word,
      limit: 50,
      offset: 0,
    });
    const id = found?.hits[k % Math.max(1, found.hits.length)]?.id;
    if (!id) continue;
    await call('getPaper', { id });
    await call('getPaperText', { id });
    const review = await call<{ id: string; template: { sections: Array<{ id: string }> } }>('openReview', {
      paperId: id,
    });
    if (!review) continue;
    const section = review.template.sections[n % review.template.sections.length]?.id ?? 'summary';
    let text = `Client ${n} notes.`;
    for (let s = 0; s < SAVES_PER_PAPER && Date.now() < end; s++) {
      await sleep(AUTOSAVE_EVERY_MS);
      text += ` ${WORDS[(k + s) % WORDS.length]}`;
      await call('saveReview', { reviewId: review.id, sections: { [section]: text } });
    }
  }
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Summary {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  byMethod: Record<string, { n: number; p50: number; p99: number }>;
  /** Each distinct failure with its count. */
  errorKinds: Record<string, number>;
}

function summarize(samples: Sample[], seconds: number): Summary {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const byMethod: Summary['byMethod'] = {};
  for (const m of new Set(samples.map((s) => s.method))) {
    const x = samples
      .filter((s) => s.method === m)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    byMethod[m] = { n: x.length, p50: round(pct(x, 50)), p99: round(pct(x, 99)) };
  }
  const errorKinds: Record<string, number> = {};
  for (const s of samples) if (s.error) errorKinds[s.error] = (errorKinds[s.error] ?? 0) + 1;
  return {
    requests: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    errorKinds,
    rps: round(samples.length / seconds),
    p50: round(pct(ms, 50)),
    p99: round(pct(ms, 99)),
    byMethod,
  };
}

const round = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(start: (dir: string) => Promise<Target>, seed: string): Promise<Summary> {
  const dir = mkdtempSync(join(tmpdir(), 'prs-host-load-'));
  try {
    cpSync(seed, dir, { recursive: true });
    const t = await start(dir);
    try {
      const samples: Sample[] = [];
      const end = Date.now() + SECONDS * 1000;
      await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(t, n, end, samples)));
      return summarize(samples, SECONDS);
    } finally {
      await t.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const seed = mkdtempSync(join(tmpdir(), 'prs-host-load-seed-'));
  try {
    await seedLibrary(seed);
    const runs: Array<{ host: Summary; bare: Summary }> = [];
    for (let r = 0; r < RUNS; r++) {
      // Alternate which goes first, so a drift in the machine's load hits both alike.
      const first = r % 2 === 0 ? 'host' : 'bare';
      const a = await measure(first === 'host' ? startHost : startBare, seed);
      const b = process.env.ONLY_HOST ? a : await measure(first === 'host' ? startBare : startHost, seed);
      runs.push(first === 'host' ? { host: a, bare: b } : { host: b, bare: a });
      process.stderr.write(
        `run ${r + 1}/${RUNS}: host p99 ${runs.at(-1)!.host.p99} ms, bare p99 ${runs.at(-1)!.bare.p99} ms\n`,
      );
    }
    // Latencies: the median over runs; errors: the sum over runs (the goal is none at all).
    const pick = (side: 'host' | 'bare', key: 'p50' | 'p99' | 'rps') => median(runs.map((x) => x[side][key]));
    const total = (side: 'host' | 'bare') => runs.reduce((a, x) => a + x[side].errors, 0);
    const result = {
      bench: 'host-load',
      clients: CLIENTS,
      seconds: SECONDS,
      runs: RUNS,
      papers: PAPERS,
      cpus: cpus().length,
      host: {
        p50: pick('host', 'p50'),
        p99: pick('host', 'p99'),
        rps: pick('host', 'rps'),
        errors: total('host'),
      },
      bare: {
        p50: pick('bare', 'p50'),
        p99: pick('bare', 'p99'),
        rps: pick('bare', 'rps'),
        errors: total('bare'),
      },
      ratioP50: Math.round((pick('host', 'p50') / pick('bare', 'p50')) * 100) / 100,
      ratioP99: Math.round((pick('host', 'p99') / pick('bare', 'p99')) * 100) / 100,
      perRun: runs.map((x) => ({ host: x.host, bare: x.bare })),
    };
    const goal = result.ratioP99 <= 1.5 && result.host.errors === 0;
    process.stdout.write(JSON.stringify({ ...result, goalMet: goal }) + '\n');
    const rows = [
      ['', 'host', 'bare'],
      ['requests/s', String(result.host.rps), String(result.bare.rps)],
      ['p50 ms', String(result.host.p50), String(result.bare.p50)],
      ['p99 ms', String(result.host.p99), String(result.bare.p99)],
      ['errors (sum)', String(result.host.errors), String(result.bare.errors)],
    ];
    for (const row of rows) process.stdout.write(row.map((c) => c.padEnd(12)).join('') + '\n');
    process.stdout.write(`p99 ratio ${result.ratioP99} (goal ≤ 1.5, 0 errors): ${goal ? 'met' : 'missed'}\n`);
  } finally {
    rmSync(seed, { recursive: true, force: true });
  }
}

void main();
