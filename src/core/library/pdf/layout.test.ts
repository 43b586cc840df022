import { describe, expect, it } from 'vitest';
import type { Item } from './types';
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
