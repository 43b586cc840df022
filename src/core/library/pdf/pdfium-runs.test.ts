import { describe, expect, it } from 'vitest';
import type { Glyph } from './pdfium-glyphs';
import type { TextStyle } from './pdfium-objects';
import { toRuns } from './pdfium-runs';

const roman: TextStyle = {
  fontId: 1,
  font: { name: 'NimbusRomNo9L-Regu', bold: false, tex: null },
  hidden: null,
  rotated: false,
  turn: 0,
  scale: 1,
};
const italic: TextStyle = { ...roman, fontId: 2, font: { ...roman.font, name: 'NimbusRomNo9L-ReguItal' } };

/** Glyphs of `text` from x on baseline y, each 5pt wide (10pt type) unless placed by `at`. */
function glyphs(text: string, x: number, y = 100, style = roman): Glyph[] {
  return [...text].map((ch, i) => ({ ch, x: x + 5 * i, y, right: x + 5 * i + 5, fs: 10, style }));
}

const texts = (gs: Glyph[]) => toRuns(gs).map((r) => r.item.s);

describe('PDFium chars into runs (pdf.js text-content rules)', () => {
  it('reads a gap over 0.1 font sizes as a space and one over 0.6 as a whitespace run', () => {
    const runs = toRuns([...glyphs('ab', 0), ...glyphs('cd', 13), ...glyphs('ef', 31)]);
    expect(runs.map((r) => r.item.s)).toEqual(['ab cd', ' ', 'ef']);
    expect(runs[1]?.item).toMatchObject({ x: 23, w: 8 });
    expect(runs[0]?.item).toMatchObject({ x: 0, w: 23, fs: 10 });
  });

  it('starts a new run at a change of font, a step back or another baseline', () => {
    expect(texts([...glyphs('ab', 0), ...glyphs('cd', 10, 100, italic)])).toEqual(['ab', 'cd']);
    expect(texts([...glyphs('ab', 0), ...glyphs('cd', 2)])).toEqual(['ab', 'cd']);
    expect(texts([...glyphs('ab', 0), ...glyphs('cd', 10, 97)])).toEqual(['ab', 'cd']);
  });

  it('keeps the letters of a split ligature together ("ﬁ" → f, i on one origin)', () => {
    const [f, i] = glyphs('fi', 5);
    const gs = [...glyphs('e', 0), { ...f!, right: 12 }, { ...i!, x: 5, right: 12 }, ...glyphs('nd', 12)];
    expect(texts(gs)).toEqual(['efind']);
  });

  it('puts an accent drawn on its own onto the letter under it', () => {
    const accent: Glyph = { ch: '¨', x: 25.5, y: 100.1, right: 29, fs: 10, style: roman };
    const runs = texts([...glyphs('Micha', 0), accent, ...glyphs('el', 25)]);
    expect(runs.join('').normalize('NFC')).toBe('Michaël');
  });
});
