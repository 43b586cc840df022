import type { Db } from '../open';
import { AppError } from '../../../shared/errors';
import { PaperText, type PaperStatus } from '../../../shared/paper';
import type { SearchHit } from '../../../shared/contract/library';
import { HIT_CLOSE, HIT_OPEN, buildFtsQuery, parseSnippet } from '../../library/search';
import { SUMMARY_COLS, now, toSummary, type SummaryRow } from './paper-rows';
import { stmt } from '../statements';

/**
 * Extracted text and full-text search. Import them from './papers' (the stable surface);
 * they live here to keep each file readable. Every paper has exactly one papers_fts row,
 * keyed by the papers rowid (see papers.ts).
 */

/**
 * Stores the text one extractor version produced (replacing an earlier run of the same
 * version) and makes it what search sees, in one transaction. `fullText` is the plain
 * text indexed for search. Throws AppError('not_found') for an unknown paper.
 */
export function savePaperText(db: Db, paperId: string, text: PaperText, fullText: string): void {
  db.transaction(() => {
    const paper = stmt(
      db,
      'SELECT rowid, COALESCE(title, file_name, id) AS title FROM papers WHERE id = ?',
    ).get(paperId) as { rowid: number; title: string } | undefined;
    if (!paper) throw new AppError('not_found', `No paper with id ${paperId}.`);
    stmt(
      db,
      `INSERT INTO paper_texts (paper_id, extractor_version, full_text, sections, captions, warnings, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(paper_id, extractor_version) DO UPDATE SET full_text = excluded.full_text,
         sections = excluded.sections, captions = excluded.captions, warnings = excluded.warnings,
         created_at = excluded.created_at`,
    ).run(
      paperId,
      text.extractorVersion,
      fullText,
      JSON.stringify(text.sections),
      JSON.stringify(text.captions),
      JSON.stringify(text.warnings),
      now(),
    );
    stmt(db, 'DELETE FROM papers_fts WHERE rowid = ?').run(paper.rowid);
    stmt(db, 'INSERT INTO papers_fts (rowid, paper_id, title, body) VALUES (?, ?, ?, ?)').run(
      paper.rowid,
      paperId,
      paper.title,
      fullText,
    );
  })();
}

/** The most recently stored text of a paper (whatever the extractor version), or null. */
export function getLatestPaperText(db: Db, paperId: string): PaperText | null {
  const r = stmt(
    db,
    `SELECT extractor_version, sections, captions, warnings FROM paper_texts WHERE paper_id = ?
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  ).get(paperId) as
    { extractor_version: string; sections: string; captions: string; warnings: string } | undefined;
  if (!r) return null;
  const parsed = PaperText.safeParse({
    extractorVersion: r.extractor_version,
    sections: JSON.parse(r.sections),
    captions: JSON.parse(r.captions),
    warnings: JSON.parse(r.warnings),
  });
  if (!parsed.success) throw new AppError('internal', `The stored text of paper ${paperId} is malformed.`);
  return parsed.data;
}

export interface SearchOptions {
  status?: PaperStatus;
  limit?: number;
  offset?: number;
}

/**
 * Full-text search over titles and extracted text, best first (bm25, titles weighted up).
 * Any input is safe: see buildFtsQuery. Input with no searchable word returns [].
 */
export function searchPapers(db: Db, query: string, opts: SearchOptions = {}): SearchHit[] {
  const { match } = buildFtsQuery(query);
  if (!match) return [];
  const sql = `SELECT ${SUMMARY_COLS}, bm25(papers_fts, 0.0, 10.0, 1.0) AS score,
      snippet(papers_fts, -1, '${HIT_OPEN}', '${HIT_CLOSE}', '…', 16) AS snip
    FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid
    WHERE papers_fts MATCH @match ${opts.status ? 'AND p.status = @status' : ''}
    ORDER BY score LIMIT @limit OFFSET @offset`;
  const rows = stmt(db, sql).all({
    match,
    limit: opts.limit ?? 50,
    offset: opts.offset ?? 0,
    ...(opts.status ? { status: opts.status } : {}),
  }) as Array<SummaryRow & { score: number; snip: string }>;
  return rows.map((r) => {
    const s = parseSnippet(r.snip);
    return { ...toSummary(r), snippet: s.text, highlights: s.highlights, score: r.score };
  });
}
