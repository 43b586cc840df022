import type { IncomingMessage } from 'node:http';

/**
 * Bounded request bodies for the web host. A body is refused as soon as it is known to be
 * too large (by its Content-Length, else while it streams in), and a JSON body nested deeper
 * than MAX_JSON_DEPTH is refused before it is parsed, so neither the parser nor zod's
 * recursive validation can be driven into a stack overflow or a memory spike.
 */

export const MAX_JSON_DEPTH = 64;

/** Why a body was refused: the HTTP status and the one-line message the client sees. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, `The request body is larger than ${formatBytes(limit)}.`);
}

function formatBytes(n: number): string {
  return n >= 1048576 ? `${Math.round(n / 1048576)} MB` : `${Math.round(n / 1024)} KB`;
}

/** The body's bytes, or a BodyError (413) once it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Stop buffering at once; the caller answers 413 and closes the connection.
      req.off('data', onData);
      req.pause();
      chunks.length = 0;
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Throws a BodyError (400) when the JSON in `bytes` nests arrays/objects deeper than `max`.
 * One pass over the raw UTF-8 bytes (a multi-byte character never contains an ASCII byte, so
 * quotes and brackets are found exactly); string contents are skipped with Buffer.indexOf
 * (memchr), so a 250 MB base64 upload, one long string, costs milliseconds.
 */
export function checkJsonDepth(bytes: Buffer, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x22 /* " */) {
      i = endOfString(bytes, i);
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) {
        throw new BodyError(400, `The request body nests deeper than ${max} levels.`);
      }
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
}

/** The index of the quote that closes the string opened at `start` (or the end). */
function endOfString(bytes: Buffer, start: number): number {
  let i = start;
  for (;;) {
    i = bytes.indexOf(0x22, i + 1);
    if (i < 0) return bytes.length;
    let backslashes = 0;
    while (bytes[i - 1 - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

/**
 * A counting gate: at most `limit` holders at once, the rest wait in arrival order (a
 * browser importing 100 PDFs gets them all done, four at a time, instead of 96 refusals).
 * Past `maxWaiting` waiters, `acquire` returns null and the caller answers 503.
 */
export class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** The most holders ever seen at once (the fault tests read it). */
  peak = 0;

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
  ) {}

  async acquire(): Promise<(() => void) | null> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxWaiting) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.active++;
    this.peak = Math.max(this.peak, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` is unchanged.
      if (next) next();
      else this.active--;
    };
  }
}
