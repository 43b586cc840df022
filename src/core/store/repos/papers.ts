import type { Statement } from 'better-sqlite3';
import type { Db } from '../open';
import { AppError } from '../../../shared/errors';
import { PaperText, type PaperStatus } from '../../../shared/paper';
import type { PaperInfo, PaperSort, PaperSummary, SearchHit, SortDir } from '../../../shared/contract/library';
import { HIT_CLOSE, HIT_OPEN, buildFtsQuery, parseSnippet } from '../../library/search';

/**
 * The papers repository: plain functions taking the db first. Used by import, the library
 * view, the engine (getPaper, getLatestPaperText) and export (insertPaper + savePaperText
 * for text-only papers, listPapers). Keep these signatures stable.
 *
 * Invariant: every paper has exactly one papers_fts row whose rowid is the papers rowid
 * (so FTS rows are found by key, never by scanning the UNINDEXED paper_id column).
 */

// Statements are prepared once per connection; dynamic list queries are cached by their SQL.
const cache = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

const now = (): string => new Date().toISOString();

/** "Last edited": the paper row itself or its most recently saved review. */
const LAST_EDITED = `MAX(p.updated_at, COALESCE((SELECT MAX(r.updated_at) FROM reviews r WHERE r.paper_id = p.id), ''))`;
const SUMMARY_COLS = `p.id, COALESCE(p.title, p.file_name, p.id) AS title, p.file_name, p.pages, p.status, p.has_pdf,
  p.added_at, ${LAST_EDITED} AS last_edited`;
const INFO_COLS = `${SUMMARY_COLS}, p.authors, p.abstract, p.source, p.external_id, p.tags`;

interface SummaryRow {
  id: string;
  title: string;
  file_name: string | null;
  pages: number | null;
  status: PaperStatus;
  has_pdf: number;
  added_at: string;
  last_edited: string;
}
interface InfoRow extends SummaryRow {
  authors: string;
  abstract: string | null;
  source: string | null;
  external_id: string | null;
  tags: string;
}

function toSummary(r: SummaryRow): PaperSummary {
  return {
    id: r.id,
    title: r.title,
    fileName: r.file_name,
    pages: r.pages,
    status: r.status,
    hasPdf: r.has_pdf === 1,
    addedAt: r.added_at,
    updatedAt: r.last_edited,
  };
}

