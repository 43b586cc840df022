/**
 * Paper text as a reviewer reads it (issue 22): footnotes and venue lines out of body
 * sentences, hyphenation joined only for broken words, lost ligatures repaired. The fixture
 * part runs in a fresh clone; the corpus part uses ../shared/corpus and skips without it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { joinLine, lexiconOf } from './blocks';
import { extractPdf } from './extract';
import { repairGlyphs } from './glyphs';
import { texEncodingOf, texGlyph } from './tex-encodings';
import { venueAndYear } from '../venue';
import { CORPUS_DIR, HAS_CORPUS } from '../../../../test/support/corpus';
import { fixture, squash } from './pdf.fixtures';
import type { Line, PdfExtraction } from './types';

const bodyOf = (r: PdfExtraction) => r.text.sections.map((s) => squash(s.text)).join('\n');
/** Each note (with its marker) is a footnote, and its text (without) is in no section. */
const notesOutOfBody = (r: PdfExtraction, notes: string[]) => {
  for (const note of notes) {
    expect(r.text.footnotes).toContain(note);
    expect(bodyOf(r)).not.toContain(note.slice(2));
  }
};
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

if (!HAS_CORPUS)
  console.warn(`reading-order corpus tests skipped: ${CORPUS_DIR} is absent (../shared is not checked out)`);

