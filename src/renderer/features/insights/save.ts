/**
 * Saving a chart as PNG and a table as CSV, inside the app's Content-Security-Policy
 * (script-src 'self'; img-src 'self' data: blob:): the chart's SVG is serialized, loaded as
 * an <img> from a blob: URL, drawn on a canvas and written out with canvas.toBlob. No
 * library, no eval, no remote fetch. The SVG holds no foreignObject, so the canvas stays
 * untainted and toBlob is allowed.
 */

export interface LegendEntry {
  name: string;
  color: string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export async function chartToPng(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[],
): Promise<Blob> {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const style = getComputedStyle(svg);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  // The page's stylesheet does not reach an SVG loaded as an image: carry the font along.
  clone.setAttribute('style', `font-family: ${style.fontFamily}; font-size: ${style.fontSize}`);
  const xml = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = await loadImage(url);
    const page = getComputedStyle(document.documentElement);
    const bg = page.getPropertyValue('--bg').trim() || '#ffffff';
    const fg = page.getPropertyValue('--fg').trim() || '#1d2027';
    const header = 32 + (legend.length ? 24 : 0);
    const scale = 2; // crisp on high-density screens and in documents
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = (height + header) * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, width, height + header);
    ctx.fillStyle = fg;
    ctx.font = `600 15px ${style.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(title, 12, 16);
    // Recharts draws its legend in HTML, outside the SVG: redraw it on the canvas.
    let x = 12;
    ctx.font = `12px ${style.fontFamily}`;
    for (const entry of legend) {
      ctx.fillStyle = entry.color;
      ctx.fillRect(x, 38, 10, 10);
      ctx.fillStyle = fg;
      ctx.fillText(entry.name, x + 14, 43);
      x += 14 + ctx.measureText(entry.name).width + 16;
    }
    ctx.drawImage(img, 0, header, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no image'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the chart could not be drawn'));
    img.src = src;
  });
}

/** Hands a file to the browser's (or Electron's) download handling. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download may still be reading the blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function fileSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '') || 'chart'
  );
}
