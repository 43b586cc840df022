/**
 * Headings from lines alone (issue 22's sections): unnumbered ones by the style the named ones
 * share, wrapped ones continued, small print beside a plot not taken for small capitals. The
 * corpus papers these come from are checked whole in reading.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { opensCaption } from './blocks';
import { asHeading, bodyStyle, continuesHeading } from './headings';
import type { Line } from './types';

const line = (text: string, y: number, over: Partial<Line> = {}): Line => ({
  page: 1,
  text,
  x0: 72,
  x1: 300,
  y,
  fs: 10,
  maxFs: 10,
  bold: false,
  col: 'S',
  colX0: 72,
  colX1: 540,
  parts: [text],
  ...over,
});
const bold12 = { fs: 12, maxFs: 12, bold: true };
const prose = (y: number) =>
  line('Wheat is grown globally and is one of the most important crops we have.', y);

describe('headings', () => {
  it('where nothing is numbered, lines set as "Introduction" and "Discussion" are headings too', () => {
    const lines = [
      line('Introduction', 700, bold12),
      ...[680, 668, 656, 644].map(prose),
      line('Materials and methods', 620, bold12),
      line('Discussion', 400, bold12),
      prose(380),
    ];
    const body = bodyStyle(lines);
    expect(body.heading).toEqual({ fs: 12, bold: true });
    expect(asHeading(lines[5]!, body)?.text).toBe('Materials and methods');
    expect(asHeading(line('A bold sentence in the heading style.', 300, bold12), body)).toBeNull();
  });

  it('a paper with numbered headings has no heading style of its own', () => {
    const lines = [
      line('1 Introduction', 700, bold12),
      ...[680, 668].map(prose),
      line('References', 400, bold12),
    ];
    expect(bodyStyle(lines).heading).toBeUndefined();
    expect(asHeading(line('Materials and methods', 620, bold12), bodyStyle(lines))).toBeNull();
  });

  it('continues a numbered heading on the next line of the same style, not into the text under it', () => {
    const body = { fs: 11 };
    const h = line('E Training corpus sizes for other', 730, bold12);
    expect(continuesHeading(h, line('language models', 716, { ...bold12, x0: 92 }), body)).toBe(true);
    expect(continuesHeading(h, line('Language model Training data', 716, { fs: 11, maxFs: 11 }), body)).toBe(
      false,
    );
    expect(continuesHeading(h, line('language models', 680, bold12), body)).toBe(false);
    expect(continuesHeading(h, line('F Numeric representations', 716, bold12), body)).toBe(false);
  });

  it('reads "5.2 2D REGRESSION" in small capitals, but not a plot\'s "10 CPU"', () => {
    const body = { fs: 10 };
    expect(asHeading(line('5.2 2D REGRESSION', 618, { fs: 8, maxFs: 10 }), body)?.number).toBe('5.2');
    expect(asHeading(line('10 CPU', 674, { fs: 6.5, maxFs: 6.7 }), body)).toBeNull();
  });
});

describe('captions set smaller than the text', () => {
  const caption = (text: string, y: number) => line(text, y, { fs: 9, maxFs: 9 });
  const lines = [
    ...[700, 688, 676].map(prose),
    caption('Table 1: Statistics on paper provenance.', 640),
    caption('Figure 2: Distribution of papers by field.', 600),
    caption('Table 3: Post-processing filters for papers.', 560),
    line('Table 4. On average, our parses contain many more paragraphs of text.', 520),
  ];

  it('mark a body-size line that opens "Table 4." as prose, where most captions are smaller', () => {
    const body = bodyStyle(lines);
    expect(body.smallCaptions).toBe(true);
    expect(opensCaption(lines[2]!, lines[6]!, body)).toBe(false);
    expect(opensCaption(lines[2]!, lines[3]!, body)).toBe(true);
  });

  it('leave body-size captions alone where the paper sets its captions in the text size', () => {
    const body = bodyStyle(lines.map((l) => ({ ...l, fs: 10, maxFs: 10 })));
    expect(body.smallCaptions).toBeUndefined();
    expect(opensCaption(lines[5]!, { ...lines[6]!, y: 400 }, body)).toBe(true);
  });
});
