/**
 * The extraction bench's text agreement (issue 22's measure): tokenisation differences between
 * pdftotext and us do not count, and lines we drop on purpose leave the reference too.
 */
import { describe, expect, it } from 'vitest';
import { agreement, joinSplitWords } from './extract-metrics';

describe('joinSplitWords', () => {
  it('joins the pieces pdftotext splits at font changes when the other side has the word', () => {
    const ours = new Set(['the', 'latex', 'parse', 's2orcscibert']);
    expect(joinSplitWords(['the', 'lat', 'e', 'x', 'parse'], ours)).toEqual(['the', 'latex', 'parse']);
    expect(joinSplitWords(['s2orcsci', 'bert'], ours)).toEqual(['s2orcscibert']);
  });

  it('never joins two words the other side also has on their own', () => {
    expect(joinSplitWords(['in', 'to'], new Set(['in', 'to', 'into']))).toEqual(['in', 'to']);
  });
});

describe('agreement', () => {
  const ref = 'We build S2ORC from L AT E X sources.\nProceedings of the 58th Annual Meeting, pages 1–2\n\f';

  it('counts "L AT E X" and "LATEX" as the same word', () => {
    const a = agreement(
      ref,
      'We build S2ORC from LATEX sources. Proceedings of the 58th Annual Meeting, pages 1–2',
    );
    expect(a.recall).toBe(1);
    expect(a.inOrder).toBe(1);
  });

  it('takes the lines we dropped out of the reference, even where pdftotext reads them a little apart', () => {
    const dropped = ['Proceedings of the 58th Annual Meeting, pages 1–2 ©'];
    const a = agreement(ref, 'We build S2ORC from LATEX sources.', dropped);
    expect(a.refWords).toBe(6);
    expect(a.recall).toBe(1);
    expect(a.inOrder).toBe(1);
  });

  it('takes out a venue note that wraps with a hyphen, even glued to a stray glyph', () => {
    const icml =
      'We study it.\neiAppearing in Proceedings of the 28th International Conference on Machine Learning, Bellevue, WA, USA, 2011.\f';
    const dropped = [
      'Appearing in Proceedings of the 28th International Con-',
      'ference on Machine Learning, Bellevue, WA, USA, 2011.',
    ];
    const a = agreement(icml, 'We study it.', dropped);
    expect(a.refWords).toBe(3);
    expect(a.inOrder).toBe(1);
  });

  it('still counts words we lost or misplaced', () => {
    const a = agreement('one two three four\f', 'three four one');
    expect(a.recall).toBe(0.75);
    expect(a.inOrder).toBe(0.5);
  });
});

describe('agreement with floats and notes as units (inOrderUnits)', () => {
  // pdftotext reads the table atop the next column inside the sentence it interrupts.
  const ref = [
    'The corpus was built from many sources and the vast',
    'Filter Papers No title 20k No authors 0.3M Table 2: Post-processing filters',
    'majority of them are parsed well. Then we link the bibliographies.',
  ].join('\n');
  const table = 'Filter Papers No title 20k No authors 0.3M Table 2: Post-processing filters';
  const sentenceFirst =
    'The corpus was built from many sources and the vast majority of them are parsed well. ' +
    `${table} Then we link the bibliographies.`;

  it('does not count a float read after the sentence it cut against us', () => {
    const a = agreement(ref, sentenceFirst, [], [{ page: 1, text: table }]);
    expect(a.inOrder).toBeLessThan(0.9);
    expect(a.inOrderUnits).toBe(1);
  });

  it('still counts running text out of order, and a float it cannot find on its page', () => {
    const swapped = `majority of them are parsed well. Then we link the bibliographies. ${table} The corpus was built from many sources and the vast`;
    expect(agreement(ref, swapped, [], [{ page: 1, text: table }]).inOrderUnits).toBeLessThan(0.9);
    expect(agreement(ref, sentenceFirst, [], [{ page: 2, text: table }]).inOrderUnits).toBeLessThan(0.9);
  });
});
