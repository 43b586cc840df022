/**
 * Glyph names for chars PDFium has no Unicode for (issue 22): the TeX math names, the fonts'
 * /Differences read with pdf-lib and matched by name and page, and the corpus paper whose
 * Distiller-made math fonts need them. The corpus part skips without ../shared.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PDFDocument, PDFName, type PDFPage, type PDFRef } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS } from '../../../../test/support/corpus';
import { extractPdf } from './extract';
import { readFontDifferences } from './font-differences';
import { openPdfium } from './pdfium';
import { docFonts, readPdfiumPage } from './pdfium-page';
import { fixture, squash } from './pdf.fixtures';
import { glyphNameText, negated } from './tex-glyph-names';
import type { PdfExtraction } from './types';

describe('TeX glyph names', () => {
  it('reads the math fonts’ names the Adobe Glyph List lacks', () => {
    const read = (names: string[]) => names.map((n) => glyphNameText(n)).join(' ');
    expect(read(['lessmuch', 'bardbl', 'star', 'lscript', 'angbracketleft', 'angbracketright'])).toBe(
      '≪ ‖ ⋆ ℓ 〈 〉',
    );
    expect(read(['summationdisplay', 'summationtext', 'integraldisplay', 'lessorsimilar'])).toBe('∑ ∑ ∫ ≲');
  });

  it('reads a name as the shape its own font draws: msam’s triangles are ⊲ ⊳, cmmi’s ◃', () => {
    expect(glyphNameText('triangleleft', 'JKLMNO+MSAM10')).toBe('⊲');
    expect(glyphNameText('triangleright', 'MSAM7')).toBe('⊳');
    expect(glyphNameText('triangleleft', 'ABCDEF+CMMI10')).toBe('◃');
    expect(glyphNameText('notexistential', 'MSBM10')).toBe('∄');
  });

  it('reads big delimiters as the plain delimiter', () => {
    const big = ['braceleftbigg', 'bracerightBig', 'parenleftbig', 'parenrightBigg', 'radicalbigg'];
    expect(big.map((n) => glyphNameText(n)).join('')).toBe('{}()√');
  });

  it('reads uniXXXX and uXXXX names, and variants after a dot', () => {
    expect(glyphNameText('uni2260')).toBe('≠');
    expect(glyphNameText('uni00410042')).toBe('AB');
    expect(glyphNameText('u1D400')).toBe('𝐀');
    expect(glyphNameText('lessmuch.alt')).toBe('≪');
    expect(glyphNameText('uniD800')).toBeNull();
    expect(glyphNameText('uni22')).toBeNull();
  });

  it('leaves names it does not know (and the AGL’s, which PDFium reads) to the caller', () => {
    expect(glyphNameText('notaglyph')).toBeNull();
    expect(glyphNameText('one')).toBeNull();
  });

  it('composes the negated sign where Unicode has it', () => {
    expect(['=', '∈', '≤', '⊂', '∃'].map(negated).join(' ')).toBe('≠ ∉ ≰ ⊄ ∄');
    expect(negated('|')).toBe('|\u0338');
  });
});

/** A font dict with a /Differences array, as Distiller writes them. */
function differencesFont(doc: PDFDocument, baseFont: string, diffs: (number | string)[]): PDFRef {
  const differences = diffs.map((d) => (typeof d === 'number' ? d : PDFName.of(d)));
  return doc.context.register(
    doc.context.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: baseFont,
      Encoding: { Type: 'Encoding', Differences: differences },
    }),
  );
}

function useFonts(page: PDFPage, fonts: Record<string, PDFRef>): void {
  page.node.set(PDFName.of('Resources'), page.doc.context.obj({ Font: fonts }));
}

