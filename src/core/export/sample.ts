import type { ByteSink } from './partial-file';

/** Longest string shown whole in a sample record; a paper's text is cut after this. */
const SHOWN_CHARS = 400;

/** Collects one record's bytes in memory (the preview's sample), as a PartialFile would write them. */
export class StringSink implements ByteSink {
  private readonly parts: string[] = [];
  private readonly decoder = new TextDecoder();
  text(s: string): void {
    this.parts.push(s);
  }
  raw(b: Uint8Array): void {
    this.parts.push(this.decoder.decode(b));
  }
  toString(): string {
    return this.parts.join('');
  }
}

/**
 * The record as the user should read it in a preview: pretty-printed, each long string
 * (the paper, a long review) cut with a note of how much was left out, so one record
 * shows its shape without 100,000 characters of paper.
 */
export function sampleRecord(line: string): string {
  const shorten = (v: unknown): unknown => {
    if (typeof v === 'string')
      return v.length > SHOWN_CHARS
        ? `${v.slice(0, SHOWN_CHARS)}… [${v.length - SHOWN_CHARS} more characters]`
        : v;
    if (Array.isArray(v)) return v.map(shorten);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x)]));
    return v;
  };
  return JSON.stringify(shorten(JSON.parse(line)), null, 2);
}
