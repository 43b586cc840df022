import type {
  BatchItem,
  BatchingOptions,
  CustomBatchingPrioritizationStrategy,
  LlamaContext,
  PrioritizedBatchItem,
} from 'node-llama-cpp';
import { assertInternals, queuedDecodesOf, wrapDecodeTokens } from './nlc-internals';

/** What the strategy needs of a queued item: its tokens and the sequence it belongs to. */
export interface SequencedItem {
  item: BatchItem;
  /** The llama.cpp sequence id, or undefined when it could not be told. */
  sequenceId: number | undefined;
}

/**
 * Which tokens of the queued items go into the next llama_decode, for several drafts
 * running in parallel sequences of one context (batch pre-drafting).
 *
 * Why not node-llama-cpp's default ("maximumParallelism": every item an equal share, in
 * arrival order): this llama.cpp keeps one KV stream per sequence and cuts every decode
 * call into ubatches of *consecutive* sequence ids holding the *same* token count per
 * sequence (llama_batch_allocr::split_equal, sequential). In arrival order, N sequences
 * decoding together were cut into several ubatches per step, each reading all the weights
 * again; and while a prompt was being read, every 512-token chunk carried one token of
 * each decoding sequence, so those decoded at one token per chunk (11–19 tokens/s each
 * on an H200, bench/results/gpu-H200-2026-11-28.md).
 *
 * Lockstep instead: while any prompt is pending, prompts only: one at a time in sequence
 * order, each filling the batch (a ubatch of one sequence, as fast as a lone prefill);
 * the decoding sequences wait. When no prompt is pending, one token of every decoding
 * sequence, ordered by sequence id, so the step is one ubatch when the ids are
 * consecutive (a wave of N drafts takes ids 0..N-1). With one sequence this is exactly
 * what the default does.
 */
export function lockstepOrder(queued: readonly SequencedItem[], size: number): PrioritizedBatchItem[] {
  const bySequence = [...queued].sort((a, b) => (a.sequenceId ?? Infinity) - (b.sequenceId ?? Infinity));
  const prompts = bySequence.filter((q) => q.item.tokens.length > 1);
  const out: PrioritizedBatchItem[] = [];
  let left = size;
  if (prompts.length > 0) {
    for (const { item } of prompts) {
      if (left <= 0) break;
      const processAmount = Math.min(item.tokens.length, left);
      out.push({ item, processAmount });
      left -= processAmount;
    }
    return out;
  }
  for (const { item } of bySequence) {
    if (left <= 0) break;
    out.push({ item, processAmount: 1 });
    left -= 1;
  }
  return out;
}

/**
 * node-llama-cpp 3.21.1 hands a prioritization strategy the queued items without their
 * sequence ids; its context keeps them in its queue of decodes, each holding the same
 * `tokens` array the item carries. Matched by that reference; an item that cannot be
 * matched sorts last (the strategy stays correct, only the ubatch count may grow).
 */
function lockstepStrategy(getContext: () => LlamaContext | undefined): CustomBatchingPrioritizationStrategy {
  return ({ items, size }) => {
    const context = getContext();
    const queued = context ? queuedDecodesOf(context) : [];
    const ids = new Map<readonly number[], number>();
    for (const q of queued) ids.set(q.tokens, q.sequenceId);
    return lockstepOrder(
      items.map((item) => ({ item, sequenceId: ids.get(item.tokens) })),
      size,
    );
  };
}

/**
 * Holds each generating sequence's next-token decode until every generating sequence has
 * asked for one, then queues them all at once, in sequence order, so they share one
 * llama_decode. Why: node-llama-cpp hands a sequence its sampled token as soon as that
 * sequence's sampling is done, and its dispatch loop starts the next batch with whatever
 * is queued by then; two sequences decoding together fell into alternating one-sequence
 * batches (measured on the CPU: 3 sequences, 0 of 12 steps shared), each reading all the
 * weights. Prompts (more than one token) pass straight through; a sequence that finishes
 * (`leave`) releases the others. `maxHoldMs` bounds any wait the bookkeeping did not foresee.
 *
 * Holes. llama.cpp puts only *consecutive* sequence ids into one ubatch, so when a draft in
 * the middle of the id range finishes first, every later step of the others is cut in two,
 * each part reading all the weights again (an H200 wave of 32 drafts, 4 of which ended
 * early, took 42 ms a step instead of 27; bench/results/gpu-2026-11-28-round3.md). A
 * finished sequence whose history is cleared can be handed back with `retire(id, pad)`:
 * while it sits between two stepping sequences, each step also decodes one throwaway token
 * on it (`pad`, no logits, nothing sampled), which keeps the ids consecutive and costs one
 * token of an empty sequence instead of a second pass over the weights. `enter` waits for a
 * pad in flight, so a sequence is never reused while one is queued on it.
 */