describe('font Differences (pdf-lib)', () => {
  it('keys fonts by name without the subset prefix, and tells same-named copies apart by page', async () => {
    const doc = await PDFDocument.create();
    const first = differencesFont(doc, 'ABCDEF+CMSY10', [33, 'lessmuch', 'bardbl']);
    const second = differencesFont(doc, 'GHIJKL+CMSY10', [33, 'negationslash']);
    const macRoman = doc.context.register(
      doc.context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: 'CMSY10', Encoding: 'MacRomanEncoding' }),
    );
    const cmmi = differencesFont(doc, 'QRSTUV+CMMI7', [33, 'star', 'alpha', 40, 'nu']);
    useFonts(doc.addPage(), { F1: first, F3: macRoman, F4: cmmi });
    useFonts(doc.addPage(), { F2: second });
    doc.addPage();
    const diffs = await readFontDifferences(await doc.save());
    expect(diffs).not.toBeNull();
    expect(diffs!.nameOf('CMMI7', 33, 0)).toBe('star');
    expect(diffs!.nameOf('CMMI7', 34, 2)).toBe('alpha');
    expect(diffs!.nameOf('CMMI7', 40, 0)).toBe('nu');
    expect(diffs!.nameOf('CMMI7', 35, 0)).toBeNull();
    expect(diffs!.nameOf('CMR10', 33, 0)).toBeNull();
    // Two copies of CMSY10 disagree on 33: the page's resources tell which one is drawn.
    expect(diffs!.nameOf('CMSY10', 33, 0)).toBe('lessmuch');
    expect(diffs!.nameOf('CMSY10', 33, 1)).toBe('negationslash');
    expect(diffs!.nameOf('CMSY10', 34, 1)).toBeNull();
    // A page that names neither: only where the copies agree (one of them lacks 34).
    expect(diffs!.nameOf('CMSY10', 33, 2)).toBeNull();
    expect(diffs!.nameOf('CMSY10', 34, 2)).toBe('bardbl');
  });

  it('gives no table, and does not throw, where pdf-lib cannot parse the file', async () => {
    await expect(readFontDifferences(fixture('bad-truncated-acl2020-s2orc.pdf'))).resolves.toBeNull();
    await expect(readFontDifferences(new Uint8Array([1, 2, 3]))).resolves.toBeNull();
  });

  it('is not read for a paper whose fonts map every char', async () => {
    const doc = await openPdfium(fixture('iclr2017-gcrn.pdf'));
    try {
      const shared = docFonts(fixture('iclr2017-gcrn.pdf'));
      for (let n = 1; n <= doc.pageCount; n++) await readPdfiumPage(doc, n, shared);
      expect(shared.names.parsed).toBe(false);
    } finally {
      doc.close();
    }
  });
});

if (!HAS_CORPUS) console.warn(`glyph-name corpus tests ${CORPUS_SKIP_REASON}`);

