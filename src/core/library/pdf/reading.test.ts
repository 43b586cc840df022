/**
 * Paper text as a reviewer reads it (issue 22): footnotes and venue lines out of body
 * sentences, hyphenation joined only for broken words, lost ligatures repaired, floats out of
 * the sentences they cut. These run in a fresh clone, on the repo's fixtures; the corpus papers
 * named by bench/extract are checked in reading-corpus.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { joinLine, lexiconOf } from './blocks';
import { extractPdf } from './extract';
import { repairGlyphs } from './glyphs';
import { texEncodingOf, texGlyph } from './tex-encodings';
import { venueAndYear } from '../venue';
import { bodyOf, fixture } from './pdf.fixtures';
import type { Line, PdfExtraction } from './types';

/** `sentence` reads whole in the sections and the full text, and each of `after` follows `paragraphEnd`. */
const wholeThenAfter = (r: PdfExtraction, sentence: string, paragraphEnd: string, after: string[]) => {
  expect(bodyOf(r)).toContain(sentence);
  expect(r.fullText).toContain(sentence);
  const end = r.fullText.indexOf(paragraphEnd);
  expect(end).toBeGreaterThan(0);
  for (const text of after) expect(r.fullText.indexOf(text), text).toBeGreaterThan(end);
};
const line = (text: string): Line => ({
  page: 1,
  text,
  x0: 0,
  x1: 0,
  y: 0,
  fs: 10,
  maxFs: 10,
  bold: false,
  col: 'S',
  colX0: 0,
  colX1: 0,
  parts: [text],
});

describe('hyphenated line ends', () => {
  // As the lexicon reads lines: a first word and a hyphenated last word are not counted.
  const lex = lexiconOf(
    [
      'in the summaries of',
      'in English and German',
      'we exam-',
      'ine it',
      'so to translate',
      'a cosine score based on',
    ].map(line),
  );

  it('joins a word broken by hyphenation', () => {
    expect(joinLine('paper sum-', 'maries are', lex)).toBe('paper summaries are');
    expect(joinLine('a learned repre-', 'sentation', lex)).toBe('a learned representation');
    expect(joinLine('can thoroughly exam-', 'ine the', lex)).toBe('can thoroughly examine the');
  });

  it('keeps the hyphen of a compound', () => {
    expect(joinLine('WMT 2014 English-', 'to-German translation', lex)).toBe(
      'WMT 2014 English-to-German translation',
    );
    expect(joinLine('WMT 2014 English-', 'to-German')).toBe('WMT 2014 English-to-German');
    expect(joinLine('a cosine-', 'based search', lex)).toBe('a cosine-based search');
    expect(joinLine('a state-of-the-', 'art model', lex)).toBe('a state-of-the-art model');
  });

  it('joins small capitals broken before a capital only where the paper writes the word whole', () => {
    const caps = lexiconOf(['both GROBID and LATEX parses', 'from S2ORC and SCIBERT'].map(line));
    expect(joinLine('in both GROBID and LA-', 'TEX parses', caps)).toBe('in both GROBID and LATEX parses');
    expect(joinLine('a pretrained BERT-', 'Base model', caps)).toBe('a pretrained BERT-Base model');
    expect(joinLine('we release S2ORC-', 'SCIBERT', caps)).toBe('we release S2ORC-SCIBERT');
  });
});

describe('glyph repair', () => {
  const known = new Set(['difficult', 'offer']);
  it('maps ligature stand-ins and lost glyphs to letters', () => {
    expect(repairGlyphs('An o\u21B5-the-shelf toolkit', known)).toBe('An off-the-shelf toolkit');
    expect(repairGlyphs('di\u0000cult and e\u0000cient', known)).toBe('difficult and efficient');
    expect(repairGlyphs('the \uF001rst \uF002ow', known)).toBe('the first flow');
  });
  it('puts back ligatures dropped with a space, in exact shapes only', () => {
    expect(repairGlyphs('an e cient and e ective method, su cient', known)).toBe(
      'an efficient and effective method, sufficient',
    );
    expect(repairGlyphs('the e cients', known)).toBe('the e cients');
  });
  it('reads raw codes of TeX fonts without a Unicode map by their encoding', () => {
    const read = (codes: number[], font: string) => {
      const enc = texEncodingOf(font);
      return codes.map((c) => (enc && texGlyph(c, enc)) ?? String.fromCharCode(c)).join('');
    };
    expect(read([0x0f, 0x6c, 0x73, 0x15], 'LICAEO+CMMI10')).toBe('εlsλ');
    expect(read([0x65, 0x0e, 0x63, 0x0c, 0x6e, 0x64], 'ABCDEF+CMR10')).toBe('efficfind');
    // cmex's big operators and cmsy's symbols sit on ASCII codes: "X" is the display ∑.
    expect(read([0x58, 0x50, 0x5a], 'ABCDEF+CMEX10')).toBe('∑∑∫');
    expect(read([0x6b, 0x32, 0x14, 0x0d], 'ABCDEF+CMSY10')).toBe('‖∈≤©');
    expect(texEncodingOf('Helvetica')).toBeNull();
  });
  it('keeps math symbols and composes to NFC', () => {
    expect(repairGlyphs('ε-greedy ∑ x, e\u0301', known)).toBe('ε-greedy ∑ x, é');
  });
});

