/**
 * Shared parts of the kill -9 suite (kill-*.test.ts): a client for the real web host's
 * HTTP API, a seeded library with approved reviews, and the checks every restart must
 * pass. The host is a real `npm run serve` process (test/support/host-process.ts); a kill
 * is SIGKILL, nothing cleaned up, exactly what a crash or a power-less OS kill leaves.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { tempDir } from './temp';
import { dbCheckVerb } from '../../src/cli/verbs/db';
import { openDatabase } from '../../src/core/store/open';
import { dataPaths } from '../../src/core/paths';
import { makePdf } from '../../src/core/library/import/pdfs.fixtures';
import type { Result } from '../../src/shared/errors';
import { startHostProcess, type HostProcess } from './host-process';

/**
 * Kills per fault point: 10 by default, the full count (FAULT_REPEAT overrides).
 * Measured 2026-12-07 on the 2-core dev box, quiet (load 2-4), at 5 kills a point: the five
 * kill files took 143 s and all of `test/faults` 219 s (kill-migration 48 s, kill-draft 34,
 * kill-export 24, kill-autosave 20, kill-import 17), so 10 keeps the suite near 6 minutes.
 * (At load ~25, shared with seven other sessions, the same suite took 35 min.) Offsets are
 * random, from a seed printed at each test's start (FAULT_SEED replays it).
 */
export const REPEAT = Math.max(1, Number(process.env.FAULT_REPEAT ?? 10) || 10);

/**
 * A test's time limit: set-up plus a budget per kill (a host restart and the checks). The
 * budgets are caps sized for a 2-core box under heavy load from other processes (load
 * average 20+: a host start then takes 12–25 s instead of ~2 s), not expected times.
 */
export function timeLimit(perKillMs: number, setupMs = 120_000): number {
  return setupMs + REPEAT * perKillMs;
}

