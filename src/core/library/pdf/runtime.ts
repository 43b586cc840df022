/**
 * Undoes two costs pdf.js's legacy build puts on Node, measured on the corpus
 * (bench/results/extract-notes.md):
 *  - its bundled core-js replaces Array.prototype.push, JSON.parse and JSON.stringify with
 *    spec-edge-case polyfills for the whole thread (~10% of extraction CPU went to `push`
 *    alone). pdf.js never relies on those edge cases, so the natives are put back.
 *  - FlateDecode goes through DecompressionStream: a thread-pool hop and web streams per
 *    stream, thousands per paper (see syncInflate).
 */

const KEPT = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
] as const;

/** Runs `load` and puts back the built-ins it replaced; returns what it resolved to. */
export async function keepNativeBuiltins<T>(load: () => Promise<T>): Promise<T> {
  const saved = KEPT.map(([obj, key]) => [obj, key, Object.getOwnPropertyDescriptor(obj, key)] as const);
  try {
    return await load();
  } finally {
    for (const [obj, key, desc] of saved) if (desc) Object.defineProperty(obj, key, desc);
  }
}

/**
 * Makes pdf.js inflate FlateDecode streams with its own synchronous JS inflater: it tries
 * DecompressionStream first and falls back when that is missing. Only for a thread that does
 * nothing but extraction (our worker, the bench): it removes the global for that thread.
 * Measured (same outputs, byte for byte): less CPU than both the native stream and a
 * zlib.inflateSync TransformStream, which keep paying for web streams per stream.
 */
export function syncInflate(): void {
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = undefined;
}
