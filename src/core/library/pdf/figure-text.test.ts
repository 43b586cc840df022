import { describe, expect, it } from 'vitest';
import { toBlocks } from './blocks';
import { markFigureText } from './figure-text';
import { fullTextOf, toSections } from './sections';
import type { Line } from './types';

const body = { fs: 10 };
let y = 700;
const line = (text: string, fs = 10, gap = 12): Line => {
  y -= gap;
  return {
    page: 1,
    text,
    x0: 72,
    x1: 300,
    y,
    fs,
    maxFs: fs,
    bold: false,
    col: 'S',
    colX0: 72,
    colX1: 300,
    parts: [text],
  };
};

describe('text inside figures', () => {
  it('keeps tick labels out of the sections, the caption among the captions, all of it in the full text', () => {
    y = 700;
    const lines = [
      line('1 Results', 12),
      line('The error grows linearly with the rank, as the theory predicts for this'),
      line('setting.'),
      line('Error versus rank', 9, 20),
      line('40', 9),
      line('10 20 30 40 50', 9),
      line('Figure 1. Squared error as the rank grows.', 9),
      line('For dimension d = 100, Figure 2 shows the error as the sparsity varies.', 10, 20),
    ];
    markFigureText(lines, body);
    expect(lines.filter((l) => l.inFigure).map((l) => l.text)).toEqual([
      'Error versus rank',
      '40',
      '10 20 30 40 50',
    ]);
    const blocks = toBlocks(lines, body);
    const { sections, captions } = toSections(blocks);
    expect(sections[0]!.text).toBe(
      'The error grows linearly with the rank, as the theory predicts for this setting.\n\nFor dimension d = 100, Figure 2 shows the error as the sparsity varies.',
    );
    expect(captions).toEqual(['Figure 1. Squared error as the rank grows.']);
    expect(fullTextOf(blocks)).toContain('Error versus rank 40 10 20 30 40 50\n\nFigure 1.');
  });

  it('does not take the caption of a figure stacked above for the next figure’s labels', () => {
    y = 700;
    const lines = [
      line('Figure 1. A first plot, whose caption runs on', 9),
      line('to a second line.', 9, 10),
      line('Accuracy', 9, 24),
      line('0.5 1.0', 9),
      line('Figure 2. A second plot.', 9),
    ];
    markFigureText(lines, body);
    expect(lines.filter((l) => l.inFigure).map((l) => l.text)).toEqual(['Accuracy', '0.5 1.0']);
  });

  it('leaves a table alone, and a figure without text marks nothing', () => {
    y = 700;
    const lines = [
      line('A paragraph of body text that ends before the figure.'),
      line('Figure 3. A photograph.', 9, 200),
      line('TABLE II', 9, 20),
      line('BIT RATES', 9),
      line('Fig. 4. Rates per layer.', 9),
    ];
    markFigureText(lines, body);
    expect(lines.some((l) => l.inFigure)).toBe(false);
  });
});

describe('footnotes in the full text', () => {
  const para = (text: string, page: number, lastLine: number) => ({
    kind: 'para' as const,
    page,
    lastPage: page,
    text,
    fs: 10,
    lastLine,
  });

  it('reads a note after the paragraph holding its anchor line, and an unanchored one at its page end', () => {
    const blocks = [para('Left column runs', 1, 3), para('Right column', 1, 9), para('Next page', 2, 15)];
    const text = fullTextOf(blocks, [
      { page: 1, text: '1 A left-column note', afterLine: 2 },
      { page: 1, text: '2 A note without anchor' },
    ]);
    expect(text.split('\n\n')).toEqual([
      'Left column runs',
      '1 A left-column note',
      'Right column',
      '2 A note without anchor',
      'Next page',
    ]);
  });
});
