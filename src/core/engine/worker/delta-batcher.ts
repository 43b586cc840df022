import type { Token } from 'node-llama-cpp';

export type EmitToken = (text: string, tokensOut: number) => void;
export type Detokenize = (tokens: Token[]) => string;

const REPLACEMENT = 0xfffd;
/** Tokens of context handed to the detokenizer before the new ones. */
const CONTEXT_TOKENS = 8;

/**
 * Turns the growing token list into text deltas, flushed every `flushTokens` tokens or
 * `flushMs` ms (the first token at once, for time to first token). A trailing U+FFFD is
 * held back until the next flush: it is usually half of a multi-byte character that the
 * next byte token completes. The concatenation of all deltas is the final text.
 *
 * Each flush detokenizes only the tokens since the last clean cut (a flush that ended on a
 * whole character), not the whole draft: re-reading all of it made every flush O(draft),
 * which with 32 parallel drafts flushing every step cost milliseconds per step.
 */
export class DeltaBatcher {
  private sent = '';
  /** Tokens before this index are in `sent` and ended on a whole character. */
  private cut = 0;
  /** What was already sent of the tokens from `cut` on (a flush that held back a U+FFFD). */
  private sentSinceCut = '';
  private pending = 0;
  private last = performance.now();

  constructor(
    private readonly detokenize: Detokenize,
    private readonly flushMs: number,
    private readonly flushTokens: number,
    private readonly emit: EmitToken,
  ) {}

  push(tokens: Token[]): void {
    this.pending++;
    if (
      tokens.length === 1 ||
      this.pending >= this.flushTokens ||
      performance.now() - this.last >= this.flushMs
    ) {
      this.flush(tokens, false);
    }
  }

  finish(tokens: Token[]): string {
    this.flush(tokens, true);
    return this.sent;
  }

  private flush(tokens: Token[], final: boolean): void {
    this.pending = 0;
    this.last = performance.now();
    if (tokens.length <= this.cut) return;
    const tail = this.textAfter(
      tokens.slice(this.cut),
      tokens.slice(Math.max(0, this.cut - CONTEXT_TOKENS), this.cut),
    );
    let end = tail.length;
    if (!final) while (end > this.sentSinceCut.length && tail.charCodeAt(end - 1) === REPLACEMENT) end--;
    const delta = end > this.sentSinceCut.length ? tail.slice(this.sentSinceCut.length, end) : '';
    if (end === tail.length) {
      this.cut = tokens.length;
      this.sentSinceCut = '';
    } else {
      this.sentSinceCut += delta;
    }
    if (!delta) return;
    this.sent += delta;
    this.emit(delta, tokens.length);
  }

  /**
   * The text `tokens` add after `before`: detokenized together and the text of `before` cut
   * off, because a SentencePiece tokenizer drops the leading space of a draft's first piece
   * only (node-llama-cpp's own `lastTokens` falls back to that when `before` reads as "").
   */
  private textAfter(tokens: Token[], before: Token[]): string {
    if (before.length === 0) return this.detokenize(tokens);
    const prefix = this.detokenize(before);
    const text = this.detokenize([...before, ...tokens]);
    return text.startsWith(prefix) ? text.slice(prefix.length) : this.detokenize(tokens);
  }
}