function jsonList(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export interface NewPaper {
  /** sha256 of the PDF bytes, or of the text for a text-only paper (64 lowercase hex). */
  id: string;
  title: string;
  authors?: string[];
  abstract?: string | null;
  pages?: number | null;
  fileName?: string | null;
  /** false for text-only papers brought in from a dataset (no PDF in papers/). */
  hasPdf?: boolean;
  source?: string | null;
  externalId?: string | null;
  status?: PaperStatus;
  tags?: string[];
  addedAt?: string;
}

/**
 * Inserts a paper (and its title into search). Throws AppError('conflict') when the id is
 * already in the library; callers that import treat that as a duplicate.
 */
export function insertPaper(db: Db, p: NewPaper): PaperInfo {
  const at = p.addedAt ?? now();
  db.transaction(() => {
    let info;
    try {
      info = stmt(
        db,
        `INSERT INTO papers (id, title, authors, abstract, pages, file_name, has_pdf, source, external_id, status, tags, added_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        p.id, p.title, JSON.stringify(p.authors ?? []), p.abstract ?? null, p.pages ?? null, p.fileName ?? null,
        p.hasPdf === false ? 0 : 1, p.source ?? null, p.externalId ?? null, p.status ?? 'new',
        JSON.stringify(p.tags ?? []), at, at,
      );
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new AppError('conflict', `Paper ${p.id} is already in the library.`);
      }
      throw e;
    }
    stmt(db, 'INSERT INTO papers_fts (rowid, paper_id, title, body) VALUES (?, ?, ?, ?)').run(
      info.lastInsertRowid, p.id, p.title, '',
    );
  })();
  return getPaper(db, p.id) as PaperInfo;
}

/** The papers row, or null. `updatedAt` includes the latest review edit. */
export function getPaper(db: Db, id: string): PaperInfo | null {
  const r = stmt(db, `SELECT ${INFO_COLS} FROM papers p WHERE p.id = ?`).get(id) as InfoRow | undefined;
  if (!r) return null;
  return {
    ...toSummary(r),
    authors: jsonList(r.authors),
    abstract: r.abstract,
    source: r.source,
    externalId: r.external_id,
    tags: jsonList(r.tags),
  };
}

export interface PaperFilter {
  status?: PaperStatus;
  /** Free text as typed by a person; matched against titles and extracted text. */
  query?: string;
}
export interface ListPapersQuery extends PaperFilter {
  sort?: PaperSort;
  dir?: SortDir;
  limit?: number;
  offset?: number;
}

const SORT_SQL: Record<PaperSort, string> = {
  title: 'title COLLATE NOCASE',
  added: 'p.added_at',
  updated: 'last_edited',
  pages: 'p.pages',
  // Workflow order rather than alphabetical.
  status: `CASE p.status WHEN 'new' THEN 0 WHEN 'drafted' THEN 1 WHEN 'in_progress' THEN 2
    WHEN 'approved' THEN 3 WHEN 'skipped' THEN 4 ELSE 5 END`,
};

/** WHERE clause and bound params for a filter; null when the query can match nothing. */
function where(f: PaperFilter): { sql: string; params: Record<string, string> } | null {
  const parts: string[] = [];
  const params: Record<string, string> = {};
  if (f.status) {
    parts.push('p.status = @status');
    params.status = f.status;
  }
  if (f.query !== undefined && f.query.trim() !== '') {
    const { match } = buildFtsQuery(f.query);
    if (!match) return null;
    parts.push('p.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH @match)');
    params.match = match;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** A page of the library table. Default: newest first, 100 rows. */
export function listPapers(db: Db, q: ListPapersQuery = {}): PaperSummary[] {
  const w = where(q);
  if (!w) return [];
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT ${SUMMARY_COLS} FROM papers p ${w.sql}
    ORDER BY ${SORT_SQL[q.sort ?? 'added']} ${dir}, p.id ${dir} LIMIT @limit OFFSET @offset`;
  const rows = stmt(db, sql).all({ ...w.params, limit: q.limit ?? 100, offset: q.offset ?? 0 }) as SummaryRow[];
  return rows.map(toSummary);
}

export function countPapers(db: Db, f: PaperFilter = {}): number {
  const w = where(f);
  if (!w) return 0;
  return (stmt(db, `SELECT COUNT(*) AS n FROM papers p ${w.sql}`).get(w.params) as { n: number }).n;
}

/** Throws AppError('not_found') for an unknown id. */
export function setPaperStatus(db: Db, id: string, status: PaperStatus): PaperSummary {
  const info = stmt(db, 'UPDATE papers SET status = ?, updated_at = ? WHERE id = ?').run(status, now(), id);
  if (info.changes === 0) throw new AppError('not_found', `No paper with id ${id}.`);
  return toSummary(stmt(db, `SELECT ${SUMMARY_COLS} FROM papers p WHERE p.id = ?`).get(id) as SummaryRow);
}

/**
 * Stores the text one extractor version produced (replacing an earlier run of the same
 * version) and makes it what search sees, in one transaction. `fullText` is the plain
 * text indexed for search. Throws AppError('not_found') for an unknown paper.
 */
export function savePaperText(db: Db, paperId: string, text: PaperText, fullText: string): void {
  db.transaction(() => {
    const paper = stmt(db, 'SELECT rowid, COALESCE(title, file_name, id) AS title FROM papers WHERE id = ?').get(paperId) as
      | { rowid: number; title: string }
      | undefined;
    if (!paper) throw new AppError('not_found', `No paper with id ${paperId}.`);
    stmt(
      db,
      `INSERT INTO paper_texts (paper_id, extractor_version, full_text, sections, captions, warnings, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(paper_id, extractor_version) DO UPDATE SET full_text = excluded.full_text,
         sections = excluded.sections, captions = excluded.captions, warnings = excluded.warnings,
         created_at = excluded.created_at`,
    ).run(
      paperId, text.extractorVersion, fullText, JSON.stringify(text.sections), JSON.stringify(text.captions),
      JSON.stringify(text.warnings), now(),
    );
    stmt(db, 'DELETE FROM papers_fts WHERE rowid = ?').run(paper.rowid);
    stmt(db, 'INSERT INTO papers_fts (rowid, paper_id, title, body) VALUES (?, ?, ?, ?)').run(
      paper.rowid, paperId, paper.title, fullText,
    );
  })();
}

/** The most recently stored text of a paper (whatever the extractor version), or null. */
export function getLatestPaperText(db: Db, paperId: string): PaperText | null {
  const r = stmt(
    db,
    `SELECT extractor_version, sections, captions, warnings FROM paper_texts WHERE paper_id = ?
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  ).get(paperId) as { extractor_version: string; sections: string; captions: string; warnings: string } | undefined;
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

/** Ids starting with `prefix` (at most `limit`), so people can type a short id like git's. */
export function findPaperIdsByPrefix(db: Db, prefix: string, limit = 2): string[] {
  const p = prefix.toLowerCase();
  if (!/^[0-9a-f]+$/.test(p)) return [];
  const rows = stmt(db, 'SELECT id FROM papers WHERE id >= ? AND id < ? ORDER BY id LIMIT ?').all(p, `${p}g`, limit) as Array<{
    id: string;
  }>;
  return rows.map((r) => r.id);
}
