/**
 * Paper text as a reviewer reads it (issue 22), on the corpus papers bench/extract names:
 * footnotes and running headers out of body sentences (exact strings), floats out of the
 * sentences they cut, headings whole, glyphs right. Uses ../shared/corpus and skips without it;
 * the fixture cases that run in a fresh clone are in reading.test.ts.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPdf } from './extract';
import { CORPUS_DIR, HAS_CORPUS } from '../../../../test/support/corpus';
import { bodyOf } from './pdf.fixtures';
import type { PdfExtraction } from './types';

/** Each note (with its marker) is a footnote, and its text (without) is in no section. */
const notesOutOfBody = (r: PdfExtraction, notes: string[]) => {
  for (const note of notes) {
    expect(r.text.footnotes).toContain(note);
    expect(bodyOf(r)).not.toContain(note.slice(2));
  }
};

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
