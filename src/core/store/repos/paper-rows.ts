import type { PaperStatus, TextWarningCode } from '../../../shared/paper';
import type { PaperFlag, PaperSummary } from '../../../shared/contract/library';

/** Shared by papers.ts and paper-texts.ts: the row shapes and their columns. */

export const now = (): string => new Date().toISOString();

/** "Last edited": the paper row itself or its most recently saved review. */
export const LAST_EDITED = `MAX(p.updated_at, COALESCE((SELECT MAX(r.updated_at) FROM reviews r WHERE r.paper_id = p.id), ''))`;
/** The warning codes of the paper's latest text, as a JSON array (flags in the library row). */
const WARNING_CODES = `(SELECT json_group_array(json_extract(j.value, '$.code')) FROM json_each(
  (SELECT t.warnings FROM paper_texts t WHERE t.paper_id = p.id ORDER BY t.created_at DESC, t.rowid DESC LIMIT 1)) j)`;
export const SUMMARY_COLS = `p.id, COALESCE(p.title, p.file_name, p.id) AS title, p.file_name, p.pages, p.status, p.has_pdf,
  p.added_at, ${LAST_EDITED} AS last_edited, p.authors, p.venue, p.year, ${WARNING_CODES} AS warning_codes`;
export const INFO_COLS = `${SUMMARY_COLS}, p.abstract, p.source, p.external_id, p.tags`;

export interface SummaryRow {
  id: string;
  title: string;
  file_name: string | null;
  pages: number | null;
  status: PaperStatus;
  has_pdf: number;
  added_at: string;
  last_edited: string;
  authors: string;
  venue: string | null;
  year: number | null;
  warning_codes: string | null;
}
export interface InfoRow extends SummaryRow {
  abstract: string | null;
  source: string | null;
  external_id: string | null;
  tags: string;
}

export function toSummary(r: SummaryRow): PaperSummary {
  return {
    id: r.id,
    title: r.title,
    fileName: r.file_name,
    pages: r.pages,
    status: r.status,
    hasPdf: r.has_pdf === 1,
    addedAt: r.added_at,
    updatedAt: r.last_edited,
    authors: jsonList(r.authors),
    venue: r.venue,
    year: r.year,
    flags: flagsOf(jsonList(r.warning_codes ?? '[]')),
  };
}

/** Warning code → library flag; the other warnings (very large, no PDF) are not flags. */
export const FLAG_OF_WARNING: Partial<Record<TextWarningCode, PaperFlag>> = {
  no_text_layer: 'scanned',
  hidden_text: 'hidden_text',
  partial_text: 'partial_text',
  encrypted: 'encrypted',
};

function flagsOf(codes: string[]): PaperFlag[] {
  return [...new Set(codes.flatMap((c) => FLAG_OF_WARNING[c as TextWarningCode] ?? []))];
}

export function jsonList(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