/** A seeded generator, so a failing offset can be replayed (FAULT_SEED). */
export function randomSource(label: string): { seed: number; next(): number } {
  let s = Number(process.env.FAULT_SEED ?? Date.now() % 2 ** 31) >>> 0;
  const seed = s;
  process.stdout.write(`[${label}] FAULT_SEED=${seed}\n`);
  return {
    seed,
    next() {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      return s / 2 ** 31;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface HostClient {
  host: HostProcess;
  /** Calls a contract method; the Result as the host sent it. */
  raw(method: string, input?: unknown): Promise<Result<unknown>>;
  /** Calls a contract method and returns its value; throws the host's error message. */
  call<T>(method: string, input?: unknown): Promise<T>;
}

export function hostClient(host: HostProcess): HostClient {
  const token = new URL(host.url).searchParams.get('token') ?? '';
  const raw = async (method: string, input: unknown = {}): Promise<Result<unknown>> => {
    const res = await fetch(`${host.origin}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-prs-token': token },
      body: JSON.stringify(input),
    });
    return (await res.json()) as Result<unknown>;
  };
  return {
    host,
    raw,
    async call<T>(method: string, input: unknown = {}) {
      const r = await raw(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
      return r.value as T;
    },
  };
}

const started = new Set<HostProcess>();

/** Starts a host on the library (after a kill: the restart) and a client for it. */
export async function startClient(data: string): Promise<HostClient> {
  const host = await startHostProcess(data);
  started.add(host);
  return hostClient(host);
}

/** For afterAll: no host outlives its suite, even one whose test failed halfway. */
export async function stopHosts(): Promise<void> {
  for (const h of started) await h.stop('SIGKILL');
  started.clear();
}

export interface ApprovedReview {
  paperId: string;
  reviewId: string;
  sections: Record<string, string>;
}

interface ReviewView {
  id: string;
  paperId: string;
  status: string;
  sections: Record<string, string>;
  template: { sections: Array<{ id: string }> };
}

/** Imports a small real PDF through the host (the browser's upload path); returns its id. */
export async function uploadPdf(c: HostClient, title: string, pages = 1): Promise<string> {
  const bytes = await makePdf({ title, body: title.toLowerCase(), pages });
  const r = await c.call<{ status: string; id?: string }>('importPaperBytes', {
    fileName: `${title}.pdf`,
    dataBase64: Buffer.from(bytes).toString('base64'),
  });
  if (r.status !== 'imported' || !r.id) throw new Error(`seed import of ${title}: ${r.status}`);
  return r.id;
}

/** An annotator, and `n` papers each with an approved review: what a kill must never lose. */
export async function seedApproved(c: HostClient, n = 2): Promise<ApprovedReview[]> {
  await c.call('updateSettings', { annotator: 'fault-suite' });
  const out: ApprovedReview[] = [];
  for (let i = 0; i < n; i++) {
    const paperId = await uploadPdf(c, `Approved Paper Number ${i + 1}`);
    const review = await c.call<ReviewView>('openReview', { paperId });
    const sections = Object.fromEntries(
      review.template.sections.map((s) => [s.id, `Approved text ${i + 1} for ${s.id}: the work is sound.`]),
    );
    await c.call('saveReview', { reviewId: review.id, sections });
    await c.call('setReviewStatus', { reviewId: review.id, status: 'approved' });
    out.push({ paperId, reviewId: review.id, sections });
  }
  return out;
}

/** `paper-review db check`, the verb's own code, run on the library (read-only). */
export async function dbCheck(data: string): Promise<string> {
  const lines: string[] = [];
  const code = await dbCheckVerb.run({
    positionals: [],
    values: {},
    dataDir: data,
    services: () => {
      throw new Error('db check opens no services');
    },
    out: (l) => lines.push(l),
    note: () => undefined,
  });
  expect(code).toBe(0);
  return lines.join('\n');
}

/**
 * What every restart after a kill must show: the library passes integrity_check, every
 * approved review is there unchanged, and papers/ holds exactly one <id>.pdf per paper row
 * that has a PDF (no orphan copy, no temporary file, no row without its file).
 */
export async function checkAfterRestart(
  c: HostClient,
  data: string,
  approved: ApprovedReview[],
): Promise<void> {
  expect(await dbCheck(data)).toMatch(/^ok: /);
  for (const a of approved) {
    const r = await c.call<ReviewView | null>('getReview', { paperId: a.paperId });
    expect(r?.id).toBe(a.reviewId);
    expect(r?.status).toBe('approved');
    expect(r?.sections).toEqual(a.sections);
  }
  expect(paperFileProblems(data)).toEqual([]);
}

/** papers/ against the papers table: each problem as one line (empty: consistent). */
export function paperFileProblems(data: string): string[] {
  const paths = dataPaths(data);
  const db = openDatabase(paths.db, { readonly: true });
  let rows: Array<{ id: string; has_pdf: number }>;
  try {
    rows = db.prepare('SELECT id, has_pdf FROM papers').all() as typeof rows;
  } finally {
    db.close();
  }
  const withPdf = new Set(rows.filter((r) => r.has_pdf).map((r) => r.id));
  const problems: string[] = [];
  const names = existsSync(paths.papers) ? readdirSync(paths.papers) : [];
  for (const name of names) {
    const m = /^([0-9a-f]{64})\.pdf$/.exec(name);
    if (!m) problems.push(`unexpected file papers/${name}`);
    else if (!withPdf.has(m[1] as string)) problems.push(`orphan papers/${name} (no row)`);
  }
  for (const id of withPdf)
    if (!names.includes(`${id}.pdf`)) problems.push(`row ${id} has no papers/${id}.pdf`);
  return problems;
}

/** A manifest's files, each with the sha256 it promises. */
export function manifestFiles(dir: string): Array<{ path: string; sha256: string }> {
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    files: Array<{ path: string; sha256: string }>;
  };
  return m.files;
}

/** The pids of a process's direct children (Linux /proc), e.g. the host's engine worker. */
export function childPids(pid: number): number[] {
  if (process.platform !== 'linux') return [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state, ppid, ...
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits until `cond()` holds, polling; fails after `ms` with `what`. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * The temporary folder of one kill test file: after the file, every host it started is
 * stopped and the folder removed.
 */
export function killWorkspace(prefix: string): { path: string } {
  const temp = tempDir(prefix);
  afterAll(async () => {
    await stopHosts();
    temp.remove();
  });
  return temp;
}
