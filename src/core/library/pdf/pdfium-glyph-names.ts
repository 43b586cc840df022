/**
 * Per document, text for the chars PDFium has no Unicode for (FPDFText_HasUnicodeMapError) in
 * fonts that are not Type 1 Computer Modern programs (those are read by code, tex-encodings.ts),
 * by glyph name, read as Unicode (tex-glyph-names.ts):
 * - a Type 1 program (TeX's own embedding of the AMS fonts, msam and msbm) names its codes in
 *   its built-in encoding ("dup 67 /triangleleft put", pdfium-objects.ts);
 * - a compact (CFF) or TrueType program, as Distiller and Ghostscript re-encode TeX's fonts,
 *   gets its names from the font's /Differences (font-differences.ts, pdf-lib). Those are read
 *   only once a page shows such a char: the page's reader then reads them and names those
 *   chars before it goes on (pdfium-page.ts).
 * Not for Type 3 fonts (matplotlib's: their codes are already their letters), so most
 * documents never get here and pay nothing. */
import { readFontDifferences, type FontDifferences } from './font-differences';
import type { PdfiumExports } from './pdfium';
import { readProgram, type Scratch, type TextStyle } from './pdfium-objects';
import { glyphNameText } from './tex-glyph-names';

export class GlyphNames {
  /** undefined: not read yet; null: read, and nothing to use (no Differences, or unparsable). */
  private table: FontDifferences | null | undefined = undefined;

  constructor(private readonly bytes: Uint8Array) {}

  /** Whether the file has been parsed for the table (documents that need none never are). */
  get parsed(): boolean {
    return this.table !== undefined;
  }

  /** Reads the table (once; never throws). */
  async read(): Promise<void> {
    if (this.table === undefined) this.table = await readFontDifferences(this.bytes);
  }

  /**
   * What unmapped code `code` of the style's font stands for on page `pageIndex`: null for
   * nothing, undefined while the table that may name it is not read yet.
   */
  text(
    pdf: PdfiumExports,
    style: TextStyle,
    code: number,
    pageIndex: number,
    s: Scratch,
  ): string | null | undefined {
    const font = style.font;
    // Only fonts without a TeX encoding get here (charText); a Type 1 one (msam, msbm) names
    // its codes in its own encoding.
    if (font.program === undefined) readProgram(pdf, style.fontId, s, font, true);
    if (font.program === 'type1') {
      const name = font.builtin?.get(code);
      return name ? glyphNameText(name, font.name) : null;
    }
    if (font.program !== 'other') return null;
    if (this.table === undefined) return undefined;
    const name = this.table?.nameOf(font.name, code, pageIndex);
    return name ? glyphNameText(name, font.name) : null;
  }
}
