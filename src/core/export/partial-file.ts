import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/**
 * A file written under "<name>.partial" and renamed to its name only once complete and
 * flushed to disk, so a crash or a killed worker never leaves a file that looks whole.
 *
 * Writes go into one preallocated chunk of WRITE_CHUNK bytes: strings are UTF-8-encoded
 * straight into it (no joined string, no intermediate Buffer), ready bytes (a paper's
 * prompt, encoded once and shared by its reviews) are copied in. Each full chunk is hashed
 * and written with one synchronous call — the export runs in its own worker thread, where
 * blocking is the point — so every write but the last is exactly WRITE_CHUNK bytes, the
 * same chunking the benchmark's plain write uses. Memory stays at one chunk per file.
 */
export const WRITE_CHUNK = 1 << 20;
/** Code units encoded through a small buffer near a chunk's end (see text()). */
const TAIL = 4096;

/** Where a record is encoded to: text (UTF-8-encoded on the way) or bytes already encoded. */
export interface ByteSink {
  text(s: string): void;
  raw(b: Uint8Array): void;
}

export class PartialFile implements ByteSink {
  readonly partialPath: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  private readonly chunk: Buffer;
  private used = 0;
  private flushed = 0;
  lines = 0;

  constructor(
    readonly path: string,
    chunkSize: number = WRITE_CHUNK,
  ) {
    this.partialPath = `${path}.partial`;
    this.chunk = Buffer.allocUnsafe(chunkSize);
    this.fd = openSync(this.partialPath, 'w');
  }

  /** Bytes written so far (flushed or not). */
  get bytes(): number {
    return this.flushed + this.used;
  }

  text(s: string): void {
    let from = 0;
    while (from < s.length) {
      const room = this.chunk.length - this.used;
      const rest = s.length - from;
      // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so rest * 3 <= room means
      // the rest fits whole and is encoded straight into the chunk.
      if (rest * 3 <= room) {
        this.used += this.chunk.write(from === 0 ? s : s.slice(from), this.used, 'utf8');
        return;
      }
      // Otherwise encode what surely fits, and the last few KB before the chunk's end via a
      // small buffer, so the chunk fills to its last byte (exact WRITE_CHUNK writes).
      const direct = room >= 3 * TAIL;
      let n = direct ? Math.floor(room / 3) : Math.min(rest, TAIL);
      // Never split a surrogate pair: its halves alone would be encoded as U+FFFD.
      if (n < rest && isHighSurrogate(s.charCodeAt(from + n - 1))) n--;
      const part = s.slice(from, from + n);
      if (direct) this.used += this.chunk.write(part, this.used, 'utf8');
      else this.raw(Buffer.from(part, 'utf8'));
      from += n;
    }
  }

  raw(b: Uint8Array): void {
    let off = 0;
    while (off < b.length) {
      if (this.used === this.chunk.length) this.flush();
      const n = Math.min(b.length - off, this.chunk.length - this.used);
      this.chunk.set(b.subarray(off, off + n), this.used);
      this.used += n;
      off += n;
    }
  }

  /** Ends a JSON Lines record. */
  endLine(): void {
    this.text('\n');
    this.lines++;
  }

  writeLine(text: string): void {
    this.text(text);
    this.endLine();
  }

  write(text: string): void {
    this.text(text);
  }

  private flush(): void {
    if (this.fd === null || this.used === 0) return;
    const buf = this.chunk.subarray(0, this.used);
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.flushed += buf.length;
    this.used = 0;
  }

  /** Flushes, fsyncs, closes and renames into place; returns the sha256 of the content. */
  commit(): string {
    this.flush();
    if (this.fd === null) throw new Error(`${this.path} is already closed`);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.partialPath, this.path);
    return this.hash.digest('hex');
  }

  /** Closes without renaming (the caller removes or keeps the .partial). */
  abandon(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
