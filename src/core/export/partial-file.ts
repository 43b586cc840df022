import { createHash, type Hash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/**
 * A file written under "<name>.partial" and renamed to its name only once complete and
 * flushed to disk, so a crash or a killed worker never leaves a file that looks whole.
 * Writes are buffered (1 MiB) and synchronous: the export runs in its own worker thread,
 * where blocking is the point, and the bytes are hashed as they go.
 */
const FLUSH_AT = 1 << 20;

export class PartialFile {
  readonly partialPath: string;
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  private chunks: string[] = [];
  private pending = 0;
  bytes = 0;
  lines = 0;

  constructor(readonly path: string) {
    this.partialPath = `${path}.partial`;
    this.fd = openSync(this.partialPath, 'w');
  }

  writeLine(text: string): void {
    this.chunks.push(text, '\n');
    this.pending += text.length + 1;
    this.lines++;
    if (this.pending >= FLUSH_AT) this.flush();
  }

  write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.fd === null || this.chunks.length === 0) return;
    const buf = Buffer.from(this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.pending = 0;
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
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
