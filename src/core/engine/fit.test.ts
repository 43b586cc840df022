import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { cutText, fitPaper, type TokenCounter } from './fit';
import type { PromptPaper } from './protocol';
import { TRIM_MARK, serializePaper } from './serialize';

// One token per 4 characters, plus a fixed 50-token template: predictable numbers.
const counter: TokenCounter = {
  prompt: async (t) => 50 + Math.ceil(t.length / 4),
  text: async (t) => Math.ceil(t.length / 4),
};
const s = (heading: string, kind: 'abstract' | 'body' | 'references' | 'appendix', chars: number) => ({
  heading,
  kind,
  text: 'word '.repeat(chars / 5).trim(),
  pages: [1, 1] as [number, number],
});
const paper: PromptPaper = {
  title: 'T',
  abstract: 'A short abstract.',
  captions: ['Figure 1.'],
  sections: [
    s('Intro', 'body', 2000),
    s('Method', 'body', 4000),
    s('Results', 'body', 1000),
    s('References', 'references', 2000),
    s('Appendix A', 'appendix', 1500),
    s('Appendix B', 'appendix', 1500),
  ],
};
const parts = ['TITLE', 'ABSTRACT', 'CAPTIONS', 'CONTENT'] as const;
const full = async () =>
  (await fitPaper({ paper, parts: [...parts], contextSize: 1e6, maxTokens: 0 }, counter)).promptTokens;

