import { describe, expect, it } from 'vitest';
import type { BatchItem, LlamaContext, Token } from 'node-llama-cpp';
import { onAddonCalls } from '../../../../test/support/addon-calls';
import { draftOn, handLoaded } from './hand-loaded';
import { useTinyModel } from './tiny-model.fixtures';
import { lockstep, lockstepOrder } from './batching';
import { sequenceIdOf } from './nlc-internals';

const item = (n: number): BatchItem => ({
  tokens: Array.from({ length: n }, (_, i) => (i + 1) as Token),
  logits: [],
  evaluationPriority: 5,
});

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
    expect(
      lockstepOrder(
        [
          { item: unknown, sequenceId: undefined },
          { item: known, sequenceId: 3 },
        ],
        1,
      ),
    ).toEqual([{ item: known, processAmount: 1 }]);
  });
});

/**
 * The real engine (tiny model, CPU): three sequences of one context generate at once, with
 * prompts of different lengths so one starts decoding while the others are still being read.
 * Every batch node-llama-cpp sends to llama.cpp is recorded (sequence id and token count of
 * each item), test/support/addon-calls.ts.
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
    const batches = recordBatches(context);
    const GENERATE = 12;
    const promptOf = (words: number) =>
      tiny.model.tokenize(Array.from({ length: words }, (_, i) => `word${i % 17}`).join(' '));
    const prompts = [promptOf(2), promptOf(12), promptOf(24)];
    try {
      await Promise.all(
        prompts.map(async (prompt) => {
          const seq = context.getSequence();
          await barrier.enter(sequenceIdOf(seq));
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
    for (const b of decodeSteps)
      expect(b.map((i) => i.seq)).toEqual([...b.map((i) => i.seq)].sort((x, y) => x - y));
    // ... and every step carries all three (the first token of each comes from its prompt;
    // a prompt's last chunk may be a lone token, read alone).
    const shared = decodeSteps.filter((b) => b.length > 1);
    expect(shared.map((b) => b.length)).toEqual(Array.from({ length: GENERATE - 1 }, () => 3));
  });
});

/** Every batch node-llama-cpp sends to llama.cpp: the sequence id and token count of each item. */
function recordBatches(context: LlamaContext): Array<Array<{ seq: number; n: number }>> {
  const batches: Array<Array<{ seq: number; n: number }>> = [];
  onAddonCalls(context, (method, args) => {
    if (method === 'initBatch') batches.push([]);
    if (method === 'addToBatch')
      batches.at(-1)?.push({ seq: args[0] as number, n: (args[2] as Uint32Array).length });
  });
  return batches;
}

/**
 * The worker's own generate() on a lockstep context of three sequences, where the draft on
 * the middle sequence id ends first: llama.cpp would cut each later step of the other two
 * into two ubatches (ids 0 and 2 are not consecutive), so the finished sequence carries a
 * throwaway pad token in each of those steps; and a padded sequence, taken again, drafts
 * exactly as a sequence that never carried a pad.
 */
describe('holes in a lockstep wave', () => {
  const tiny = useTinyModel();

  it('pads a finished middle sequence so the others still step as one run of ids, and leaves nothing behind', async () => {
    const together = lockstep();
    const context = await tiny.model.createContext({
      contextSize: 512,
      sequences: 3,
      batchSize: 64,
      threads: 1,
      batching: together.batching,
    });
    const free = [context.getSequence(), context.getSequence(), context.getSequence()];
    // takeSequence pops: the drafts get ids 2, 1, 0 in turn.
    const l = handLoaded(tiny.model, context, {
      key: 'holes',
      free: [...free],
      barrier: together.attach(context),
    });
    const batches = recordBatches(context);
    const draft = (userText: string, maxTokens: number) => draftOn(l, userText, maxTokens);
    try {
      const wave = await Promise.all([
        draft('paper one', 16),
        draft('paper two', 3),
        draft('paper three', 16),
      ]);
      expect(wave.map((r) => r.tokensOut)).toEqual([16, 3, 16]);
      // Sequence 1 stopped after 3 tokens. Every later step of 0 and 2 carries it as well,
      // but the one already under way while its history was being cleared.
      const steps = batches
        .filter((b) => b.length > 1 && b.every((i) => i.n === 1))
        .map((b) => b.map((i) => i.seq));
      expect(steps.length).toBe(16 - 1);
      const afterHole = steps.slice(3 - 1);
      expect(afterHole.filter((ids) => ids.join() !== '0,1,2').length).toBeLessThanOrEqual(1);
      await until(() => l.free.length === 3);
      expect(free[1]!.nextTokenIndex).toBeGreaterThan(0); // pads sit on it

      // The padded sequence (id 1) and a never-padded one (id 0) draft the same paper alike.
      const pick = (id: number) => {
        l.free = [...free.filter((s) => sequenceIdOf(s) !== id), free[id]!];
      };
      pick(1);
      const onPadded = await draft('paper four', 12);
      await until(() => l.free.length === 3);
      pick(0);
      const onClean = await draft('paper four', 12);
      expect(onPadded.tokensOut).toBe(12);
      expect(onPadded.text).toBe(onClean.text);
    } finally {
      await context.dispose();
    }
  });
});

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
}
