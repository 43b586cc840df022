import type { PageGeometry } from './pdf-model';

/** Space around and between pages, in CSS px. */
export const PAD = 12;
export const GAP = 12;

/** Zoom steps, as multiples of the fit-width size (1 = fit width). */
export const ZOOMS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;

export function zoomStep(zoom: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOMS.find((z) => z > zoom + 1e-6) ?? zoom;
  return [...ZOOMS].reverse().find((z) => z < zoom - 1e-6) ?? zoom;
}

/** Every page's box in the scroll area, computed before any page renders. */
export interface Layout {
  scale: number;
  tops: number[];
  widths: number[];
  heights: number[];
  /** Width and height of the whole scroll content. */
  width: number;
  height: number;
}

/**
 * One scale for the whole document (pages keep their relative sizes): at zoom 1 the
 * widest page fills the available width.
 */
export function computeLayout(geoms: readonly PageGeometry[], availableWidth: number, zoom: number): Layout {
  const widest = Math.max(1, ...geoms.map((g) => g.width));
  const scale = (Math.max(100, availableWidth - 2 * PAD) * zoom) / widest;
  const tops: number[] = [];
  const widths: number[] = [];
  const heights: number[] = [];
  let y = PAD;
  for (const g of geoms) {
    tops.push(y);
    widths.push(Math.floor(g.width * scale));
    heights.push(Math.floor(g.height * scale));
    y += heights[heights.length - 1]! + GAP;
  }
  return {
    scale,
    tops,
    widths,
    heights,
    width: Math.max(availableWidth, widest * scale + 2 * PAD),
    height: y - GAP + PAD,
  };
}

/** The 0-based index of the page at content offset y. */
export function pageIndexAt(layout: Layout, y: number): number {
  let lo = 0;
  let hi = layout.tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
