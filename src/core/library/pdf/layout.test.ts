import { describe, expect, it } from 'vitest';
import type { Item } from './types';
import { startsNewParagraph } from './blocks';
import { pageLines } from './layout';

const item = (s: string, x: number, y: number, fs: number): Item => ({
  s,
  x,
  y,
  w: s.length * fs * 0.5,
  fs,
  font: 'F',
  bold: false,
});

describe('note markers', () => {
  it('separates a raised footnote or affiliation number from the word it precedes', () => {
    const marker = item('6', 72, 103, 6);
    const text = item('We originally experimented with a hidden layer', 72 + marker.w, 100, 9);
    const [line] = pageLines({ page: 1, width: 612, height: 792, items: [marker, text] });
    expect(line?.text).toBe('6 We originally experimented with a hidden layer');
  });

  it('leaves superscripts inside a word or formula attached', () => {
    const x = item('x', 72, 100, 10);
    const sup = item('2', 77, 104, 7);
    const y = item('y is the energy', 80.5, 100, 10);
    const [line] = pageLines({ page: 1, width: 612, height: 792, items: [x, sup, y] });
    expect(line?.text).toBe('x2y is the energy');
  });
});

describe('paragraphs opened by a bold run-in', () => {
  const page = (items: Item[]) => pageLines({ page: 1, width: 612, height: 792, items });
  const bold = (it: Item): Item => ({ ...it, bold: true });

  it('marks a line of regular text that opens in bold, and starts a paragraph there after a full stop', () => {
    // emnlp2020-dpr p4: "… from unstructured corpora." fills its column, "SQuAD v1.1" is not indented.
    const lines = page([
      item('as well as various Web sources and is intended for', 72, 700, 11),
      item('open-domain QA from unstructured corpora.', 72, 686, 11),
      bold(item('SQuAD v1.1', 72, 672, 11)),
      item(' (Rajpurkar et al., 2016) is a popu-', 127, 672, 11),
    ]);
    expect(lines.map((l) => l.opensBold ?? false)).toEqual([false, false, true]);
    const body = { fs: 11 };
    expect(startsNewParagraph(lines[1]!, lines[2]!, body)).toBe(true);
    // Mid-sentence, a bold word is emphasis, not a run-in heading.
    const [before, emphasis] = page([
      item('the measure we call', 72, 700, 11),
      bold(item('dense recall', 72, 686, 11)),
      item(' is the share of questions with an answer', 140, 686, 11),
    ]);
    expect(emphasis?.opensBold).toBe(true);
    expect(startsNewParagraph(before!, emphasis!, body)).toBe(false);
  });

  it('a bold word or two does not mark a line that is bold throughout (a heading)', () => {
    const [line] = page([bold(item('4.2 Question Answering Datasets', 72, 600, 12))]);
    expect(line?.opensBold).toBe(false);
  });
});
