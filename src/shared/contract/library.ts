import { z } from 'zod';
import { method } from './define';
import { ApiError } from '../errors';
import { HiddenPassage, PaperSection, PaperStatus, TextWarning, TextWarningCode } from '../paper';

export const PaperSort = z.enum(['title', 'added', 'updated', 'pages', 'status', 'author', 'venue', 'year']);
export type PaperSort = z.infer<typeof PaperSort>;
export const SortDir = z.enum(['asc', 'desc']);
export type SortDir = z.infer<typeof SortDir>;

/**
 * What the library row flags from the extractor's warnings: a scan (no text layer, so no
 * draft is possible), text hidden from readers (a likely prompt injection), some pages
 * without text, an encrypted file.
 */
export const PaperFlag = z.enum(['scanned', 'hidden_text', 'partial_text', 'encrypted']);
export type PaperFlag = z.infer<typeof PaperFlag>;

/**
 * A view of the library: its filters and its order. listPapers pages through it, and the
 * review queue (contract/review.ts QueueFilter) walks the same list paper by paper.
 */
export const PaperView = z
  .object({
    status: PaperStatus.optional(),
    query: z.string().max(1000).optional(),
    /** Case-insensitive part of any author's name. */
    author: z.string().max(200).optional(),
    /** Case-insensitive part of the venue. */
    venue: z.string().max(200).optional(),
    year: z.number().int().min(0).max(9999).optional(),
    flag: PaperFlag.optional(),
    sort: PaperSort.default('added'),
    dir: SortDir.default('desc'),
  })
  .strict();
export type PaperView = z.infer<typeof PaperView>;

/** One row of the library table. `updatedAt` is "last edited": the paper or its latest review. */
export const PaperSummary = z.object({
  id: z.string(),
  title: z.string(),
  fileName: z.string().nullable(),
  pages: z.number().int().nullable(),
  status: PaperStatus,
  hasPdf: z.boolean(),
  addedAt: z.string(),
  updatedAt: z.string(),
  authors: z.array(z.string()),
  /** Read from the first page at import ("Published as a conference paper at ICLR 2017"); a guess. */
  venue: z.string().nullable(),
  year: z.number().int().nullable(),
  flags: z.array(PaperFlag),
});
export type PaperSummary = z.infer<typeof PaperSummary>;

/** Everything stored on the papers row. */
export const PaperInfo = PaperSummary.extend({
  abstract: z.string().nullable(),
  source: z.string().nullable(),
  externalId: z.string().nullable(),
  tags: z.array(z.string()),
});
export type PaperInfo = z.infer<typeof PaperInfo>;

/** A paper as the reader opens it: the row plus what the extractor warned about. */
export const PaperDetail = PaperInfo.extend({
  extractorVersion: z.string().nullable(),
  /** Warnings without their passages (those are in hiddenPassages). */
  warnings: z.array(z.object({ code: TextWarningCode, message: z.string() })),
  /** Text a reader cannot see but a model would read; shown so a person can judge it. */
  hiddenPassages: z.array(HiddenPassage),
});
export type PaperDetail = z.infer<typeof PaperDetail>;

/** The "Model input" tab: exactly the text the model will be given. */
export const PaperTextView = z.object({
  id: z.string(),
  extractorVersion: z.string(),
  sections: z.array(PaperSection),
  captions: z.array(z.string()),
  warnings: z.array(TextWarning),
});
export type PaperTextView = z.infer<typeof PaperTextView>;

export const ImportStatus = z.enum(['imported', 'duplicate', 'failed']);
export type ImportStatus = z.infer<typeof ImportStatus>;

