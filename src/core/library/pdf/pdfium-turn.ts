/**
 * Landscape pages: a wide table set on a portrait page turned a quarter (ICLR's full-results
 * tables). Turned text is otherwise left out as margin furniture (arXiv side stamps), which
 * loses the whole page. Where most of a page's glyphs share one quarter turn, the page is read
 * in the turned frame instead: those glyphs become upright text on a page as wide as the
 * original is tall, and the upright ones (running header, page number) become the turned ones.
 */
import type { Glyph } from './pdfium-glyphs';
import type { TextStyle } from './pdfium-objects';

/** Glyphs and view (x0, y0, x1, y1) to read the page with. */
export interface PageFrame {
  glyphs: Glyph[];
  view: number[];
}

function dominantTurn(glyphs: Glyph[]): 90 | -90 | 0 {
  let solid = 0;
  const turned = { 90: 0, [-90]: 0 };
  for (const g of glyphs) {
    if (!/\S/.test(g.ch) || g.style.hidden) continue;
    solid++;
    if (g.style.turn) turned[g.style.turn]++;
  }
  for (const t of [90, -90] as const) if (turned[t] >= 200 && turned[t] >= 0.6 * solid) return t;
  return 0;
}

export function readingFrame(glyphs: Glyph[], view: number[]): PageFrame {
  const turn = dominantTurn(glyphs);
  if (!turn) return { glyphs, view };
  const [vx0 = 0, vy0 = 0, vx1 = 612, vy1 = 792] = view;
  const styles = new Map<TextStyle, TextStyle>();
  const styleOf = (s: TextStyle) => {
    let out = styles.get(s);
    if (!out) styles.set(s, (out = { ...s, rotated: s.turn !== turn, turn: 0 }));
    return out;
  };
  // Reading upwards (90), a glyph's up is -x; reading downwards (-90), it is +x.
  const at = (x: number, y: number) =>
    turn === 90 ? { x: y - vy0, y: vx1 - x } : { x: vy1 - y, y: x - vx0 };
  const out = glyphs.map((g) => {
    const p = at(g.x, g.y);
    const end =
      g.style.turn !== turn
        ? p.x + (g.right - g.x)
        : turn === 90
          ? (g.top ?? g.y) - vy0
          : vy1 - (g.bottom ?? g.y);
    return { ...g, x: p.x, y: p.y, right: Math.max(p.x, end), style: styleOf(g.style) };
  });
  return { glyphs: out, view: [0, 0, vy1 - vy0, vx1 - vx0] };
}
