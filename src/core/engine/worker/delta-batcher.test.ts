import { describe, expect, it } from 'vitest';
import type { Token } from 'node-llama-cpp';
import { useTinyModel } from './tiny-model.fixtures';
import { DeltaBatcher } from './delta-batcher';

/** The real tokenizer of a tiny test model (SentencePiece-style, byte fallback). */
describe('DeltaBatcher', () => {
  const tiny = useTinyModel();

  function stream(tokens: Token[], flushTokens: number) {
    const deltas: string[] = [];
    const calls: number[] = [];
    const b = new DeltaBatcher(
      (t) => (calls.push(t.length), tiny.model.detokenize(t)),
      60_000,
      flushTokens,
      (text) => deltas.push(text),
    );
    const out: Token[] = [];
    for (const t of tokens) b.push((out.push(t), out));
    return { text: b.finish(out), deltas, calls };
  }

  const samples = [
    'The method improves the baseline by 3.2 points on every benchmark.',
    'naïve café — 数据集 résumé, Straße; emoji 🙂 at the end',
    '  leading spaces, double  spaces and a line\nbreak',
  ];

  it('streams exactly the text of the whole draft, multi-byte characters split over byte tokens included', () => {
    for (const s of samples) {
      const tokens = tiny.model.tokenize(s);
      const whole = tiny.model.detokenize(tokens);
      for (const every of [1, 2, 3, 7]) {
        const r = stream(tokens, every);
        expect(r.text).toBe(whole);
        expect(r.deltas.join('')).toBe(whole);
        // Never a half character on screen.
        for (const d of r.deltas) expect(d.endsWith('\ufffd')).toBe(false);
      }
    }
  });

  it('detokenizes only what is new at each flush, not the whole draft again', () => {
    const tokens = tiny.model.tokenize(samples[0]!.repeat(20));
    const r = stream(tokens, 4);
    expect(r.text).toBe(tiny.model.detokenize(tokens));
    expect(Math.max(...r.calls)).toBeLessThanOrEqual(8 + 4);
  });
});
