import type { PDFDocumentProxy } from 'pdfjs-dist';
import { normalize, type NormMode, type NormText, type TextItemLite } from './text-index';

/** A page at scale 1: its size and the viewport transform (PDF user space → CSS px). */
export interface PageGeometry {
  width: number;
  height: number;
  transform: number[];
}

/** A place in the document: a 1-based page and, when known, a y in PDF user space. */
export interface DocPlace {
  page: number;
  pdfY?: number;
}

export interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

/**
 * What the reader needs from a loaded pdf.js document, cached: page geometry (for
 * placeholders that keep the scrollbar right before pages render), page text (for find
 * and quote anchors, loaded only when asked), and outline destinations.
 */
export class PdfModel {
  private texts = new Map<number, Promise<TextItemLite[]>>();
  private norms = new Map<string, Promise<NormText>>();

  constructor(readonly pdf: PDFDocumentProxy) {}

  get numPages(): number {
    return this.pdf.numPages;
  }

  async geometry(page: number): Promise<PageGeometry> {
    const p = await this.pdf.getPage(page);
    const vp = p.getViewport({ scale: 1 });
    return { width: vp.width, height: vp.height, transform: vp.transform };
  }

  /** All pages' geometry; pdf.js answers these from the page tree, without rendering. */
  allGeometry(): Promise<PageGeometry[]> {
    return Promise.all(Array.from({ length: this.numPages }, (_, i) => this.geometry(i + 1)));
  }

  text(page: number): Promise<TextItemLite[]> {
    let t = this.texts.get(page);
    if (!t) {
      // Default getTextContent options: the same item list react-pdf's customTextRenderer indexes.
      t = this.pdf
        .getPage(page)
        .then((p) => p.getTextContent())
        .then((c) =>
          c.items.flatMap((it) =>
            'str' in it
              ? [
                  {
                    str: it.str,
                    eol: it.hasEOL,
                    x: it.transform[4] as number,
                    y: it.transform[5] as number,
                    h: Math.hypot(it.transform[2] as number, it.transform[3] as number) || it.height,
                  },
                ]
              : [],
          ),
        );
      this.texts.set(page, t);
    }
    return t;
  }

  norm(page: number, mode: NormMode): Promise<NormText> {
    const key = `${mode}:${page}`;
    let n = this.norms.get(key);
    if (!n) this.norms.set(key, (n = this.text(page).then((items) => normalize(items, mode))));
    return n;
  }

  async outline(): Promise<OutlineNode[]> {
    const items = (await this.pdf.getOutline()) ?? [];
    const map = (list: typeof items): OutlineNode[] =>
      list.map((o) => ({ title: o.title, dest: o.dest, items: map(o.items ?? []) }));
    return map(items);
  }

  /** An outline or link destination as a page and, for /XYZ and /FitH targets, a y. */
  async resolveDest(dest: string | unknown[] | null): Promise<DocPlace | null> {
    const explicit = typeof dest === 'string' ? await this.pdf.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return null;
    const [ref, kind, ...args] = explicit as [unknown, { name?: string } | undefined, ...unknown[]];
    let index: number;
    if (typeof ref === 'number') index = ref;
    else if (ref && typeof ref === 'object')
      index = await this.pdf.getPageIndex(ref as { num: number; gen: number });
    else return null;
    const y =
      kind?.name === 'XYZ'
        ? args[1]
        : kind?.name === 'FitH' || kind?.name === 'FitBH'
          ? args[0]
          : kind?.name === 'FitR'
            ? args[3]
            : null;
    return typeof y === 'number' ? { page: index + 1, pdfY: y } : { page: index + 1 };
  }
}

/** A point in PDF user space to CSS px on the page at scale 1. */
export function toViewport(g: PageGeometry, x: number, y: number): [number, number] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = g.transform;
  return [a * x + c * y + e, b * x + d * y + f];
}
