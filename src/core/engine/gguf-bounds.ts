import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * A bounded first pass over a GGUF header, before node-llama-cpp's parser reads it in the
 * main process. That parser trusts the file: an array that declares 2^31 elements is read
 * element by element into a JS array (minutes, then out of memory), and a string that
 * declares 2^40 bytes is allocated. This pass walks the same structure, allocating nothing
 * per element, and refuses any count or length above a limit or beyond the end of the file.
 */
export const GGUF_LIMITS = {
  /** Metadata entries; real models have a few dozen. */
  maxKeys: 65_536,
  /** Tensors; the largest MoE models have tens of thousands. */
  maxTensors: 1 << 20,
  /** Elements of one metadata array; a vocabulary or merge list is a few hundred thousand. */
  maxArrayLength: 1 << 24,
  /** Bytes of one string; a chat template is a few KB. */
  maxStringBytes: 16 * 1024 * 1024,
  /** ggml's GGML_MAX_DIMS. */
  maxDims: 4,
  /** Arrays of arrays: nesting this deep is already more than any real model uses. */
  maxNesting: 4,
};

const FIXED_SIZE: Record<number, number> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};
const STRING = 8;
const ARRAY = 9;
const CHUNK = 1 << 20;

class HeaderReader {
  private readonly buf = Buffer.alloc(CHUNK);
  private bufStart = 0;
  private bufEnd = 0;
  pos = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** Ensures `n` (≤ CHUNK) bytes at `pos` are in the buffer and moves past them. */
  private fill(n: number, what: string): number {
    if (this.pos + n > this.size) throw new PastEndError(what);
    if (this.pos < this.bufStart || this.pos + n > this.bufEnd) {
      this.bufStart = this.pos;
      this.bufEnd = this.pos + readSync(this.fd, this.buf, 0, CHUNK, this.pos);
    }
    const at = this.pos - this.bufStart;
    this.pos += n;
    return at;
  }

  u32(what: string): number {
    return this.buf.readUInt32LE(this.fill(4, what));
  }

  /** A uint64 as a number; anything above 2^53 is far above every limit anyway. */
  u64(what: string): number {
    return Number(this.buf.readBigUInt64LE(this.fill(8, what)));
  }

  skip(n: number, what: string): void {
    if (this.pos + n > this.size) throw new PastEndError(what);
    this.pos += n;
  }

  /** A string's length, checked; its bytes are skipped, or read when `keep` (keys, for messages). */
  string(what: string, keep = false): string {
    const length = this.u64(what);
    if (length > GGUF_LIMITS.maxStringBytes) {
      throw new BoundsError(
        `${what} declares a string of ${length} bytes (at most ${GGUF_LIMITS.maxStringBytes})`,
      );
    }
    if (!keep || length > 256) {
      this.skip(length, what);
      return '';
    }
    const at = this.fill(length, what);
    return this.buf.toString('utf8', at, at + length);
  }
}

class BoundsError extends Error {}
/** The header stops before its own declared end: reported as the parser reports a cut file. */
class PastEndError extends Error {}

function limit(count: number, max: number, what: string, unit: string): void {
  if (count > max) throw new BoundsError(`${what} declares ${count} ${unit} (at most ${max})`);
}

function skipValue(r: HeaderReader, type: number, what: string, depth: number): void {
  const fixed = FIXED_SIZE[type];
  if (fixed !== undefined) return r.skip(fixed, what);
  if (type === STRING) return void r.string(what);
  if (type !== ARRAY) throw new BoundsError(`${what} has an unknown value type ${type}`);
  if (depth >= GGUF_LIMITS.maxNesting) throw new BoundsError(`${what} nests arrays too deeply`);
  const elementType = r.u32(what);
  const count = r.u64(what);
  limit(count, GGUF_LIMITS.maxArrayLength, what, 'array elements');
  const elementSize = FIXED_SIZE[elementType];
  if (elementSize !== undefined) return r.skip(count * elementSize, what);
  // Strings and nested arrays take at least 8 bytes each (their length): check before walking.
  if (count * 8 > r.size - r.pos) throw new PastEndError(what);
  for (let i = 0; i < count; i++) skipValue(r, elementType, what, depth + 1);
}

/** Throws a one-line AppError when the header of the GGUF at `path` breaks a bound. */
export function checkGgufBounds(path: string, size: number): void {
  const fd = openSync(path, 'r');
  try {
    const r = new HeaderReader(fd, size);
    if (r.u32('the magic') !== 0x46554747) return; // not "GGUF": the parser reports it
    const version = r.u32('the version');
    if (version < 2) return; // v1 is refused by the parser itself
    const tensors = r.u64('the tensor count');
    const keys = r.u64('the metadata count');
    limit(tensors, GGUF_LIMITS.maxTensors, 'the header', 'tensors');
    limit(keys, GGUF_LIMITS.maxKeys, 'the header', 'metadata entries');
    for (let i = 0; i < keys; i++) {
      const key = r.string(`metadata entry ${i + 1}'s name`, true);
      const what = key ? `metadata "${key}"` : `metadata entry ${i + 1}`;
      skipValue(r, r.u32(what), what, 0);
    }
    for (let i = 0; i < tensors; i++) {
      const what = `tensor ${i + 1}`;
      r.string(what);
      const dims = r.u32(what);
      limit(dims, GGUF_LIMITS.maxDims, what, 'dimensions');
      r.skip(dims * 8 + 4 + 8, what);
    }
  } catch (e) {
    if (e instanceof PastEndError) {
      throw new AppError(
        'bad_file',
        `${basename(path)} is truncated or damaged: its GGUF header cannot be read.`,
      );
    }
    if (!(e instanceof BoundsError)) throw e;
    throw new AppError('bad_file', `${basename(path)} is not a usable GGUF: ${e.message}.`);
  } finally {
    closeSync(fd);
  }
}