describe.skipIf(!HAS_CORPUS)(
  'corpus papers named by bench/extract (skipped when ../shared is absent)',
  () => {
    const read = (id: string) =>
      extractPdf(new Uint8Array(readFileSync(path.join(CORPUS_DIR, 'pdfs', `${id}.pdf`))));

    it('emnlp2020-dpr: footnotes are not inside body sentences', async () => {
      const r = await read('emnlp2020-dpr');
      const body = bodyOf(r);
      for (const note of [
        'The ideal size and boundary of a text passage are functions of both the retriever and reader.',
        'We use the unfiltered TriviaQA version and discard the noisy evidence documents mined from Bing.',
        'FAISS configuration: we used HNSW index type on CPU',
      ]) {
        expect(body).not.toContain(note);
        expect(r.text.footnotes?.some((f) => f.includes(note))).toBe(true);
      }
    });

    it('emnlp2020-dpr: a full-width table and caption read row by row, and the figure does not cut "mul-tiple"', async () => {
      const r = await read('emnlp2020-dpr');
      expect(r.fullText).toContain('None BM25 59.1 66.9 55.0 70.9 68.8 73.7 76.7 71.1 84.1 80.0');
      expect(r.text.captions).toContain(
        'Table 2: Top-20 & Top-100 retrieval accuracy on test sets, measured as the percentage of top 20/100 retrieved passages that contain the answer. Single and Multi denote that our Dense Passage Retriever (DPR) was trained using individial or combined training datasets (all the datasets excluding SQuAD). See text for more details.',
      );
      expect(bodyOf(r)).toContain(
        'When training with multiple datasets, TREC, the smallest dataset of the five',
      );
    });

    it('emnlp2020-dpr: a line of prose that starts "Table 3." is not a caption', async () => {
      const r = await read('emnlp2020-dpr');
      expect(bodyOf(r)).toContain(
        'slightly better than those reported in Table 3. This is due to a better hyper-parameter setting',
      );
      expect(r.text.captions.some((c) => c.startsWith('Table 3. This is due'))).toBe(false);
    });

    it('emnlp2020-dpr: a bold run-in opens a paragraph, so Table 1 follows "… unstructured corpora."', async () => {
      // "SQuAD v1.1 (Rajpurkar …" starts unindented under a line that fills its column.
      const r = await read('emnlp2020-dpr');
      const sections = r.text.sections.map((x) => x.text).join('\n\n');
      expect(sections).toContain('from unstructured corpora.\n\nDataset Train Dev Test');
      expect(sections).toContain('scraped from the Web.\n\nWebQuestions (WQ) (Berant et al., 2013)');
      expect(r.fullText.indexOf('Table 1: Number of questions')).toBeLessThan(
        r.fullText.indexOf('SQuAD v1.1 (Rajpurkar'),
      );
    });

    it('acl2014: tables atop the next column (rows in the body size) do not cut sentences', async () => {
      const body = bodyOf(await read('acl2014-phrase-generation'));
      expect(body).toContain('and with cbow vectors we obtain a median rank that is considerably higher');
      expect(body).toContain('It is worth stressing the nature of the paraphrase-by-generation task');
      expect(body).toContain('for which the dimensions correspond to actual words.');
    });

    it('headings: wrapped ones whole, unnumbered ones by the style of the named ones, none from a plot', async () => {
      const headings = async (id: string) => (await read(id)).text.sections.map((x) => x.heading);
      expect(await headings('emnlp2020-dpr')).toEqual(
        expect.arrayContaining([
          'B Alternative Similarity Functions & Triplet Loss',
          'D Joint Training of Retriever and Reader',
        ]),
      );
      expect(await headings('icml2011-noisy-matrix-decomposition')).toContain(
        '2. Convex relaxations and matrix decomposition',
      );
      // PLOS ONE numbers nothing: its headings are known by the size and weight of "Introduction".
      expect(await headings('plosone-2018-wheat-heat-stress')).toEqual([
        'Abstract',
        'Introduction',
        'Materials and methods',
        'Genetic materials, growth and experimental conditions',
        'Measures of physiological traits',
        'Measures of growth and yield related traits',
        'Leaf tissue sampling for metabolomic analyses',
        'Untargeted metabolomic analyses',
        'Data processing and statistical analysis',
        'Results',
        'Physiological parameters',
        'Yield related traits',
        'Profiling of metabolites',
        'Discussion',
        'Conclusion',
        'Supporting information',
        'Acknowledgments',
        'Author Contributions',
        'References',
      ]);
      expect(await headings('iclr2020-automated-relational-meta-learning')).toContain('5.2 2D REGRESSION');
      expect(await headings('iclr2017-gcn')).not.toContain('10 CPU');
    });

    it('neurips2023-self-refine: a digit drawn in the big circle reads as a circled digit', async () => {
      const r = await read('neurips2023-self-refine');
      expect(r.fullText).toContain('passing it back to the same model M (①) to get feedback (②)');
      expect(r.fullText).not.toContain('(©');
    });

    it('icml2011: a figure atop the right column does not cut "sec-ond"; the wrapped venue note is out', async () => {
      const r = await read('icml2011-noisy-matrix-decomposition');
      expect(r.fullText).toContain('and the second with rank r = 15');
      expect(r.fullText).not.toContain('Appearing in Proceedings of the 28');
      expect(r.fullText).not.toContain('Copyright 2011 by the author(s)/owner(s).');
      const note = 'Note that any norm is (trivially) decomposable with respect to the pair';
      expect(bodyOf(r)).not.toContain(note);
      expect(r.text.footnotes?.some((f) => f.includes(note))).toBe(true);
    });

    it('icml2011: the text inside a figure is out of the sections, its caption kept, the full text whole', async () => {
      const r = await read('icml2011-noisy-matrix-decomposition');
      const results = r.text.sections.find((s) => s.heading === '5. Experimental results')!.text;
      // The paragraphs before and after Figure 1 meet; the plot's labels are not between them.
      expect(results).toContain(
        'the error grows linearly with γ.\n\nFor dimension d = 100 and rank r = 10, Figure 2',
      );
      expect(bodyOf(r)).not.toContain('Error versus rank');
      expect(bodyOf(r)).not.toContain('Sparsity index s');
      expect(
        r.text.captions.some((c) =>
          c.startsWith('Figure 1. Plot of the squared Frobenius norm joint error of'),
        ),
      ).toBe(true);
      expect(r.fullText).toContain('Error versus rank 40 35 30 25 20 15 10 10 20 30 40 50 Rank');
    });

    it('acl2014: a note at the foot of the left column follows the paragraph that ends that column', async () => {
      const r = await read('acl2014-phrase-generation');
      const ends = r.fullText.indexOf('count performance is consistent with previously reported results.6');
      const note = r.fullText.indexOf('3 Available at https://code.google.com/p/ word2vec/');
      const rightColumn = r.fullText.indexOf('(De)composition function training The training data sets');
      expect(ends).toBeGreaterThan(0);
      expect(note).toBeGreaterThan(ends);
      expect(note).toBeLessThan(rightColumn);
    });

    it('iclr2017-gcn: single-column notes whose marker sits alone at the page foot leave the body', async () => {
      notesOutOfBody(await read('iclr2017-gcn'), [
        '2 Code to reproduce our experiments is available at https://github.com/tkipf/gcn.',
        '3 https://github.com/kimiyoung/planetoid',
      ]);
    });

    it('acl2014: footnotes out of the body; the reference list keeps its "Association for Computational Linguistics" lines', async () => {
      const r = await read('acl2014-phrase-generation');
      notesOutOfBody(r, [
        '7 For PNs, we ignore determiners and we collapse, for example, in.the.car and in.car occurrences.',
        '6 See Baroni et al. (2014) for an extensive comparison of the two types of vector representations.',
      ]);
      expect(r.meta.venueLines).toHaveLength(2);
      expect(r.fullText).not.toContain(
        'Proceedings of the 52nd Annual Meeting of the Association for Computational Linguistics, pages 624',
      );
    });

    it('ieee-tcsvt-1997: the drop capital joins its line; the running header is out of the reference list', async () => {
      const r = await read('ieee-tcsvt-1997');
      expect(r.fullText).toContain(
        'IN this paper, we consider storage and retrieval of scalable video data.',
      );
      expect(r.fullText).not.toContain('IEEE TRANSACTIONS ON CIRCUITS AND SYSTEMS FOR VIDEO TECHNOLOGY');
    });

    it('neurips2017-attention: "English-to-German" keeps its hyphen; the venue line is not in the text', async () => {
      const r = await read('neurips2017-attention');
      expect(r.fullText).not.toContain('Englishto-German');
      expect(r.fullText).toContain('28.4 BLEU on the WMT 2014 English-to-German translation task');
      expect(r.fullText).not.toContain('31st Conference on Neural Information Processing Systems');
      expect(bodyOf(r)).not.toContain('Work performed while at Google Brain');
    });

    it("emnlp2020-dpr: arXiv's stamp up the margin is a venue line, not text", async () => {
      const r = await read('emnlp2020-dpr');
      expect(r.meta.venueLines).toContain('arXiv:2004.04906v3 [cs.CL] 30 Sep 2020');
      expect(r.fullText).not.toContain('2004.04906');
    });

    it('iclr2020-automated-relational-meta-learning: the landscape table page (p17) is read, row by row', async () => {
      const r = await read('iclr2020-automated-relational-meta-learning');
      expect(r.text.captions.some((c) => c.startsWith('Table 9: Full results on Art-Multi dataset.'))).toBe(
        true,
      );
      expect(r.fullText).toContain(
        'MAML 55.27% 52.62% 48.58% 30.57% 28.65% 28.39% 45.59% 42.24% 34.52% 39.37% 38.58% 35.38%',
      );
      expect(r.text.warnings.map((w) => w.code)).not.toContain('hidden_text');
    });

    it('the layoutparser excerpt: ligatures lost by its fonts come out right', async () => {
      const r = await read('bad-encrypted-copy-protected-layoutparser');
      for (const s of [
        'off-the-shelf',
        'different levels of customization',
        'efficient',
        'difficulties',
        'efforts',
      ])
        expect(r.fullText).toContain(s);
      // eslint-disable-next-line no-control-regex -- no control character may survive
      expect(r.fullText).not.toMatch(/[\u21B5\u0000-\u0008]/);
    });

    it('math symbols survive (λ in icml2011, ∑ and the unmapped cmmi ε in neurips2017-attention)', async () => {
      expect(
        (await read('icml2011-noisy-matrix-decomposition')).fullText.match(/λ/g)?.length,
      ).toBeGreaterThanOrEqual(15);
      const attention = (await read('neurips2017-attention')).fullText;
      expect(attention).toContain('∑');
      // CMMI10 without a ToUnicode map: pdftotext prints the raw code 0x0F here.
      expect(attention).toContain('label smoothing of value εls = 0.1');
      expect(attention).not.toContain('fils = 0.1');
    });
  },
);
