import { describe, expect, it } from 'vitest';
import { resolveChatWrapper, TokenPredictor, type Token } from 'node-llama-cpp';
import { generate } from './generate';
import type { Loaded } from './loaded';
import type { LoadedInfo, WorkerRequest } from '../protocol';
import { Sampling } from '../../../shared/contract/engine';
import { useTinyModel } from './use-tiny-model';

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
    const withPredictor = context.getSequence({ tokenPredictor: new StubbornPredictor(tiny.model.tokenize('the')[0]!) });
    const plain = context.getSequence();
    const info: LoadedInfo = { backend: 'cpu', gpuLayers: 0, contextSize: 512, batchSize: 512, threads: 1, flashAttention: false, loadMs: 0, reused: false };
    const l: Loaded = {
      key: 'predictions',
      model: tiny.model,
      context,
      wrapper: resolveChatWrapper(tiny.model, { warningLogs: false }),
      info,
      free: [plain, withPredictor], // takeSequence pops: the predictor's sequence first
      barrier: undefined, // two drafts one after the other: no lockstep
      waiters: [],
      users: 1,
      idle: [],
    };
    const draft = (userText: string) =>
      generate(
        {
          id: userText,
          type: 'generate',
          spec: {} as never,
          systemText: 'Review the paper.',
          userText,
          sampling: { ...Sampling.parse({}), temperature: 0, seed: 1 },
          maxTokens: 12,
          flushMs: 50,
          flushTokens: 32,
        } as Extract<WorkerRequest, { type: 'generate' }>,
        l,
        info,
        new AbortController().signal,
        () => undefined,
      );
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
