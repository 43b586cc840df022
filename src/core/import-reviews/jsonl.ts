import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export type JsonLine = { line: number; value: unknown } | { line: number; error: string };

/** Gzip by content, not by name: a ".jsonl" that is really gzipped still reads. */
export async function isGzip(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * Streams a JSON Lines file (optionally gzipped) one parsed line at a time, in constant
 * memory. Blank lines are skipped; a line that is not JSON comes back as an error with its
 * 1-based number so the caller can report it and go on. `onBytes` reports compressed bytes
 * read, for progress against the file size.
 */
export async function* readJsonLines(
  file: string,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<JsonLine> {
  // Sniff before opening the stream: a 'data' listener starts the flow, and nothing may be
  // lost while we wait.
  const gz = await isGzip(file);
  const raw = createReadStream(file);
  if (onBytes) raw.on('data', () => onBytes(raw.bytesRead));
  const input = gz ? raw.pipe(createGunzip()) : raw;
  // A corrupt gzip stream errors on the gunzip side; surface it through the line iterator.
  if (gz) raw.on('error', (e) => input.destroy(e));
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const text of rl) {
      n++;
      if (text.trim() === '') continue;
      try {
        yield { line: n, value: JSON.parse(text) as unknown };
      } catch (e) {
        yield { line: n, error: `not JSON: ${(e as Error).message}` };
      }
    }
  } finally {
    rl.close();
    raw.destroy();
  }
}
