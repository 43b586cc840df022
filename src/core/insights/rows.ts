import type { Db } from '../store/open';
import { parseJson } from '../store/json';
import { stmt } from '../store/statements';
import type { ReviewStatus } from '../../shared/contract/review';
import { ReviewTemplate, findTemplate } from '../../shared/templates';

/**
 * Reads what Insights measures, with plain SQL, once per query. JSON columns are parsed
 * here (tolerantly: a damaged value reads as empty rather than failing the whole page).
 */

export interface DraftRow {
  id: string;
  paperId: string;
  modelId: string | null;
  modelSha256: string | null;
  modelFile: string | null;
  round: string | null;
  adapters: Array<{ path?: string; sha256?: string | null; scale?: number }>;
  templateId: string | null;
  text: string;
  sections: Record<string, string>;
  /** The stored JSON, kept to tell whether a cached measurement still applies. */
  sectionsJson: string;
  scores: Record<string, number>;
  tokensPerSecond: number | null;
  ttftMs: number | null;
  backend: string | null;
  createdAt: string;
}

export interface ReviewRow {
  id: string;
  draftId: string;
  annotator: string;
  templateId: string;
  sections: Record<string, string>;
  sectionsJson: string;
  scores: Record<string, number>;
  status: ReviewStatus;
  approvedUnchanged: boolean;
  labels: string[];
  timeOnTaskMs: number;
}

export interface RowFilter {
  from?: string | undefined;
  to?: string | undefined;
  templateId?: string | undefined;
}

// Finished drafts only: a running draft is not done yet and an errored one has no review text.
const DRAFTS = `
  SELECT d.id, d.paper_id, d.model_id, d.model_sha256, d.adapters, d.template_id, d.text, d.sections,
         d.scores, d.tokens_per_second, d.ttft_ms, d.backend, d.created_at, m.round, m.file_name
  FROM drafts d LEFT JOIN models m ON m.id = d.model_id
  WHERE (d.end_reason IS NULL OR d.end_reason NOT IN ('running', 'error'))
    AND (@from IS NULL OR d.created_at >= @from)
    AND (@to IS NULL OR d.created_at <= @to)
    AND (@template IS NULL OR d.template_id = @template)
  ORDER BY d.created_at, d.id`;

const REVIEWS = `
  SELECT r.id, r.draft_id, r.annotator, r.template_id, r.sections, r.scores, r.status,
         r.approved_unchanged, r.labels, r.time_on_task_ms
  FROM reviews r WHERE r.draft_id IS NOT NULL ORDER BY r.annotator, r.id`;

// Reviews closed without any draft (a paper skipped or rejected before drafting): no model
// made them, so no group owns them, but the overall counts must not read 0 for them.
const DRAFTLESS = `
  SELECT status, COUNT(*) AS n FROM reviews
  WHERE draft_id IS NULL AND status IN ('skipped', 'rejected')
    AND (@from IS NULL OR updated_at >= @from)
    AND (@to IS NULL OR updated_at <= @to)
    AND (@template IS NULL OR template_id = @template)
  GROUP BY status`;

const TEMPLATES = 'SELECT definition FROM review_templates';
const ROUNDS = 'SELECT DISTINCT round FROM models WHERE round IS NOT NULL';

/** A bare date as `to` means the whole day: every ISO time on that day sorts below date + U+FFFF. */
export function upperBound(to: string | undefined): string | null {
  if (to === undefined) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}\uffff` : to;
}

export function readRows(db: Db, filter: RowFilter): { drafts: DraftRow[]; reviews: ReviewRow[] } {
  const drafts = (
    stmt(db, DRAFTS).all({
      from: filter.from ?? null,
      to: upperBound(filter.to),
      template: filter.templateId ?? null,
    }) as Array<Record<string, unknown>>
  ).map(draftFromRow);
  const ids = new Set(drafts.map((d) => d.id));
  const reviews = (stmt(db, REVIEWS).all() as Array<Record<string, unknown>>)
    .filter((r) => ids.has(r.draft_id as string))
    .map(reviewFromRow);
  return { drafts, reviews };
}

/** Skipped and rejected reviews that have no draft, in the filter's range and template. */
export function draftlessClosed(db: Db, filter: RowFilter): { skipped: number; rejected: number } {
  const rows = stmt(db, DRAFTLESS).all({
    from: filter.from ?? null,
    to: upperBound(filter.to),
    template: filter.templateId ?? null,
  }) as Array<{ status: 'skipped' | 'rejected'; n: number }>;
  const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { skipped: n('skipped'), rejected: n('rejected') };
}

/** Every round any model is labelled with (to tell "no such round" from "no drafts in range"). */
export function knownRounds(db: Db): Set<string> {
  return new Set((stmt(db, ROUNDS).all() as Array<{ round: string }>).map((r) => r.round));
}

/** Stored template definitions (custom ones included), falling back to the built-ins. */
export function readTemplates(db: Db): Map<string, ReviewTemplate> {
  const out = new Map<string, ReviewTemplate>();
  for (const row of stmt(db, TEMPLATES).all() as Array<{ definition: string }>) {
    const t = ReviewTemplate.safeParse(parseJson(row.definition, null));
    if (t.success) out.set(t.data.id, t.data);
  }
  return out;
}

export function templateFor(templates: Map<string, ReviewTemplate>, id: string): ReviewTemplate | undefined {
  return templates.get(id) ?? findTemplate(id);
}

function draftFromRow(r: Record<string, unknown>): DraftRow {
  const adapters = parseJson<unknown>(r.adapters, []);
  return {
    id: r.id as string,
    paperId: r.paper_id as string,
    modelId: (r.model_id as string | null) ?? null,
    modelSha256: (r.model_sha256 as string | null) ?? null,
    modelFile: (r.file_name as string | null) ?? null,
    round: (r.round as string | null) ?? null,
    adapters: Array.isArray(adapters) ? (adapters as DraftRow['adapters']) : [],
    templateId: (r.template_id as string | null) ?? null,
    text: (r.text as string | null) ?? '',
    sections: textRecord(parseJson(r.sections, {})),
    sectionsJson: String(r.sections ?? ''),
    scores: numberRecord(parseJson(r.scores, {})),
    tokensPerSecond: (r.tokens_per_second as number | null) ?? null,
    ttftMs: (r.ttft_ms as number | null) ?? null,
    backend: (r.backend as string | null) ?? null,
    createdAt: r.created_at as string,
  };
}

function reviewFromRow(r: Record<string, unknown>): ReviewRow {
  const labels = parseJson<unknown>(r.labels, []);
  return {
    id: r.id as string,
    draftId: r.draft_id as string,
    annotator: r.annotator as string,
    templateId: r.template_id as string,
    sections: textRecord(parseJson(r.sections, {})),
    sectionsJson: String(r.sections ?? ''),
    scores: numberRecord(parseJson(r.scores, {})),
    status: r.status as ReviewStatus,
    approvedUnchanged: r.approved_unchanged === 1,
    labels: Array.isArray(labels)
      ? [...new Set(labels.filter((l): l is string => typeof l === 'string'))]
      : [],
    timeOnTaskMs: (r.time_on_task_ms as number | null) ?? 0,
  };
}

function textRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function numberRecord(v: unknown): Record<string, number> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(
    Object.entries(v).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
}
