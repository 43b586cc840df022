/**
 * The /Differences arrays of a PDF's font dictionaries, read with pdf-lib: PDFium's API gives a
 * font's name but not its encoding, and a font re-encoded with glyph names outside the Adobe
 * Glyph List (Acrobat Distiller's Type 1C copies of TeX's math fonts: /star, /lessmuch,
 * /bardbl) and no usable ToUnicode map reaches us as raw codes. Fonts are matched to PDFium's
 * by BaseFont without the subset prefix ("ZDOVLG+CMSY10" → "CMSY10", as PDFium names it).
 * Read once per document, and only for documents that need it (see pdfium-glyph-names.ts).
 */
import type * as PdfLib from 'pdf-lib';
import type { PDFArray, PDFDocument } from 'pdf-lib';

/** pdf-lib, imported on first use: most documents never need it, and workers start faster. */
type Lib = typeof PdfLib;

/**
 * pdf-lib's own one-file build: the package's main entry is some 300 CommonJS modules, which
 * take ~190 ms to load against ~50 ms for this file (Node 20, measured side by side).
 */
const loadLib = async (): Promise<Lib> => {
  const mod = (await import('pdf-lib/dist/pdf-lib.min.js')) as { default?: Lib } & Lib;
  return mod.default ?? mod;
};

export interface FontDifferences {
  /**
   * The glyph name that font `baseName` draws for `code` on page `pageIndex` (0-based), or
   * null when no font of that name has one, or the fonts of that name disagree on it.
   */
  nameOf(baseName: string, code: number, pageIndex: number): string | null;
}

interface Entry {
  ref: string;
  codes: Map<number, string>;
}

const SUBSET_PREFIX = /^[A-Z]{6}\+/;

/** code → name from a /Differences array ([33 /star /alpha 40 /nu]: 33, 34, then 40). */
function parseDifferences({ PDFName, PDFNumber }: Lib, arr: PDFArray): Map<number, string> {
  const codes = new Map<number, string>();
  let code = -1;
  for (const item of arr.asArray()) {
    if (item instanceof PDFNumber) code = item.asNumber();
    else if (item instanceof PDFName && code >= 0 && code < 256) codes.set(code++, item.decodeText());
  }
  return codes;
}

/** Simple fonts' Differences by base name; fonts without any are left out. */
function collect(lib: Lib, doc: PDFDocument): Map<string, Entry[]> {
  const { PDFArray, PDFDict, PDFName } = lib;
  const byName = new Map<string, Entry[]>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.Type) !== PDFName.of('Font')) continue;
    // lookup, not lookupMaybe: an entry of the wrong type skips the font instead of throwing.
    const base = obj.lookup(PDFName.of('BaseFont'));
    const enc = obj.lookup(PDFName.of('Encoding'));
    const diffs = enc instanceof PDFDict ? enc.lookup(PDFName.of('Differences')) : undefined;
    if (!(base instanceof PDFName) || !(diffs instanceof PDFArray)) continue;
    const codes = parseDifferences(lib, diffs);
    if (!codes.size) continue;
    const name = base.decodeText().replace(SUBSET_PREFIX, '');
    const list = byName.get(name) ?? [];
    list.push({ ref: ref.toString(), codes });
    byName.set(name, list);
  }
  return byName;
}

/** The font dictionaries a page names in its resources, as reference strings ("18 0 R"). */
function pageFontsOf(
  { PDFDict, PDFName, PDFRef }: Lib,
  doc: PDFDocument,
): (pageIndex: number) => Set<string> {
  const cache = new Map<number, Set<string>>();
  return (pageIndex) => {
    let refs = cache.get(pageIndex);
    if (refs) return refs;
    refs = new Set();
    try {
      const page = doc.getPages()[pageIndex];
      const fonts = page?.node.Resources()?.lookup(PDFName.of('Font'));
      if (fonts instanceof PDFDict)
        for (const v of fonts.values()) if (v instanceof PDFRef) refs.add(v.toString());
    } catch {
      // A broken page tree: no way to tell same-named fonts apart on this page.
    }
    cache.set(pageIndex, refs);
    return refs;
  };
}

function differencesOf(lib: Lib, doc: PDFDocument): FontDifferences {
  const byName = collect(lib, doc);
  // The parsed document is kept only where same-named fonts must be told apart by page.
  const ambiguous = [...byName.values()].some((list) => list.length > 1);
  const pageFonts = ambiguous ? pageFontsOf(lib, doc) : () => new Set<string>();
  return {
    nameOf(baseName, code, pageIndex) {
      let entries = byName.get(baseName);
      if (!entries) return null;
      // Same-named copies with different arrays: the ones this page uses, if that tells.
      if (entries.length > 1) {
        const here = pageFonts(pageIndex);
        const onPage = entries.filter((e) => here.has(e.ref));
        if (onPage.length) entries = onPage;
      }
      // A copy without the code cannot be the one that drew it.
      const names = new Set(entries.flatMap((e) => e.codes.get(code) ?? []));
      const [name] = names;
      return names.size === 1 && name !== undefined ? name : null;
    },
  };
}

/**
 * The document's font Differences, or null when pdf-lib cannot parse the file (encrypted
 * strings do not matter: names are never encrypted). Never throws: extraction goes on
 * without them.
 */
export async function readFontDifferences(bytes: Uint8Array): Promise<FontDifferences | null> {
  try {
    const lib = await loadLib();
    const doc = await lib.PDFDocument.load(bytes, {
      ignoreEncryption: true,
      updateMetadata: false,
      // All objects in one go (the default yields to the event loop every 100), and a broken
      // object fails the parse rather than printing warnings from a worker.
      parseSpeed: lib.ParseSpeeds.Fastest,
      throwOnInvalidObject: true,
    });
    return differencesOf(lib, doc);
  } catch {
    return null;
  }
}
