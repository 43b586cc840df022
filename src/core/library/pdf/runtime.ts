/**
 * Undoes two costs pdf.js's legacy build puts on Node, measured on the corpus
 * (bench/results/extract-notes.md):
 *  - its bundled core-js replaces Array.prototype.push, JSON.parse and JSON.stringify with
 *    spec-edge-case polyfills for the whole thread (~10% of extraction CPU went to `push`
 *    alone). pdf.js never relies on those edge cases, so the natives are put back.
 *  - FlateDecode goes through DecompressionStream: a thread-pool hop and web streams per
 *    stream, thousands per paper. syncInflate() swaps in a same-API stream that inflates with
 *    zlib synchronously when its input is closed.
 */
import { inflateSync } from 'node:zlib';

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

const Native = globalThis.DecompressionStream;

/**
 * DecompressionStream whose 'deflate' format inflates in one synchronous zlib call at close;
 * other formats use the runtime's own. Corrupt input errors the readable side, as the native
 * one does, so pdf.js still falls back to its tolerant JS inflater for damaged streams.
 */
class SyncInflateStream extends TransformStream<Uint8Array, Uint8Array> {
  constructor() {
    const chunks: Uint8Array[] = [];
    super({
      transform(chunk) {
        chunks.push(chunk);
      },
      flush(ctrl) {
        ctrl.enqueue(new Uint8Array(inflateSync(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
      },
    });
  }
}

let installed = false;

/** Installs the synchronous inflater for this thread (the extraction worker, the bench). */
export function syncInflate(): void {
  if (installed || !Native) return;
  installed = true;
  const Shim = function DecompressionStream(format: CompressionFormat) {
    return format === 'deflate' ? new SyncInflateStream() : new Native(format);
  } as unknown as typeof DecompressionStream;
  globalThis.DecompressionStream = Shim;
}
