import { AppError } from '../../shared/errors';
import type { TrimEntry } from '../../shared/contract/engine';
import type { PaperSection } from '../../shared/paper';
import type { PaperPart, PromptPaper } from './protocol';
import { TRIM_MARK, serializePaper } from './serialize';

export interface TokenCounter {
  /** Tokens of the whole rendered prompt whose user turn is `userText`. */
  prompt(userText: string): Promise<number>;
  /** Tokens of a bare piece of text (for reporting what a cut removed). */
  text(text: string): Promise<number>;
}

export interface FitInput {
  paper: PromptPaper;
  parts: readonly PaperPart[];
  contextSize: number;
  maxTokens: number;
}

export interface FitResult {
  userText: string;
  promptTokens: number;
  untrimmedTokens: number;
  budget: number;
  trimmed: TrimEntry[];
}

/** Cuts a section to at most `cap` characters at a word boundary and marks the cut. */
export function cutText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  let end = cap;
  const space = text.lastIndexOf(' ', cap);
  // Prefer a word boundary, unless it would throw away much more than asked.
  if (space > cap * 0.8) end = space;
  return text.slice(0, end).trimEnd() + TRIM_MARK;
}

/**
 * Makes the paper fit `contextSize - maxTokens` tokens, in the order DESIGN.md fixes:
 * drop references (last first), then appendices (last first), then cut the longest body
 * sections from their ends down to a common length found by binary search on the real
 * token count. Returns exactly what was removed; throws 'does_not_fit' with the numbers
 * when even empty body sections do not fit.
 */
export async function fitPaper(input: FitInput, count: TokenCounter): Promise<FitResult> {
  const budget = input.contextSize - input.maxTokens;
  const sections: PaperSection[] = input.paper.sections.map((s) => ({ ...s }));
  const render = () => serializePaper(input.paper, input.parts, sections);
  let userText = render();
  let n = await count.prompt(userText);
  const untrimmedTokens = n;
  const trimmed: TrimEntry[] = [];
  const result = (): FitResult => ({ userText, promptTokens: n, untrimmedTokens, budget, trimmed });
  if (n <= budget) return result();

  for (const kind of ['references', 'appendix'] as const) {
    for (let i = sections.length - 1; i >= 0; i--) {
      const s = sections[i];
      if (!s || s.kind !== kind) continue;
      sections.splice(i, 1);
      userText = render();
      const next = await count.prompt(userText);
      trimmed.push({ heading: s.heading, kind, action: 'dropped', charsRemoved: s.text.length, charsKept: 0, tokensRemoved: n - next });
      n = next;
      if (n <= budget) return result();
    }
  }

  const body = sections.map((s, i) => ({ s, i, text: s.text })).filter((b) => b.s.kind === 'body');
  const tryCap = async (cap: number) => {
    for (const b of body) (sections[b.i] as PaperSection).text = cutText(b.text, cap);
    userText = render();
    return count.prompt(userText);
  };
  const floor = await tryCap(0);
  if (floor > budget) {
    throw new AppError(
      'does_not_fit',
      `The paper does not fit even after trimming: ${floor} prompt tokens with every body section emptied (${untrimmedTokens} untrimmed), but only ${budget} are free (context ${input.contextSize} − ${input.maxTokens} reserved for the review).`,
    );
  }
  // Largest cap that fits: every body section longer than it is cut to it.
  let lo = 0;
  let hi = Math.max(0, ...body.map((b) => b.text.length));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if ((await tryCap(mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  n = await tryCap(lo);
  for (const b of body) {
    const kept = sections[b.i] as PaperSection;
    if (kept.text === b.text) continue;
    const keptChars = kept.text.length - TRIM_MARK.length;
    const tokensRemoved = (await count.text(b.text)) - (await count.text(b.text.slice(0, keptChars)));
    trimmed.push({
      heading: b.s.heading,
      kind: 'body',
      action: 'trimmed',
      charsRemoved: b.text.length - keptChars,
      charsKept: keptChars,
      tokensRemoved,
    });
  }
  return result();
}
