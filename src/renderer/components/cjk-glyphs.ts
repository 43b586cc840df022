/**
 * Whether this machine can draw Chinese characters in the UI font. Without a CJK font
 * (a bare Linux install) Chromium draws every Han character as the same empty box, so
 * two different characters come out pixel for pixel alike; with one, they differ. Drawn
 * on a small canvas in the page's own font stack, so the answer is about what the user sees.
 */
export function cjkGlyphsMissing(fontFamily: string): boolean {
  const size = 24;
  const canvas = document.createElement('canvas');
  canvas.width = size * 2;
  canvas.height = size * 2;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return false; // no canvas: cannot tell, so do not cry wolf
  const draw = (ch: string): { pixels: Uint8ClampedArray; width: number } => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = `${size}px ${fontFamily}`;
    ctx.fillStyle = '#000';
    ctx.textBaseline = 'top';
    ctx.fillText(ch, 4, 4);
    return {
      pixels: ctx.getImageData(0, 0, canvas.width, canvas.height).data,
      width: ctx.measureText(ch).width,
    };
  };
  // Two common characters with very different shapes, and a code point no font has (tofu).
  const a = draw('中');
  const b = draw('體');
  const tofu = draw('\u{10FFFD}');
  const same = (x: Uint8ClampedArray, y: Uint8ClampedArray) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.pixels, b.pixels) || (a.width === tofu.width && same(a.pixels, tofu.pixels));
}
