import type { Db } from '../open';
import { stmt } from '../statements';
import { AppError } from '../../../shared/errors';
import type { PaperStatus } from '../../../shared/paper';
import type {
  PaperFlag,
  PaperInfo,
  PaperSort,
  PaperSummary,
  SortDir,
} from '../../../shared/contract/library';
import { buildFtsQuery } from '../../library/search';
import {
  FLAG_OF_WARNING,
  INFO_COLS,
  LAST_EDITED,
  SUMMARY_COLS,
  jsonList,
  now,
  toSummary,
  type InfoRow,
  type SummaryRow,
} from './paper-rows';

/**
 * The papers repository: plain functions taking the db first. Used by import, the library
 * view, the engine (getPaper, getLatestPaperText) and export (insertPaper + savePaperText
 * for text-only papers, listPapers). Keep these signatures stable.
 *
 * Invariant: every paper has exactly one papers_fts row whose rowid is the papers rowid
 * (so FTS rows are found by key, never by scanning the UNINDEXED paper_id column).
 */

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
  venue?: string | null;
  year?: number | null;
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
        `INSERT INTO papers (id, title, authors, abstract, pages, file_name, has_pdf, source, external_id, status, tags, added_at, updated_at, venue, year)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        p.id,
        p.title,
        JSON.stringify(p.authors ?? []),
        p.abstract ?? null,
        p.pages ?? null,
        p.fileName ?? null,
        p.hasPdf === false ? 0 : 1,
        p.source ?? null,
        p.externalId ?? null,
        p.status ?? 'new',
        JSON.stringify(p.tags ?? []),
        at,
        at,
        p.venue ?? null,
        p.year ?? null,
      );
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new AppError('conflict', `Paper ${p.id} is already in the library.`);
      }
      throw e;
    }
    stmt(db, 'INSERT INTO papers_fts (rowid, paper_id, title, body) VALUES (?, ?, ?, ?)').run(
      info.lastInsertRowid,
      p.id,
      p.title,
      '',
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
  /** Part of any author's name, any case. */
  author?: string;
  /** Part of the venue, any case. */
  venue?: string;
  year?: number;
  flag?: PaperFlag;
}
export interface ListPapersQuery extends PaperFilter {
  sort?: PaperSort;
  dir?: SortDir;
  limit?: number;
  offset?: number;
}

const SORT_SQL: Record<PaperSort, string> = {
  title: 'COALESCE(p.title, p.file_name, p.id) COLLATE NOCASE',
  added: 'p.added_at',
  updated: LAST_EDITED,
  pages: 'p.pages',
  // Workflow order rather than alphabetical.
  // First author, then venue: papers without one sort last either way (NULLs are not names).
  author: `json_extract(p.authors, '$[0]') IS NULL, json_extract(p.authors, '$[0]') COLLATE NOCASE`,
  venue: 'p.venue IS NULL, p.venue COLLATE NOCASE',
  year: 'p.year IS NULL, p.year',
  status: `CASE p.status WHEN 'new' THEN 0 WHEN 'drafted' THEN 1 WHEN 'in_progress' THEN 2
    WHEN 'approved' THEN 3 WHEN 'skipped' THEN 4 ELSE 5 END`,
};

/** WHERE clause and bound params for a filter; null when the query can match nothing. */
function where(f: PaperFilter): { sql: string; params: Record<string, string | number> } | null {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  if (f.status) {
    parts.push('p.status = @status');
    params.status = f.status;
  }
  if (f.author?.trim()) {
    parts.push(`EXISTS (SELECT 1 FROM json_each(p.authors) a WHERE a.value LIKE @author ESCAPE '\\')`);
    params.author = likePattern(f.author);
  }
  if (f.venue?.trim()) {
    parts.push(`p.venue LIKE @venue ESCAPE '\\'`);
    params.venue = likePattern(f.venue);
  }
  if (f.year !== undefined) {
    parts.push('p.year = @year');
    params.year = f.year;
  }
  if (f.flag) {
    const codes = Object.entries(FLAG_OF_WARNING)
      .filter(([, flag]) => flag === f.flag)
      .map(([code]) => code);
    parts.push(`EXISTS (SELECT 1 FROM json_each((SELECT t.warnings FROM paper_texts t WHERE t.paper_id = p.id
      ORDER BY t.created_at DESC, t.rowid DESC LIMIT 1)) j WHERE json_extract(j.value, '$.code') IN (${codes.map((c) => `'${c}'`).join(', ')}))`);
  }
  if (f.query !== undefined && f.query.trim() !== '') {
    const { match } = buildFtsQuery(f.query);
    if (!match) return null;
    parts.push('p.rowid IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH @match)');
    params.match = match;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** `text` anywhere, any case, with LIKE's own wildcards taken literally. */
function likePattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of the library table. Default: newest first, 100 rows. */
export function listPapers(db: Db, q: ListPapersQuery = {}): PaperSummary[] {
  const w = where(q);
  if (!w) return [];
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
  // Two steps: the page's row ids in order, then the columns of those rows only. One
  // query would compute every column (flags, authors…) of every row it sorts.
  const sql = `SELECT p.rowid FROM papers p ${w.sql}
    ORDER BY ${SORT_SQL[q.sort ?? 'added']} ${dir}, p.id ${dir} LIMIT @limit OFFSET @offset`;
  const ids = stmt(db, sql)
    .pluck()
    .all({ ...w.params, limit: q.limit ?? 100, offset: q.offset ?? 0 }) as number[];
  if (ids.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT ${SUMMARY_COLS}, p.rowid AS rid FROM papers p WHERE p.rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as Array<SummaryRow & { rid: number }>;
  const byId = new Map(rows.map((r) => [r.rid, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toSummary(r)] : [];
  });
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

/** Ids starting with `prefix` (at most `limit`), so people can type a short id like git's. */
export function findPaperIdsByPrefix(db: Db, prefix: string, limit = 2): string[] {
  const p = prefix.toLowerCase();
  if (!/^[0-9a-f]+$/.test(p)) return [];
  const rows = stmt(db, 'SELECT id FROM papers WHERE id >= ? AND id < ? ORDER BY id LIMIT ?').all(
    p,
    `${p}g`,
    limit,
  ) as Array<{
    id: string;
  }>;
  return rows.map((r) => r.id);
}

export { getLatestPaperText, savePaperText, searchPapers, type SearchOptions } from './paper-texts';
