import { describe, expect, it } from 'vitest';
import type { BatchItem, Token } from 'node-llama-cpp';
import { onAddonCalls } from '../../../../test/helpers/addon-calls';
import { useTinyModel } from './use-tiny-model';
import { lockstep, lockstepOrder, sequenceIdOf } from './batching';

const item = (n: number): BatchItem => ({ tokens: Array.from({ length: n }, (_, i) => (i + 1) as Token), logits: [], evaluationPriority: 5 });

describe('lockstepOrder', () => {
  it('reads pending prompts first, one at a time in sequence order, and holds decoding sequences back', () => {
    const decoding = item(1);
    const late = item(300);
    const early = item(400);
    const out = lockstepOrder(
      [
        { item: decoding, sequenceId: 0 },
        { item: late, sequenceId: 2 },
        { item: early, sequenceId: 1 },
      ],
      512,
    );
    expect(out.map((o) => [o.item, o.processAmount])).toEqual([
      [early, 400],
      [late, 112],
    ]);
  });

  it('steps every decoding sequence together, ordered by sequence id', () => {
    const a = item(1);
    const b = item(1);
    const c = item(1);
    const out = lockstepOrder(
      [
        { item: c, sequenceId: 7 },
        { item: a, sequenceId: 5 },
        { item: b, sequenceId: 6 },
      ],
      512,
    );
    expect(out).toEqual([
      { item: a, processAmount: 1 },
      { item: b, processAmount: 1 },
      { item: c, processAmount: 1 },
    ]);
  });

  it('never exceeds the batch, and sorts items it cannot place last', () => {
    const known = item(1);
    const unknown = item(1);
    expect(lockstepOrder([{ item: unknown, sequenceId: undefined }, { item: known, sequenceId: 3 }], 1)).toEqual([
      { item: known, processAmount: 1 },
    ]);
  });
});

/**
 * The real engine (tiny model, CPU): three sequences of one context generate at once, with
 * prompts of different lengths so one starts decoding while the others are still being read.
 * Every batch node-llama-cpp sends to llama.cpp is recorded (sequence id and token count of
 * each item), test/helpers/addon-calls.ts.
 */
describe('lockstep batching in a real context', () => {
  const tiny = useTinyModel();

  it('never mixes prompt chunks with decode steps, and steps all decoding sequences in id order', async () => {
    const together = lockstep();
    const context = await tiny.model.createContext({
      contextSize: 256,
      sequences: 3,
      batchSize: 16,
      threads: 1,
      batching: together.batching,
    });
    const barrier = together.attach(context);
    const batches: Array<Array<{ seq: number; n: number }>> = [];
    onAddonCalls(context, (method, args) => {
      if (method === 'initBatch') batches.push([]);
      if (method === 'addToBatch') batches.at(-1)?.push({ seq: args[0] as number, n: (args[2] as Uint32Array).length });
    });
    const GENERATE = 12;
    const promptOf = (words: number) => tiny.model.tokenize(Array.from({ length: words }, (_, i) => `word${i % 17}`).join(' '));
    const prompts = [promptOf(2), promptOf(12), promptOf(24)];
    try {
      await Promise.all(
        prompts.map(async (prompt) => {
          const seq = context.getSequence();
          barrier.enter(sequenceIdOf(seq));
          let n = 0;
          try {
            for await (const token of seq.evaluate(prompt, { temperature: 0.7, topK: 40, seed: 1 })) {
              void token;
              if (++n >= GENERATE) break;
            }
          } finally {
            barrier.leave(sequenceIdOf(seq));
          }
        }),
      );
    } finally {
      await context.dispose();
    }
    const decodeSteps = batches.filter((b) => b.every((i) => i.n === 1));
    const promptChunks = batches.filter((b) => b.some((i) => i.n > 1));
    expect(prompts.every((p) => p.length > 1 && p.length < 200)).toBe(true);
    // A prompt chunk never carries a decoding sequence's token.
    for (const b of promptChunks) expect(b.every((i) => i.n > 1)).toBe(true);
    // Decode steps list their sequences in ascending id order ...
    for (const b of decodeSteps) expect(b.map((i) => i.seq)).toEqual([...b.map((i) => i.seq)].sort((x, y) => x - y));
    // ... and every step carries all three (the first token of each comes from its prompt;
    // a prompt's last chunk may be a lone token, read alone).
    const shared = decodeSteps.filter((b) => b.length > 1);
    expect(shared.map((b) => b.length)).toEqual(Array.from({ length: GENERATE - 1 }, () => 3));
  });
});
