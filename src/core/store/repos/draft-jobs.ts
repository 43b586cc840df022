import type { Db } from '../open';
import { parseJson } from '../json';

/** The draft_jobs queue: one row per (batch, paper); survives restarts. */

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface DraftJob {
  id: string;
  /** The process that claimed it (while 'running'); see ownership/. */
  ownerId: string | null;
  batchId: string;
  paperId: string;
  modelId: string;
  options: Record<string, unknown>;
  status: JobStatus;
  draftId: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

interface JobRow {
  id: string;
  batch_id: string;
  paper_id: string;
  model_id: string;
  options: string;
  status: JobStatus;
  draft_id: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  owner_id: string | null;
}

function fromRow(r: JobRow): DraftJob {
  // A damaged options blob drafts with defaults rather than blocking the queue.
  const options = parseJson<Record<string, unknown>>(r.options, {});
  return {
    id: r.id,
    ownerId: r.owner_id ?? null,
    batchId: r.batch_id,
    paperId: r.paper_id,
    modelId: r.model_id,
    options,
    status: r.status,
    draftId: r.draft_id,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const now = () => new Date().toISOString();

export function insertJobs(
  db: Db,
  batchId: string,
  jobs: Array<{ id: string; paperId: string; modelId: string; options: Record<string, unknown> }>,
): void {
  const s = db.prepare(
    `INSERT INTO draft_jobs (id, batch_id, paper_id, model_id, options, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
  );
  db.transaction(() => {
    // Distinct created_at per row keeps the queue order stable without relying on rowid.
    const base = Date.now();
    jobs.forEach((j, i) => {
      const at = new Date(base + i).toISOString();
      s.run(j.id, batchId, j.paperId, j.modelId, JSON.stringify(j.options), at, at);
    });
  })();
}

/** The oldest queued job (of any batch, or of `batchId`), or null. */
export function nextQueuedJob(db: Db, batchId?: string): DraftJob | null {
  const r = (
    batchId === undefined
      ? db
          .prepare("SELECT * FROM draft_jobs WHERE status = 'queued' ORDER BY created_at, rowid LIMIT 1")
          .get()
      : db
          .prepare(
            "SELECT * FROM draft_jobs WHERE status = 'queued' AND batch_id = ? ORDER BY created_at, rowid LIMIT 1",
          )
          .get(batchId)
  ) as JobRow | undefined;
  return r ? fromRow(r) : null;
}

export function setJobStatus(
  db: Db,
  id: string,
  status: JobStatus,
  extra: { draftId?: string | null; error?: string | null } = {},
): void {
  db.prepare(
    'UPDATE draft_jobs SET status = ?, draft_id = COALESCE(?, draft_id), error = ?, updated_at = ? WHERE id = ?',
  ).run(status, extra.draftId ?? null, extra.error ?? null, now(), id);
}

/**
 * Takes the oldest queued job of a batch for `ownerId`, in one statement: SQLite runs an
 * UPDATE ... RETURNING under its write lock, so of two processes (or two slots) asking at
 * once, each job goes to exactly one. Null when none is queued.
 */
export function claimNextJob(db: Db, batchId: string, ownerId: string | null): DraftJob | null {
  const r = db
    .prepare(
      `UPDATE draft_jobs SET status = 'running', owner_id = ?, updated_at = ?
       WHERE id = (SELECT id FROM draft_jobs WHERE status = 'queued' AND batch_id = ? ORDER BY created_at, rowid LIMIT 1)
         AND status = 'queued'
       RETURNING *`,
    )
    .get(ownerId, now(), batchId) as JobRow | undefined;
  return r ? fromRow(r) : null;
}

export function cancelBatchJobs(db: Db, batchId: string): number {
  return db
    .prepare(
      "UPDATE draft_jobs SET status = 'cancelled', updated_at = ? WHERE batch_id = ? AND status IN ('queued', 'running')",
    )
    .run(now(), batchId).changes;
}

export function listBatchJobs(db: Db, batchId: string): DraftJob[] {
  return (
    db
      .prepare('SELECT * FROM draft_jobs WHERE batch_id = ? ORDER BY created_at, rowid')
      .all(batchId) as JobRow[]
  ).map(fromRow);
}

export function getJob(db: Db, id: string): DraftJob | null {
  const r = db.prepare('SELECT * FROM draft_jobs WHERE id = ?').get(id) as JobRow | undefined;
  return r ? fromRow(r) : null;
}