describe('two-column footnotes and venue line (acl2020-s2orc fixture)', () => {
  let r: PdfExtraction;
  beforeAll(async () => {
    r = await extractPdf(fixture('acl2020-s2orc.pdf'));
  });

  it('keeps footnotes as their own kind, out of the sections', () => {
    expect(r.text.footnotes).toEqual(
      expect.arrayContaining([
        '1 Instructions for access to the data and model are available at https://github.com/allenai/s2orc/.',
        '11 Our evaluations suggest SCIENCEPARSE outperforms GROBID for title and author extraction.',
        '14 We use the cld2 tool for language detection with a threshold of 0.9 over the English language score.',
      ]),
    );
    const body = bodyOf(r);
    expect(body).not.toContain('Instructions for access to the data and model');
    expect(body).not.toContain('Our evaluations suggest SCIENCEPARSE outperforms GROBID');
    expect(body).not.toContain('We use the cld2 tool for language detection');
  });

  it('a raised note marker alone on its height at the page foot is not taken for a page number', () => {
    // "⁵https://www.aclweb.org/anthology": the 5 sits 4pt above its line, alone in its row.
    expect(r.text.footnotes).toEqual(
      expect.arrayContaining(['4 https://citeseerx.ist.psu.edu', '5 https://www.aclweb.org/anthology']),
    );
  });

  it('drops the venue footer from the text', () => {
    expect(r.fullText).not.toContain('Proceedings of the 58th Annual Meeting');
    expect(r.meta.venueLines).toEqual([
      'Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics, pages 4969–4983',
      'July 5 - 10, 2020. ©2020 Association for Computational Linguistics',
    ]);
  });

  it('a caption atop the next column does not cut a sentence; the notes follow the whole paragraph', () => {
    // p1: "Digital archives like arXiv,2" ends the left column, Figure 1's caption tops the right.
    wholeThenAfter(
      r,
      'Digital archives like arXiv,2 PubMed Central,3 CiteSeerX (Giles et al., 1998),4 and the ACL Anthology',
      '(e.g., studying how or why papers are related).',
      ['∗ denotes equal contribution', 'Figure 1: Inline citations and references'],
    );
  });

  it('a numbered heading that wraps in its column keeps its second line', () => {
    const headings = r.text.sections.map((x) => x.heading);
    expect(headings).toContain('E Training corpus sizes for other language models');
    expect(headings).toContain('F Numeric representations in S2ORC-SCIBERT');
  });

  it('a table at the top of the next column does not cut "de-" / "tecting" apart', () => {
    expect(r.fullText).toContain('Ahmad and Afzal (2018) evaluate GROBID for detecting inline citations');
    expect(r.fullText).not.toMatch(/GROBID for de-?\s*Domain/);
  });

  it("the centred e-mail line under the authors is not cut at the first page's gutter", () => {
    expect(r.fullText).toContain('{kylel, lucyw}@allenai.org');
    expect(r.fullText).not.toMatch(/^}@allenai\.org/m);
  });

  it('a header row whose cells wrap over two and three lines reads cell by cell (p2, Table 1)', () => {
    expect(r.fullText).toContain(
      'Corpus Papers w/ body text Citation contexts References to tables / figures / equations Linked to graph Academic disciplines',
    );
  });

  it('tables stacked atop the next column do not cut "The" / "vast majority" (p5, Tables 3 and 4)', () => {
    wholeThenAfter(
      r,
      'discussed in §2.1. The vast majority of these PDFs are successfully processed using GROBID',
      'See Table 3 for more provenance statistics.',
      ['Total papers 81.1M', 'Table 4: Extraction and linking statistics'],
    );
  });

  it('where captions are set smaller than the text, a body-size "Table 4. On average" is prose', () => {
    expect(bodyOf(r)).toContain(
      'bibliography linking in Table 4. On average, LATEX parses contain many more',
    );
    expect(r.text.captions.some((c) => c.startsWith('Table 4. On average'))).toBe(false);
  });

  it('small capitals hyphenated at a line end are joined as the paper writes them elsewhere', () => {
    expect(r.fullText).toContain('prioritizing SCIENCEPARSE over GROBID');
    expect(r.fullText).toContain('Each bibliography entry in both GROBID and LATEX parses');
    expect(r.fullText).not.toContain('LA-TEX');
  });

  it('a page-wide table whose cells leave the gutter empty reads row by row (p6, Table 5)', () => {
    expect(r.fullText).toContain('Domain Dataset Reference Task SCIBERT S2ORC-');
    expect(r.fullText).toContain('BC5CDR Li et al. (2016) NER 90.01 90.41 ± 0.06');
    expect(r.fullText).toContain('Multi-domain PaperField Beltagy et al. (2019) CLS 65.71 65.99 ± 0.08');
    expect(r.fullText).not.toContain('Jurgens et al. (2018) Biomed & CS');
  });
});

describe('venue lines kept out of the text (iclr2017-gcrn fixture)', () => {
  it('reports a running header that names the venue, so the paper gets its venue and year', async () => {
    const r = await extractPdf(fixture('iclr2017-gcrn.pdf'));
    expect(r.fullText).not.toContain('Under review as a conference paper at ICLR 2017');
    expect(r.meta.venueLines).toContain('Under review as a conference paper at ICLR 2017');
    expect(venueAndYear([...(r.meta.venueLines ?? []), r.fullText].join('\n'))).toEqual({
      venue: 'ICLR',
      year: 2017,
    });
  });
});
