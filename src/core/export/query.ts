import type { ExportFilters } from '../../shared/contract/dataset';
import type { ReviewRow } from '../store/repos/reviews';

/**
 * The one query an export streams: every matching review with what its record needs —
 * its paper, its draft (with the stored prompt) and the drafting model's round. Paper text
 * for rendering prompts is read on a second connection, once per paper (record-source.ts).
 * Ordered by (paper, annotator) through the UNIQUE(paper_id, annotator) index, so output
 * order is stable without a big sort.
 */
export interface ExportRow extends Pick<
  ReviewRow,
  'paper_id' | 'annotator' | 'template_id' | 'draft_id' | 'sections' | 'scores' | 'approved_unchanged'
> {
  review_id: string;
  status: string;
  review_updated_at: string;
  title: string | null;
  abstract: string | null;
  draft_text: string | null;
  /** The draft parsed into the template's sections, as the review editor started from it. */
  draft_sections: string | null;
  draft_scores: string | null;
  model_id: string | null;
  prompt_id: string | null;
  draft_trimmed: string | null;
  provenance: string | null;
  prompt_hash: string | null;
  tokens_in: number | null;
  model_round: string | null;
}

export interface BuiltQuery {
  sql: string;
  countSql: string;
  params: Record<string, string>;
}

/** A bare date as `to` means the end of that day. */
function endOf(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to;
}

/**
 * `priorRounds`: the round names whose exported reviews are left out (resolved from
 * filters.sinceRound by the caller: that round and every round before it).
 */
export function buildExportQuery(f: ExportFilters, priorRounds: readonly string[] | null): BuiltQuery {
  const where: string[] = ['r.status IN (SELECT value FROM json_each(@status))'];
  const params: Record<string, string> = { status: JSON.stringify(f.status) };
  const list = (name: string, column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    where.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
    params[name] = JSON.stringify(values);
  };
  list('annotators', 'r.annotator', f.annotators);
  list('models', 'd.model_id', f.modelIds);
  list('modelRounds', 'm.round', f.modelRounds);
  list('templates', 'r.template_id', f.templateIds);
  if (f.from) {
    where.push('r.updated_at >= @from');
    params.from = f.from;
  }
  if (f.to) {
    where.push('r.updated_at <= @to');
    params.to = endOf(f.to);
  }
  if (f.tags?.length) {
    where.push(
      'EXISTS (SELECT 1 FROM json_each(p.tags) t WHERE t.value IN (SELECT value FROM json_each(@tags)))',
    );
    params.tags = JSON.stringify(f.tags);
  }
  if (priorRounds) {
    where.push(`r.id NOT IN (SELECT ei.review_id FROM export_items ei JOIN exports e ON e.id = ei.export_id
      WHERE e.round IN (SELECT value FROM json_each(@priorRounds)))`);
    params.priorRounds = JSON.stringify(priorRounds);
  }
  const from = `FROM reviews r
    JOIN papers p ON p.id = r.paper_id
    LEFT JOIN drafts d ON d.id = r.draft_id
    LEFT JOIN models m ON m.id = d.model_id`;
  const cond = `WHERE ${where.join(' AND ')}`;
  const sql = `SELECT r.id AS review_id, r.paper_id, r.annotator, r.template_id, r.draft_id, r.sections, r.scores,
      r.status, r.updated_at AS review_updated_at, p.title, p.abstract,
      d.text AS draft_text, d.sections AS draft_sections, d.scores AS draft_scores, r.approved_unchanged, d.model_id, d.prompt_id, d.trimmed AS draft_trimmed, d.provenance, d.prompt_hash, d.tokens_in, m.round AS model_round
    ${from} ${cond}
    ORDER BY r.paper_id, r.annotator`;
  return { sql, countSql: `SELECT COUNT(*) AS n ${from} ${cond}`, params };
}
