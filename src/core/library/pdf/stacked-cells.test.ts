/**
 * Header cells that wrap over several lines, centred in their row, come out cell by cell; rows
 * of figures beside a centred row label and display maths in the text size are left alone.
 */
import { describe, expect, it } from 'vitest';
import { joinStackedCells, type BaselineGroup } from './stacked-cells';
import type { Item } from './types';

const item = (s: string, x: number, y: number, fs = 8.5): Item => ({
  s,
  x,
  y,
  w: s.length * fs * 0.45,
  fs,
  font: 'Times',
  bold: false,
});
/** Items grouped by baseline, top first, as toLines groups them. */
const groups = (items: Item[]): BaselineGroup[] => {
  const ys = [...new Set(items.map((it) => it.y))].sort((a, b) => b - a);
  return ys.map((y) => ({ y, fs: items[0]!.fs, items: items.filter((it) => it.y === y) }));
};
const texts = (gs: BaselineGroup[]) => gs.map((g) => g.items.map((it) => it.s).join(' | '));

describe('joinStackedCells', () => {
  it("reads acl2020's Table 1 header (3-, 2- and 1-line cells centred in one row) cell by cell", () => {
    const header = [
      item('Corpus', 79, 758),
      item(' ', 103, 758),
      item('Papers w/', 210, 763.3),
      item('body text', 210, 752.8),
      item('Citation', 263, 763.3),
      item('contexts', 263, 752.8),
      item('References to', 312, 768.6),
      item('tables / figures /', 312, 758.1),
      item('equations', 312, 747.5),
      item('Linked to', 384, 763.3),
      item('graph', 384, 752.8),
    ];
    const rows = [item('S2ORC (PDF-parse)', 79, 733), item('8.1M', 210, 733)];
    const out = joinStackedCells(groups([...header, ...rows]), 11);
    expect(texts(out)).toEqual([
      'Corpus | Papers w/ body text | Citation contexts | References to tables / figures / equations | Linked to graph',
      'S2ORC (PDF-parse) | 8.1M',
    ]);
  });

  it('leaves rows of figures beside a row label centred between them as rows', () => {
    const rows = [
      item('MUMOMAML', 150, 500),
      item('45.63 ± 1.39%', 220, 500),
      item('5-way, 1-shot', 80, 496),
      item('HSML', 150, 492),
      item('45.68 ± 1.37%', 220, 492),
    ];
    expect(texts(joinStackedCells(groups(rows), 11))).toEqual([
      'MUMOMAML | 45.63 ± 1.39%',
      '5-way, 1-shot',
      'HSML | 45.68 ± 1.37%',
    ]);
  });

  it('leaves a display fraction in the text size alone', () => {
    const fraction = [
      item('2 × J × C', 120, 397, 11),
      item('Stitle =', 80, 390, 11),
      item('J + C', 125, 382, 11),
    ];
    expect(texts(joinStackedCells(groups(fraction), 11))).toEqual(['2 × J × C', 'Stitle =', 'J + C']);
  });
});