describe('fitPaper', () => {
  it('leaves a paper that fits alone', async () => {
    const r = await fitPaper({ paper, parts: [...parts], contextSize: 10_000, maxTokens: 1000 }, counter);
    expect(r.trimmed).toEqual([]);
    expect(r.userText).toContain('[CONTENT]\n## Intro');
    expect(r.budget).toBe(9000);
  });

  it('drops references first, and stops as soon as it fits', async () => {
    const n = await full();
    const r = await fitPaper(
      { paper, parts: [...parts], contextSize: n - 100 + 200, maxTokens: 200 },
      counter,
    );
    expect(r.trimmed.map((t) => [t.heading, t.action])).toEqual([['References', 'dropped']]);
    expect(r.trimmed[0]).toMatchObject({
      kind: 'references',
      charsRemoved: paper.sections[3]!.text.length,
      charsKept: 0,
    });
    expect(r.trimmed[0]!.tokensRemoved).toBeGreaterThan(490);
    // The section's own tokens: within a token or two of what its heading and text weighed in the prompt.
    expect(Math.abs(r.untrimmedTokens - r.trimmed[0]!.tokensRemoved - r.promptTokens)).toBeLessThanOrEqual(8);
    expect(r.userText).not.toContain('## References');
  });

  it('then drops appendices from the last, before touching the body', async () => {
    const n = await full();
    const r = await fitPaper({ paper, parts: [...parts], contextSize: n - 800, maxTokens: 0 }, counter);
    expect(r.trimmed.map((t) => t.heading)).toEqual(['References', 'Appendix B']);
    expect(r.userText).toContain('## Appendix A');
  });

  it('then trims the longest body sections from their ends, reporting each cut', async () => {
    const n = await full();
    const budget = n - 1250 - 700; // drop refs + appendices (1250 tokens), then cut ~2800 chars
    const r = await fitPaper({ paper, parts: [...parts], contextSize: budget, maxTokens: 0 }, counter);
    expect(r.promptTokens).toBeLessThanOrEqual(budget);
    expect(r.promptTokens).toBeGreaterThan(budget - 10); // binary search: as much text as fits
    const cuts = r.trimmed.filter((t) => t.action === 'trimmed');
    expect(r.trimmed.slice(0, 3).map((t) => t.heading)).toEqual(['References', 'Appendix B', 'Appendix A']);
    // Method (longest) is cut; Results (shortest) is untouched.
    expect(cuts.map((c) => c.heading)).toContain('Method');
    expect(cuts.map((c) => c.heading)).not.toContain('Results');
    for (const c of cuts) {
      const original = paper.sections.find((x) => x.heading === c.heading)!.text;
      expect(c.charsKept + c.charsRemoved).toBe(original.length);
      expect(c.tokensRemoved).toBeGreaterThan(0);
    }
    expect(r.userText).toContain(TRIM_MARK);
  });

  it('refuses with the numbers when even empty body sections without captions do not fit', async () => {
    const err = await fitPaper({ paper, parts: [...parts], contextSize: 100, maxTokens: 40 }, counter).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('does_not_fit');
    expect((err as AppError).message).toMatch(
      /with every body section emptied and the captions dropped .* only 60 are free \(context 100 − 40 reserved/,
    );
  });

  it('drops the captions only when emptied body sections still do not fit', async () => {
    const captions = ['Figure 1: '.padEnd(400, 'x'), 'Table 1: '.padEnd(400, 'y')];
    const withCaptions = { ...paper, captions };
    const emptied = (c: string[]) =>
      counter.prompt(
        serializePaper(
          { ...paper, captions: c },
          [...parts],
          paper.sections.filter((x) => x.kind === 'body').map((x) => ({ ...x, text: cutText(x.text, 0) })),
        ),
      );
    const budget = (await emptied([])) + 50; // room for some body, none for the captions
    expect(await emptied(captions)).toBeGreaterThan(budget);
    const r = await fitPaper(
      { paper: withCaptions, parts: [...parts], contextSize: budget, maxTokens: 0 },
      counter,
    );
    expect(r.promptTokens).toBeLessThanOrEqual(budget);
    expect(r.userText).not.toContain('[CAPTIONS]');
    expect(r.trimmed.find((t) => t.kind === 'captions')).toMatchObject({
      action: 'dropped',
      charsRemoved: 800,
    });
    expect(r.trimmed.some((t) => t.action === 'trimmed')).toBe(true);
  });

  it('finds the same cut as an exhaustive search, with far fewer counts of the whole prompt', async () => {
    const long: PromptPaper = {
      ...paper,
      sections: [
        ...Array.from({ length: 12 }, (_, i) => s(`Body ${i}`, 'body', 500 + 400 * i)),
        s('References', 'references', 9000),
        ...Array.from({ length: 30 }, (_, i) => s(`Appendix ${i}`, 'appendix', 1500)),
      ],
    };
    for (const contextSize of [60_000, 12_000, 9_000, 3_000, 1_500]) {
      const calls = { prompt: 0 };
      const r = await fitPaper(
        { paper: long, parts: [...parts], contextSize, maxTokens: 500 },
        { ...counter, prompt: (t) => (calls.prompt++, counter.prompt(t)) },
      );
      const budget = contextSize - 500;
      expect(r.promptTokens).toBeLessThanOrEqual(budget);
      // As little removed as possible: one section fewer dropped, or one character more kept, would not fit.
      const drops = r.trimmed.filter((t) => t.action === 'dropped').length;
      const cuts = r.trimmed.filter((t) => t.action === 'trimmed');
      if (cuts.length === 0 && drops > 0) {
        const kept = r.trimmed.slice(0, drops - 1).map((t) => t.heading);
        const oneFewer = serializePaper(
          long,
          [...parts],
          long.sections.filter((x) => !kept.includes(x.heading)),
        );
        expect(await counter.prompt(oneFewer)).toBeGreaterThan(budget);
      }
      if (cuts.length) {
        const cap = Math.max(...cuts.map((c) => c.charsKept));
        const kept = long.sections.filter(
          (x) => !r.trimmed.some((t) => t.action === 'dropped' && t.heading === x.heading),
        );
        const more = serializePaper(
          long,
          [...parts],
          kept.map((x) => (x.kind === 'body' ? { ...x, text: cutText(x.text, cap + 6) } : x)),
        );
        expect(await counter.prompt(more)).toBeGreaterThan(budget);
      }
      expect(calls.prompt).toBeLessThan(16);
    }
  });

  it('cuts text at a word boundary and marks the cut', () => {
    expect(cutText('alpha beta gamma delta', 12)).toBe(`alpha beta${TRIM_MARK}`);
    expect(cutText('short', 10)).toBe('short');
  });
});
