import { describe, expect, it } from 'vitest';
import { TokenPredictor, type Token } from 'node-llama-cpp';
import { draftOn, handLoaded } from './hand-loaded';
import { useTinyModel } from './tiny-model.fixtures';

/**
 * A predictor that always guesses the same two tokens. Random weights never repeat the
 * paper, so input lookup predicts nothing here; this one makes the model check a guess at
 * every step, which is what the counters record.
 */
class StubbornPredictor extends TokenPredictor {
  constructor(private readonly guess: Token) {
    super();
  }
  reset(): void {}
  pushTokens(): void {}
  predictTokens(): Token[] {
    return [this.guess, this.guess];
  }
}

describe('generate() records the token predictor per draft', () => {
  const tiny = useTinyModel();

  it("reports each draft's own validated and refuted predictions on a reused sequence, and null without a predictor", async () => {
    const context = await tiny.model.createContext({ contextSize: 512, sequences: 2, threads: 1 });
    const withPredictor = context.getSequence({
      tokenPredictor: new StubbornPredictor(tiny.model.tokenize('the')[0]!),
    });
    const plain = context.getSequence();
    // takeSequence pops: the predictor's sequence first. Two drafts one after the other: no lockstep.
    const l = handLoaded(tiny.model, context, { key: 'predictions', free: [plain, withPredictor] });
    const draft = (userText: string) => draftOn(l, userText, 12);
    try {
      const first = await draft('paper one');
      l.free = [plain, withPredictor];
      const second = await draft('paper two');
      for (const r of [first, second]) {
        expect(r.tokenPredictions).not.toBeNull();
        expect(r.tokenPredictions!.validated + r.tokenPredictions!.refuted).toBeGreaterThan(0);
      }
      // The sequence counts over both drafts; each draft reported only its own share.
      const total = withPredictor.tokenPredictions;
      expect(first.tokenPredictions!.validated + second.tokenPredictions!.validated).toBe(total.validated);
      expect(first.tokenPredictions!.refuted + second.tokenPredictions!.refuted).toBe(total.refuted);
      expect(second.tokenPredictions!.refuted).toBeLessThan(total.refuted);

      l.free = [withPredictor, plain];
      expect((await draft('paper three')).tokenPredictions).toBeNull();
    } finally {
      await context.dispose();
    }
  });
});
