import type { HiddenPassage, PaperText } from '../../../shared/paper';

export interface ExtractOptions {
  /** Read at most this many pages (a 'partial_text' warning says so). */
  maxPages?: number;
  /** Called after each page is read: (pages done, pages to read). */
  onProgress?: (page: number, total: number) => void;
  /**
   * A PDF with more pages than this is refused with AppError('unsupported') before any page is
   * read (default PAGE_LIMIT): a 10,000-page file is a bomb, not a paper.
   */
  pageLimit?: number;
  /** Aborting rejects with AppError('cancelled'). */
  signal?: AbortSignal;
}

export interface PdfMeta {
  title: string | null;
  authors: string[];
  abstract: string | null;
  pages: number;
  /** Venue and copyright lines the extractor kept out of the text ("Proceedings of …"). */
  venueLines?: string[];
}

/** A float or footnote of fullText, and the page it is printed on. */
export interface Aside {
  page: number;
  text: string;
}

export interface PdfExtraction {
  meta: PdfMeta;
  text: PaperText;
  /**
   * Everything kept, in reading order: running text, and floats and footnotes where they do not
   * cut a sentence (headers, footers and hidden text out).
   */
  fullText: string;
  /**
   * What fullText reads apart from the running text, each paragraph as it stands there: the
   * floats moved out of a sentence they cut (rows, labels, captions; floats.ts) and the
   * footnotes. Where a reader takes these in is a convention, so bench/extract measures the
   * running text's order with each of them as a unit.
   */
  asides: Aside[];
}

export type HiddenReason = HiddenPassage['reason'];

/** One pdf.js text run, reduced to what layout needs (page space, y up, points). */
export interface Item {
  s: string;
  x: number;
  /** Baseline. */
  y: number;
  w: number;
  /** Effective font size (vertical scale of the text matrix). */
  fs: number;
  font: string;
  bold: boolean;
  hidden?: HiddenReason;
}

export interface PageItems {
  page: number;
  width: number;
  height: number;
  items: Item[];
}

/** A line of text in reading order. */
export interface Line {
  page: number;
  text: string;
  x0: number;
  x1: number;
  y: number;
  /** Font size and boldness of most of the line's characters. */
  fs: number;
  /** Largest font size on the line (small-caps headings: only the capitals are large). */
  maxFs: number;
  bold: boolean;
  /** Left/right column, full width (spans a gutter), or single-column page. */
  col: 'L' | 'R' | 'F' | 'S';
  /** Left and right edge of the column the line sits in (for indents and short lines). */
  colX0: number;
  colX1: number;
  /** The line split at wide gaps (e.g. two author names side by side). */
  parts: string[];
  /** It starts with a raised, smaller note marker ("¹", "∗"): how a footnote begins. */
  noteMark?: boolean;
  /** A line of regular text that opens with a bold run-in ("**SQuAD v1.1** (Rajpurkar …) is …"). */
  opensBold?: boolean;
  /** Drawn inside a figure (tick labels, legends): kept out of the sections (figure-text.ts). */
  inFigure?: boolean;
  /** Part of a float moved out of the sentence it cut (floats.ts): it never joins a paragraph. */
  float?: boolean;
}

/** Lines merged into paragraphs; headings and captions are their own blocks. */
export interface Block {
  kind: 'para' | 'heading' | 'caption' | 'figure';
  page: number;
  lastPage: number;
  text: string;
  fs: number;
  /** The index of its last line in the lines it was built from (where anchored notes follow). */
  lastLine?: number;
  /** Built from lines of a float moved out of a sentence (its rows, labels, caption). */
  float?: boolean;
}

/** What body text looks like in this document: headings stand out from it. */
export interface BodyStyle {
  fs: number;
  /**
   * In a paper whose headings carry no numbers, the size and weight of those it names
   * ("Introduction", "Discussion"): its other headings ("Materials and methods") share them.
   */
  heading?: { fs: number; bold: boolean };
  /**
   * Most of the paper's captions are set smaller than its text (ACL's 10pt under 11pt): there a
   * body-size line opening "Table 4. On average, …" is a sentence that names a table.
   */
  smallCaptions?: boolean;
}