/** The outcome for one input file; id/title/pages when known, error only when failed. */
export const ImportResult = z.object({
  file: z.string(),
  status: ImportStatus,
  id: z.string().optional(),
  title: z.string().optional(),
  pages: z.number().int().optional(),
  warnings: z.array(z.object({ code: TextWarningCode, message: z.string() })),
  error: ApiError.optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** Progress of one import batch; `phase` is a finished status or what is happening now. */
export const ImportProgress = z.object({
  batchId: z.string(),
  index: z.number().int(), // 0-based position of `file` in the batch
  total: z.number().int(),
  file: z.string(),
  phase: z.enum(['reading', 'extracting', 'imported', 'duplicate', 'failed']),
  /** While extracting: pages done and page count. */
  page: z.number().int().optional(),
  pages: z.number().int().optional(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const SearchHit = PaperSummary.extend({
  /** A short passage around the hits, on one line, as plain text. */
  snippet: z.string(),
  /** [start, end) ranges of `snippet` to highlight. */
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
  /** bm25 rank: lower is better. */
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** Browser uploads are sent whole; beyond this the web host is the wrong tool. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/**
 * Uploads the web host takes at once; beyond this it answers 503 with Retry-After (each
 * upload holds its body in memory). A browser sends at most this
 * many, fewer on a machine with fewer cores.
 */
export const MAX_PARALLEL_UPLOADS = 4;
const MAX_BASE64_CHARS = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;
const TOO_LARGE = `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it from the desktop app or the CLI instead.`;
/**
 * Over the web host, an input whose `data` is bytes (an upload) travels as the raw request
 * body (application/octet-stream) and the rest of the input as URI-encoded JSON in this
 * header: no base64 to build in the browser or to parse and decode on the host.
 */
export const RAW_INPUT_HEADER = 'x-prs-input';

const BatchId = z.string().min(1).max(100);

export const libraryMethods = {
  importPapers: method(
    'Import PDFs and folders of PDFs by path; one result per file, progress as importProgress events.',
    z.object({ paths: z.array(z.string().min(1)).min(1).max(10_000), batchId: BatchId.optional() }).strict(),
    z.object({ batchId: z.string(), results: z.array(ImportResult) }),
  ),
  importPaperBytes: method(
    'Import one PDF uploaded from a browser: its raw bytes (`data`; the web host takes them as the request body, see RAW_INPUT_HEADER) or, from a JSON script, base64 (`dataBase64`); at most 200 MB.',
    z
      .object({
        fileName: z.string().min(1).max(1000),
        data: z
          .instanceof(Uint8Array)
          .refine((b) => b.byteLength <= MAX_UPLOAD_BYTES, TOO_LARGE)
          .optional(),
        dataBase64: z.string().max(MAX_BASE64_CHARS, TOO_LARGE).optional(),
        batchId: BatchId.optional(),
      })
      .strict()
      .refine((x) => (x.data === undefined) !== (x.dataBase64 === undefined), {
        message: 'Send the file once: as data (raw bytes) or as dataBase64.',
      }),
    ImportResult,
  ),
  cancelImport: method(
    'Stop an import batch; files not yet done are reported as cancelled.',
    z.object({ batchId: BatchId }).strict(),
    z.object({ cancelled: z.boolean() }),
  ),
  listPapers: method(
    'A page of the library, filtered by status and/or full-text query, sorted.',
    PaperView.extend({
      limit: z.number().int().min(1).max(1000).default(100),
      offset: z.number().int().min(0).default(0),
    }).strict(),
    z.object({ papers: z.array(PaperSummary), total: z.number().int() }),
  ),
  getPaper: method(
    'One paper with its warnings, hidden-text passages and whether it has a PDF.',
    z.object({ id: z.string() }).strict(),
    PaperDetail,
  ),
  getPaperText: method(
    'The extracted sections, captions and warnings the model will read.',
    z.object({ id: z.string() }).strict(),
    PaperTextView,
  ),
  searchPapers: method(
    'Full-text search over titles and extracted text, best first, with a snippet.',
    z
      .object({
        query: z.string().max(1000),
        status: PaperStatus.optional(),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    z.object({ hits: z.array(SearchHit) }),
  ),
  setPaperStatus: method(
    "Change a paper's workflow status.",
    z.object({ id: z.string(), status: PaperStatus }).strict(),
    PaperSummary,
  ),
};