describe.skipIf(!HAS_CORPUS)('icml2011-noisy-matrix-decomposition: Distiller’s Type 1C math fonts', () => {
  const file = path.join(CORPUS_DIR, 'pdfs', 'icml2011-noisy-matrix-decomposition.pdf');
  let text = '';
  beforeAll(async () => {
    const r: PdfExtraction = await extractPdf(new Uint8Array(readFileSync(file)));
    text = r.text.sections.map((s) => squash(s.text)).join('\n');
  });

  it('reads the star, ≪ and the negated equals from the fonts’ glyph names', () => {
    expect(text).toContain('matrix Θ⋆ with a second matrix Γ⋆ endowed');
    expect(text).toContain('a relatively small number s ≪ d2 of');
    expect(text).toContain('with Θ⋆11 ≠ 0, and zeros');
    expect(text).toContain('noisy observations (W ≠ 0)');
  });

  it('reads norms, sums and ≲ from cmsy, cmex and msam', () => {
    expect(text).toContain('R(Γ) = ‖Γ‖1 : = |Γjk|');
    expect(text).toContain('elementwise ℓ1-norm ∑d1 ∑d2 R(Γ)');
    expect(text).toContain('|||F ≲ α');
    expect(text).not.toMatch(/Θ!|Γ!|s # d2|\$= 0/);
  });

  it('reads each page once, names included (one pass over its chars)', async () => {
    const bytes = new Uint8Array(readFileSync(file));
    const doc = await openPdfium(bytes);
    try {
      // The exports are frozen: count text-page loads through a copy of them.
      let loads = 0;
      const load = doc.pdf.FPDFText_LoadPage;
      const pdf = { ...doc.pdf, FPDFText_LoadPage: (page: number) => (loads++, load(page)) };
      const counted = { ...doc, pdf };
      const shared = docFonts(bytes);
      const pages = [];
      for (let n = 1; n <= doc.pageCount; n++) pages.push(await readPdfiumPage(counted, n, shared));
      expect(shared.names.parsed).toBe(true);
      expect(loads).toBe(doc.pageCount);
      expect(pages[1]!.items.map((it) => it.s).join(' ')).toContain('⋆');
    } finally {
      doc.close();
    }
  });

  it('still extracts, with the raw codes, when pdf-lib cannot parse the file', async () => {
    // An unreferenced broken object after %%EOF: PDFium reads by the xref and never meets it,
    // pdf-lib parses every object and fails.
    const bytes = new Uint8Array([
      ...readFileSync(file),
      ...Buffer.from('\n9999 0 obj\n<< /Type /Font /BaseFont /X ] >>\nendobj\n'),
    ]);
    await expect(readFontDifferences(bytes)).resolves.toBeNull();
    const r = await extractPdf(bytes);
    expect(r.text.warnings).toEqual([]);
    expect(squash(r.text.sections.map((s) => s.text).join(' '))).toContain(
      'matrix Θ! with a second matrix Γ!',
    );
  });
});

describe.skipIf(!HAS_CORPUS)('fr-olap-query-logs: TeX’s own Type 1 cmsy', () => {
  it('joins the negation slash (cmsy 0x36) to the sign after it', async () => {
    const file = path.join(CORPUS_DIR, 'pdfs', 'fr-olap-query-logs.pdf');
    const r = await extractPdf(new Uint8Array(readFileSync(file)));
    expect(r.fullText).toContain('alors m ∉ member(');
    expect(r.fullText).not.toContain('m /∈');
  });
});

describe.skipIf(!HAS_CORPUS)(
  'AMS fonts embedded as Type 1 programs: names from the program’s own encoding',
  () => {
    const read = async (id: string) =>
      (await extractPdf(new Uint8Array(readFileSync(path.join(CORPUS_DIR, 'pdfs', `${id}.pdf`))))).fullText;

    it('fr-olap-query-logs: msbm’s ∄ and msam’s ⊲', async () => {
      const text = await read('fr-olap-query-logs');
      expect(text).toContain('max(q) = ×i〈Si′ = {m ∈ mi(q)|∄m′ ∈ mi(q), m <i m′}');
      expect(text).toContain('QSLp ={∩B, \\B, ⊲, mostfreq, max}');
      expect(text).not.toContain('|@m′');
    });

    it('emnlp2020-dpr: msam’s transpose sign ⊺', async () => {
      expect(await read('emnlp2020-dpr')).toContain('sim(q, p) = EQ(q)⊺EP(p).');
    });
  },
);

describe.skipIf(!HAS_CORPUS)('plosone-2018-wheat-heat-stress: a Word document’s TeX_CM_Maths_Symbols', () => {
  it('reads its codes as cmsy’s (∗, ≤), not as control characters', async () => {
    const file = path.join(CORPUS_DIR, 'pdfs', 'plosone-2018-wheat-heat-stress.pdf');
    const r = await extractPdf(new Uint8Array(readFileSync(file)));
    expect(r.fullText).toContain('[(SPAD control-SPAD heat)/SPAD control]∗100 by using average');
    expect(r.fullText).toContain('a significance level ofP ≤ 0.05');
    expect(r.fullText).toContain('Genotype 13.7∗∗ 6.3∗∗ 3.7∗');
  });
});
