import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { joinLine } from './blocks';
import { extractPdf } from './extract';
import { normalizeText } from './text-normalize';
import { fixture, squash } from './pdf.fixtures';
import type { PdfExtraction } from './types';

describe('single-column paper (iclr2017-gcrn)', () => {
  let r: PdfExtraction;
  beforeAll(async () => {
    r = await extractPdf(fixture('iclr2017-gcrn.pdf'));
  });

  it('reads title, authors and abstract from page 1', () => {
    expect(r.meta.title).toBe('GRAPH CONVOLUTIONAL RECURRENT NETWORK FOR STRUCTURED SEQUENCE MODELING');
    expect(r.meta.authors).toEqual(
      expect.arrayContaining(['Youngjoo Seo', 'Michaël Defferrard', 'Xavier Bresson']),
    );
    expect(r.meta.abstract).toMatch(
      /^This paper introduces and studies the Graph Convolutional Recurrent Network/,
    );
    expect(r.text.extractorVersion).toBe('pdfium-2.15.1/5');
  });

  it('finds the abstract, numbered sections and subsections, and references, with kinds and pages', () => {
    const heads = r.text.sections.map((s) => `${s.kind}:${s.heading}`);
    expect(heads[0]).toBe('abstract:ABSTRACT');
    expect(heads).toEqual(
      expect.arrayContaining([
        'body:1 INTRODUCTION',
        'body:2.1 SEQUENCE MODELING',
        'body:6 CONCLUSION AND FUTURE WORK',
      ]),
    );
    const refs = r.text.sections.at(-1)!;
    expect(refs.kind).toBe('references');
    expect(refs.pages).toEqual([6, 6]);
    expect(refs.text).toMatch(/Hochreiter/);
    const prelim = r.text.sections.find((s) => s.heading === '2 PRELIMINARIES')!;
    expect(prelim.pages[0]).toBe(1);
  });

  it('drops the running header and page numbers', () => {
    expect(r.fullText).not.toMatch(/Under review as a conference paper/);
    expect(r.fullText.split('\n')).not.toContain('3');
  });

  it('collects captions and keeps them out of section text', () => {
    expect(r.text.captions.length).toBeGreaterThan(0);
    expect(r.text.captions.every((c) => /^(Figure|Table)\s*\d+[:.]/.test(c))).toBe(true);
    const body = r.text.sections.map((s) => s.text).join('\n');
    for (const c of r.text.captions) expect(body).not.toContain(c.slice(0, 60));
  });
});

describe('two-column paper (acl2020-s2orc)', () => {
  let r: PdfExtraction;
  let text: string;
  beforeAll(async () => {
    r = await extractPdf(fixture('acl2020-s2orc.pdf'));
    text = squash(r.fullText);
  });

  it('keeps the abstract contiguous and joins its hyphenated line breaks', () => {
    const abs = r.text.sections.find((s) => s.kind === 'abstract')!;
    expect(squash(abs.text)).toContain(
      'The corpus consists of rich metadata, paper abstracts, resolved bibliographic references, as well as structured full text for 8.1M open access papers.',
    );
    expect(abs.text).toContain('each linked to their corresponding paper objects');
    expect(abs.text).toMatch(
      /We hope this resource will facilitate research and development of tools and tasks for text mining over academic text\.$/,
    );
  });

  it('reads the left column before the right one (no interleaving)', () => {
    expect(text).toContain(
      'Academic papers are an increasingly important textual domain for natural language processing (NLP) research. Aside from capturing valuable knowledge',
    );
    expect(text).toContain(
      'Different types of resources have been used to support research over academic papers.',
    );
    // Left column of page 1 ends with "Digital archives like arXiv,"; the right column goes on.
    expect(text.indexOf('Academic papers are an increasingly')).toBeLessThan(
      text.indexOf('PubMed Central,3 CiteSeerX'),
    );
    expect(text).toContain(
      'are popular resources for deriving large text corpora for summarization and language modeling',
    );
  });

  it('detects numbered sections, references and lettered appendices after them', () => {
    const byHead = new Map(r.text.sections.map((s) => [s.heading, s]));
    expect(byHead.get('1 Introduction')?.kind).toBe('body');
    expect(byHead.get('2.1 Processing PDFs')?.kind).toBe('body');
    expect(byHead.get('References')?.kind).toBe('references');
    expect(byHead.get('A Background & Terminology')?.kind).toBe('appendix');
    expect(byHead.get('References')?.pages).toEqual([9, 12]);
  });

  it('drops page numbers and collects figure and table captions', () => {
    expect(text).not.toMatch(/\b4971\b/);
    expect(r.text.captions.some((c) => c.startsWith('Figure 1: Inline citations'))).toBe(true);
    expect(r.text.captions.some((c) => c.startsWith('Table 1: A comparison of S2ORC'))).toBe(true);
  });
});

describe('line joining and character repair', () => {
  it('joins words broken across lines but keeps real hyphens', () => {
    expect(joinLine('a learned repre-', 'sentation of text')).toBe('a learned representation of text');
    expect(joinLine('a state-of-the-', 'art model')).toBe('a state-of-the-art model');
    expect(joinLine('results on BERT-', 'Base')).toBe('results on BERT-Base');
    expect(joinLine('the state-of-the-art', 'model')).toBe('the state-of-the-art model');
  });

  it('expands ligatures and attaches LaTeX spacing accents', () => {
    expect(normalizeText('ﬁgure eﬃcient')).toBe('figure efficient');
    expect(normalizeText('Micha¨el and Merri¨enboer')).toBe('Michaël and Merriënboer');
  });
});

describe('margins (generated PDF)', () => {
  it('drops running headers, page numbers and review line numbers', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
    for (let p = 1; p <= 3; p++) {
      const page = doc.addPage([612, 792]);
      page.drawText('Anonymous submission to the Workshop on Tests', { x: 180, y: 750, size: 9, font });
      page.drawText(String(p), { x: 300, y: 40, size: 10, font });
      let y = 690;
      if (p === 1) {
        page.drawText('1 Introduction', { x: 72, y: 700, size: 12, font: bold });
        y = 680;
      }
      for (let i = 0; i < 30; i++, y -= 13) {
        page.drawText(String((p - 1) * 30 + i + 1).padStart(3, '0'), { x: 40, y, size: 7, font });
        page.drawText(`Sentence ${i} on page ${p} about learning with graphs and sequences of words.`, {
          x: 72,
          y,
          size: 10,
          font,
        });
      }
    }
    const r = await extractPdf(await doc.save());
    expect(r.fullText).not.toMatch(/Anonymous submission/);
    expect(r.fullText).not.toMatch(/\b0\d\d\b/);
    expect(r.fullText).toMatch(/^1 Introduction\n\nSentence 0 on page 1 about/);
    expect(r.text.sections[0]?.heading).toBe('1 Introduction');
    expect(r.text.sections[0]?.pages).toEqual([1, 3]);
  });
});
