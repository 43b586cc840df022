import type { Db } from '../open';
import { stmt } from '../statements';
import { parseJson } from '../json';
import type { Draft, DraftSummary, TrimEntry } from '../../../shared/contract/engine';
import { ownerOf } from '../../ownership/processes';

/** The drafts table: every generation is a row, kept forever (regenerate adds a row). */

export interface NewDraft {
  id: string;
  paperId: string;
  modelId: string;
  modelSha256: string | null;
  adapters: Array<{ path: string; sha256: string | null; scale: number }>;
  promptId: string;
  templateId: string;
  promptHash: string;
  trimmed: TrimEntry[];
  sampling: Record<string, unknown>;
  seed: number;
  contextSize: number;
  gpuLayers: number;
  backend: string;
  threads: number;
  tokensIn: number;
  provenance: Record<string, unknown>;
}

export interface DraftOutcome {
  text: string;
  sections: Record<string, string>;
  scores: Record<string, number>;
  tokensOut: number;
  ttftMs: number | null;
  durationMs: number;
  tokensPerSecond: number | null;
  endReason: Exclude<Draft['endReason'], 'running' | null>;
  error: string | null;
  /** Kept in the provenance (provenance.tokenPredictions) when the draft used a token predictor. */
  tokenPredictions?: { validated: number; refuted: number; used: number } | null;
}

/**
 * Inserted before generation starts (end_reason 'running'), so a crash still leaves a row;
 * owned by the connection's process, so recovery touches it only once that process is gone.
 */
export function insertDraft(db: Db, d: NewDraft): void {
  stmt(
    db,
    `INSERT INTO drafts (id, paper_id, model_id, model_sha256, adapters, prompt_id, template_id, prompt_hash, trimmed,
       sampling, seed, tokens_in, context_size, gpu_layers, backend, threads, end_reason, provenance, created_at, owner_id)
     VALUES (@id, @paperId, @modelId, @modelSha256, @adapters, @promptId, @templateId, @promptHash, @trimmed,
       @sampling, @seed, @tokensIn, @contextSize, @gpuLayers, @backend, @threads, 'running', @provenance, @createdAt,
       @ownerId)`,
  ).run({
    ...d,
    adapters: JSON.stringify(d.adapters),
    trimmed: JSON.stringify(d.trimmed),
    sampling: JSON.stringify(d.sampling),
    provenance: JSON.stringify(d.provenance),
    createdAt: new Date().toISOString(),
    ownerId: ownerOf(db),
  });
}

/** Saves the partial text of a running draft (so even a crash of core keeps what was streamed). */
export function saveDraftText(db: Db, id: string, text: string, tokensOut: number): void {
  stmt(db, "UPDATE drafts SET text = ?, tokens_out = ? WHERE id = ? AND end_reason = 'running'").run(
    text,
    tokensOut,
    id,
  );
}

export function finishDraft(db: Db, id: string, o: DraftOutcome): void {
  const predictions = o.tokenPredictions ? JSON.stringify(o.tokenPredictions) : null;
  stmt(
    db,
    `UPDATE drafts SET text = ?, sections = ?, scores = ?, tokens_out = ?, ttft_ms = ?, duration_ms = ?,
       tokens_per_second = ?, end_reason = ?, error = ?,
       provenance = CASE WHEN ? IS NULL THEN provenance ELSE json_set(provenance, '$.tokenPredictions', json(?)) END
     WHERE id = ?`,
  ).run(
    o.text,
    JSON.stringify(o.sections),
    JSON.stringify(o.scores),
    o.tokensOut,
    o.ttftMs,
    o.durationMs,
    o.tokensPerSecond,
    o.endReason,
    o.error,
    predictions,
    predictions,
    id,
  );
}

interface DraftRow {
  id: string;
  paper_id: string;
  model_id: string | null;
  model_sha256: string | null;
  adapters: string;
  prompt_id: string | null;
  template_id: string | null;
  prompt_hash: string | null;
  trimmed: string;
  sampling: string;
  seed: number | null;
  text: string;
  sections: string;
  scores: string;
  tokens_in: number | null;
  tokens_out: number | null;
  ttft_ms: number | null;
  duration_ms: number | null;
  tokens_per_second: number | null;
  context_size: number | null;
  gpu_layers: number | null;
  backend: string | null;
  threads: number | null;
  end_reason: Draft['endReason'];
  error: string | null;
  provenance: string;
  created_at: string;
}

function summary(r: DraftRow): DraftSummary {
  return {
    id: r.id,
    paperId: r.paper_id,
    modelId: r.model_id,
    promptId: r.prompt_id,
    templateId: r.template_id,
    seed: r.seed,
    endReason: r.end_reason,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    ttftMs: r.ttft_ms,
    tokensPerSecond: r.tokens_per_second,
    durationMs: r.duration_ms,
    createdAt: r.created_at,
  };
}

export function getDraft(db: Db, id: string): Draft | null {
  const r = stmt(db, 'SELECT * FROM drafts WHERE id = ?').get(id) as DraftRow | undefined;
  if (!r) return null;
  return {
    ...summary(r),
    text: r.text,
    sections: parseJson(r.sections, {}),
    scores: parseJson(r.scores, {}),
    modelSha256: r.model_sha256,
    adapters: parseJson(r.adapters, []),
    promptHash: r.prompt_hash,
    trimmed: parseJson(r.trimmed, []),
    sampling: parseJson(r.sampling, {}),
    contextSize: r.context_size,
    gpuLayers: r.gpu_layers,
    backend: r.backend,
    threads: r.threads,
    error: r.error,
    provenance: parseJson(r.provenance, {}),
  };
}

export function listDrafts(db: Db, paperId: string): DraftSummary[] {
  const rows = stmt(db, 'SELECT * FROM drafts WHERE paper_id = ? ORDER BY created_at DESC, rowid DESC').all(
    paperId,
  ) as DraftRow[];
  return rows.map(summary);
}

/** What a review needs of a draft: its text and parsed content (core/review/content.ts). */
export interface DraftContentRow {
  id: string;
  paper_id: string;
  template_id: string | null;
  text: string;
  sections: string;
  scores: string;
  end_reason: string | null;
}

const CONTENT_COLS = 'id, paper_id, template_id, text, sections, scores, end_reason';

export function draftContentRow(db: Db, id: string): DraftContentRow | undefined {
  return stmt(db, `SELECT ${CONTENT_COLS} FROM drafts WHERE id = ?`).get(id) as DraftContentRow | undefined;
}

/** The newest draft with text that did not fail: what a fresh review starts from. */
export function latestUsableDraft(db: Db, paperId: string): DraftContentRow | undefined {
  const sql = `SELECT ${CONTENT_COLS} FROM drafts
    WHERE paper_id = ? AND text <> '' AND (end_reason IS NULL OR end_reason IN ('done','stopped','length'))
    ORDER BY created_at DESC, rowid DESC LIMIT 1`;
  return stmt(db, sql).get(paperId) as DraftContentRow | undefined;
}
