import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../shared/errors';
import { openRegularFile } from './bounded-read';

export type JsonLine = { line: number; value: unknown } | { line: number; error: string };

export interface JsonLinesLimits {
  /** A longer line is reported and skipped (its bytes are not kept). */
  maxLineBytes: number;
  /** A gzipped file stops with an error past max(floor, ratio × its compressed size). */
  maxInflatedFloorBytes: number;
  maxInflateRatio: number;
}

/**
 * A dataset line holds one paper's text and its reviews (a few hundred KB); real JSON text
 * gzips about 5-10×. Beyond these the input is a bomb or not review data.
 */
export const JSONL_LIMITS: JsonLinesLimits = {
  maxLineBytes: 32 * 1024 * 1024,
  maxInflatedFloorBytes: 64 * 1024 * 1024,
  maxInflateRatio: 100,
};

const MB = 1024 * 1024;
/** Inflated chunk size: large chunks cut per-chunk overhead about 4× on a bomb (or a big corpus). */
const INFLATE_CHUNK = MB;

/**
 * Streams a JSON Lines file (optionally gzipped, detected by content) one parsed line at a
 * time, in bounded memory: only regular files are read, a line longer than maxLineBytes is
 * reported and skipped, and a gzip stream that inflates past its cap stops the file with an
 * error. Blank lines are skipped; a line that is not JSON comes back as an error with its
 * 1-based number so the caller can report it and go on. `onBytes` reports compressed bytes
 * read, for progress against the file size.
 */
export async function* readJsonLines(
  file: string,
  onBytes?: (bytesRead: number) => void,
  limits: JsonLinesLimits = JSONL_LIMITS,
): AsyncGenerator<JsonLine> {
  const fh = await openRegularFile(file);
  const size = (await fh.stat()).size;
  const magic = Buffer.alloc(2);
  const { bytesRead } = await fh.read(magic, 0, 2, 0);
  const gz = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const raw = fh.createReadStream({ start: 0, autoClose: true });
  if (onBytes) raw.on('data', () => onBytes(raw.bytesRead));
  const input: Readable = gz ? raw.pipe(createGunzip({ chunkSize: INFLATE_CHUNK })) : raw;
  // A corrupt gzip stream errors on the gunzip side; surface it through the line iterator.
  if (gz) raw.on('error', (e) => input.destroy(e));
  const maxInflated = Math.max(limits.maxInflatedFloorBytes, limits.maxInflateRatio * size);
  let inflated = 0;
  const countInflated = (bytes: number) => {
    inflated += bytes;
    if (gz && inflated > maxInflated) {
      throw new AppError(
        'bad_file',
        `it decompresses to more than ${Math.round(maxInflated / MB)} MB (over ${limits.maxInflateRatio}× its size): a gzip bomb, not review data`,
      );
    }
  };
  try {
    for await (const { line, text } of splitLines(input, limits.maxLineBytes, countInflated)) {
      if (text === null) {
        yield { line, error: `longer than ${Math.round(limits.maxLineBytes / MB)} MB; skipped` };
        continue;
      }
      if (text.trim() === '') continue;
      try {
        yield { line, value: JSON.parse(text) as unknown };
      } catch (e) {
        yield { line, error: `not JSON: ${(e as Error).message}` };
      }
    }
  } finally {
    input.destroy();
    raw.destroy();
  }
}

/**
 * The non-blank lines of a byte stream with their 1-based numbers; `text` is null for a line
 * over `maxBytes`, whose bytes are dropped as they arrive, so memory stays bounded however
 * long a line runs. Empty lines are counted without being yielded (a stream of a billion
 * newlines costs a scan, not a billion awaits). `onChunk` sees every chunk's size first and
 * may throw to stop. A final line without a newline counts.
 */
async function* splitLines(
  input: Readable,
  maxBytes: number,
  onChunk: (bytes: number) => void,
): AsyncGenerator<{ line: number; text: string | null }> {
  let parts: Buffer[] = [];
  let length = 0;
  let line = 0;
  const end = (tail: Buffer): { line: number; text: string | null } | null => {
    line++;
    const total = length + tail.length;
    const text =
      total > maxBytes ? null : total === 0 ? '' : Buffer.concat([...parts, tail]).toString('utf8');
    parts = [];
    length = 0;
    return text === '' || text === '\r' ? null : { line, text };
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    onChunk(chunk.length);
    let start = 0;
    for (;;) {
      // A run of blank lines: counted by a tight byte loop, no call or allocation per line.
      if (length === 0) {
        while (chunk[start] === 0x0a) {
          start++;
          line++;
        }
      }
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      const item = end(chunk.subarray(start, nl));
      if (item) yield item;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    length += rest.length;
    if (length <= maxBytes) parts.push(rest);
    else parts = [];
  }
  if (length > 0) {
    const item = end(Buffer.alloc(0));
    if (item) yield item;
  }
}