export class DecodeBarrier {
  private readonly active = new Set<number>();
  private held: Array<{ sequenceId: number; release: () => void }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Finished, cleared sequences that may carry a pad, with how to queue one. */
  private readonly spare = new Map<number, () => Promise<unknown>>();
  /** Pads queued and not yet decoded. */
  private readonly padding = new Map<number, Promise<void>>();
  /** Sequences whose next one-token decode is a pad: it passes the barrier. */
  private readonly padPasses = new Set<number>();

  constructor(private readonly maxHoldMs = 250) {}

  /** Wraps the context's internal decode queueing (once per context). */
  install(context: LlamaContext): void {
    wrapDecodeTokens(context, (bound) => (request, ...rest) => {
      if (request.tokens.length !== 1 || this.padPasses.delete(request.sequenceId))
        return bound(request, ...rest);
      return new Promise((resolve, reject) => {
        this.held.push({
          sequenceId: request.sequenceId,
          release: () => bound(request, ...rest).then(resolve, reject),
        });
        this.check();
      });
    });
  }

  /** A draft starts generating on this sequence (once any pad queued on it is decoded). */
  async enter(sequenceId: number): Promise<void> {
    this.spare.delete(sequenceId);
    await this.padding.get(sequenceId);
    this.active.add(sequenceId);
  }

  /** The draft on this sequence is done (finished, stopped or failed). */
  leave(sequenceId: number): void {
    this.active.delete(sequenceId);
    this.check();
  }

  /**
   * A finished sequence, its history cleared, may fill a hole in the id range: `pad`
   * decodes one throwaway token on it (and rejects when it can take no more).
   */
  retire(sequenceId: number, pad: () => Promise<unknown>): void {
    if (!this.active.has(sequenceId)) this.spare.set(sequenceId, pad);
  }

  private check(): void {
    if (this.held.length === 0) return;
    const waiting = new Set(this.held.map((h) => h.sequenceId));
    const all = [...this.active].every((id) => waiting.has(id));
    if (all) this.release();
    else this.timer ??= setTimeout(() => this.release(), this.maxHoldMs);
  }

  private release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.held.sort((a, b) => a.sequenceId - b.sequenceId);
    this.held = [];
    for (const h of batch) h.release();
    this.padHoles(batch.map((h) => h.sequenceId));
  }

  /**
   * Queues a pad on every spare sequence strictly between the lowest and highest id of the
   * step just released. node-llama-cpp dispatches a batch on its next turn of the event
   * loop (setImmediate) unless every sequence of the context is queued, which a step with a
   * hole never is; the pad's way to the queue is promise callbacks only, so it joins this step.
   */
  private padHoles(ids: readonly number[]): void {
    const lo = ids[0];
    const hi = ids.at(-1);
    if (lo === undefined || hi === undefined || hi - lo < 2) return;
    for (const [id, pad] of this.spare) {
      if (id <= lo || id >= hi || this.padding.has(id)) continue;
      this.padPasses.add(id);
      const done = Promise.resolve()
        .then(pad)
        .then(
          () => undefined,
          () => void this.spare.delete(id), // full, disposed: no more pads on it
        )
        .finally(() => {
          this.padding.delete(id);
          this.padPasses.delete(id);
        });
      this.padding.set(id, done);
    }
  }
}

/**
 * Lockstep batching for a context of several sequences, both halves: `batching` goes into
 * createContext's options, and `attach` (once the context exists) lets the strategy see
 * the context's queue and installs the barrier, which generate() then enters and leaves.
 */
export function lockstep(): { batching: BatchingOptions; attach(context: LlamaContext): DecodeBarrier } {
  let attached: LlamaContext | undefined;
  return {
    batching: { itemPrioritizationStrategy: lockstepStrategy(() => attached) },
    attach(context) {
      assertInternals(context);
      attached = context;
      const barrier = new DecodeBarrier();
      barrier.install(context);
      return barrier;
    },
  };
}
