import type { z } from 'zod';
import type { engineEvents } from '../../../shared/contract/engine';

export type DraftDeltaEvent = z.infer<typeof engineEvents.draftDelta>;
export type DraftFinishedEvent = z.infer<typeof engineEvents.draftFinished>;

type Tagged = { kind: 'delta'; e: DraftDeltaEvent } | { kind: 'finished'; e: DraftFinishedEvent };

export interface DraftStreamHandlers {
  delta(e: DraftDeltaEvent): void;
  finished(e: DraftFinishedEvent): void;
}

/**
 * Routes draftDelta/draftFinished events to the draft this panel started. Events and the
 * startDraft answer travel separately (a WebSocket and an HTTP response in the browser), so
 * the first deltas, or the end of a draft that fails or finishes at once, can arrive before
 * the requestId is known: this paper's events are held while the call is in flight and
 * replayed, in order, once it answers.
 */
export class DraftStream {
  private current: string | null = null;
  private starting = false;
  private early: Tagged[] = [];
  /** Characters of the current draft already shown (reattached from textSoFar). */
  private have = 0;

  constructor(
    private readonly paperId: string,
    private readonly handlers: DraftStreamHandlers,
  ) {}

  /** The request id of the draft being streamed, if any. */
  get requestId(): string | null {
    return this.current;
  }

  /** A startDraft (or getRunningDrafts) call is in flight. */
  begin(): void {
    this.starting = true;
    this.early = [];
  }

  /** startDraft answered: from now on, and for what came before, this request's events count. */
  started(requestId: string): void {
    this.resumed(requestId, 0);
  }

  /**
   * Reattached to a draft already running (the panel was left and reopened), whose first
   * `textLength` characters are shown already: held and later deltas carry on after them,
   * nothing doubled, because each delta says where it ends (textLength).
   */
  resumed(requestId: string, textLength: number): void {
    const early = this.early;
    this.starting = false;
    this.early = [];
    this.current = requestId;
    this.have = textLength;
    for (const t of early) if (t.e.requestId === requestId) this.route(t);
  }

  /** startDraft failed (or nothing was running to reattach to): nothing is being streamed. */
  failed(): void {
    this.starting = false;
    this.early = [];
  }

  delta(e: DraftDeltaEvent): void {
    this.route({ kind: 'delta', e });
  }

  finished(e: DraftFinishedEvent): void {
    this.route({ kind: 'finished', e });
  }

  private route(t: Tagged): void {
    if (this.current !== null && t.e.requestId === this.current) {
      if (t.kind === 'delta') this.deliver(t.e);
      else {
        this.current = null;
        this.handlers.finished(t.e);
      }
    } else if (this.starting && t.e.paperId === this.paperId) {
      this.early.push(t);
    }
  }

  private deliver(e: DraftDeltaEvent): void {
    const from = e.textLength - e.text.length;
    if (e.textLength <= this.have) return; // already in the text we reattached with
    const text = from < this.have ? e.text.slice(this.have - from) : e.text;
    this.have = e.textLength;
    this.handlers.delta(text === e.text ? e : { ...e, text });
  }
}
