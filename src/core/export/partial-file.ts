import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, write, writeSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { CREATE_NEW } from '../durable-fs';

/**
 * A file written under "<name>.partial" and renamed to its name only once complete and
 * flushed to disk, so a crash or a killed worker never leaves a file that looks whole. The
 * partial file must be new: an existing file or a symbolic link at its name is refused,
 * never written through. The caller syncs the folder after the rename (fsyncDir).
 *
 * Writes go into one preallocated chunk of WRITE_CHUNK bytes: strings are UTF-8-encoded
 * straight into it (no joined string, no intermediate Buffer), ready bytes (a paper's
 * prompt, encoded once and shared by its reviews) are copied in. Each full chunk is hashed
 * here, in order, and handed to one positioned write on libuv's thread pool, so the disk
 * works while the worker encodes the next records (a synchronous write left one core idle
 * for the whole write time); the caller bounds that with settle() between records. Every
 * write but the last is exactly WRITE_CHUNK bytes, the chunking of the benchmark's plain
 * write. Memory: the current chunk, those in flight (settle(1): one) and one spare.
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
  private chunk: Buffer;
  private used = 0;
  private flushed = 0;
  private inFlight = 0;
  private spare: Buffer | null = null;
  private failed: Error | null = null;
  private waiters: Array<() => void> = [];
  lines = 0;

  constructor(
    readonly path: string,
    chunkSize: number = WRITE_CHUNK,
  ) {
    this.partialPath = `${path}.partial`;
    this.chunk = Buffer.allocUnsafe(chunkSize);
    this.fd = openNew(this.partialPath);
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

  write(text: string): void {
    this.text(text);
  }

  /** `sync`: write now (the last chunk, small files); else in the background. */
  private flush(sync = false): void {
    if (this.fd === null || this.used === 0) return;
    const fd = this.fd;
    const full = this.chunk;
    const length = this.used;
    const position = this.flushed;
    this.hash.update(full.subarray(0, length));
    this.flushed += length;
    this.used = 0;
    if (sync) {
      let off = 0;
      while (off < length) off += writeSync(fd, full, off, length - off, position + off);
      return;
    }
    this.chunk = this.spare ?? Buffer.allocUnsafe(full.length);
    this.spare = null;
    this.inFlight++;
    const done = (e: Error | null) => {
      if (e) this.failed ??= e;
      else this.spare = full;
      this.inFlight--;
      for (const w of this.waiters.splice(0)) w();
    };
    const rest = (off: number) =>
      write(fd, full, off, length - off, position + off, (e, n) =>
        e || off + n >= length ? done(e) : rest(off + n),
      );
    rest(0);
  }

  /** Waits until at most `max` chunk writes are in flight; throws the first write error. */
  async settle(max = 1): Promise<void> {
    while (this.inFlight > max) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failed) throw this.failed;
  }

  /** Flushes, fsyncs, closes and renames into place; returns the sha256 of the content. */
  commit(): string {
    if (this.inFlight > 0) throw new Error(`${this.path}: settle(0) before commit`);
    if (this.failed) throw this.failed;
    this.flush(true);
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

function openNew(file: string): number {
  try {
    return openSync(file, CREATE_NEW, 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      throw new AppError('invalid_input', `${file} is a symbolic link; the export writes only new files.`);
    if (code === 'EEXIST')
      throw new AppError('conflict', `${file} already exists; the export writes only new files.`);
    throw e;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
