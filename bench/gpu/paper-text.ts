/** The synthetic paper prompt the GPU benches draft from (app-bench.ts, ttft-probe.ts). */

/** Reproducible paper-like English (varied, so input lookup sees realistic n-grams). */
export function paperText(words: number, seed: number): string {
  const vocab = (
    'the a of and to in we our model method results paper propose show table figure data training ' +
    'evaluation baseline accuracy loss attention layer transformer dataset benchmark experiment ' +
    'ablation improves significant novel approach prior work section appendix theorem proof bound ' +
    'sample learning network gradient optimization performance analysis compared against while ' +
    'however therefore moreover propose demonstrate evaluate measure report observe language retrieval'
  ).split(' ');
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let w = vocab[next() % vocab.length] ?? 'the';
    if (i % 17 === 0) w = w.charAt(0).toUpperCase() + w.slice(1);
    out.push(i % 17 === 16 ? `${w}.` : w);
    if (i % 170 === 169) out.push(`\n\n## Section ${Math.floor(i / 170) + 1}\n`);
  }
  return out.join(' ');
}

export const SYSTEM =
  'You are an expert peer reviewer. Write a review of the paper below with the sections: Significance and novelty; Potential reasons for acceptance; Potential reasons for rejection; Suggestions for improvement.';

/**
 * A paper whose text is `want` tokens long (±24) by the model's own tokenizer: the word
 * count is scaled by the measured ratio a few times (tokenizers differ between models).
 */
async function calibratedPaper(
  count: (text: string) => number | Promise<number>,
  want: number,
  seed: number,
  onTry?: (words: number, tokens: number) => void,
): Promise<string> {
  let words = Math.max(16, Math.round(want / 2));
  let text = paperText(words, seed);
  for (let i = 0; i < 4; i++) {
    const n = await count(text);
    onTry?.(words, n);
    if (Math.abs(n - want) < 24) break;
    words = Math.max(16, Math.round((words * want) / n));
    text = paperText(words, seed);
  }
  return text;
}

/** Tokens the chat template adds around the system text and the paper (a margin, near enough). */
const TEMPLATE_TOKENS = 32;

/**
 * The paper of a prompt `promptTokens` rendered tokens long: SYSTEM, the paper and the chat
 * template's own tokens together, by the model's tokenizer (`count`).
 */
export async function paperForPrompt(
  count: (text: string) => number | Promise<number>,
  promptTokens: number,
  seed: number,
  onTry?: (words: number, tokens: number) => void,
): Promise<string> {
  return calibratedPaper(count, promptTokens - (await count(SYSTEM)) - TEMPLATE_TOKENS, seed, onTry);
}
