import { AppError } from '../../shared/errors';
import type { TrimEntry } from '../../shared/contract/engine';
import type { PaperSection } from '../../shared/paper';
import type { PaperPart, PlanResult, PromptPaper } from './protocol';
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
 * Smallest x in [lo, hi] with ok(x), for ok monotone (false … false true … true); hi + 1
 * when none. `guess` aims the search: it probes outwards from there in doubling steps, so a
 * good guess costs a handful of calls instead of log2(hi − lo).
 */
async function firstTrue(
  lo: number,
  hi: number,
  guess: number,
  ok: (x: number) => Promise<boolean>,
): Promise<number> {
  let g = Math.min(hi, Math.max(lo, guess));
  if (await ok(g)) {
    // Answer in [lo, g]: step down until a false is found.
    let step = 1;
    let below = g - step;
    while (below >= lo && (await ok(below))) {
      g = below;
      step *= 2;
      below = g - step;
    }
    lo = Math.max(lo, below + 1);
    hi = g;
  } else {
    let step = 1;
    let above = g + step;
    while (above <= hi && !(await ok(above))) {
      g = above;
      step *= 2;
      above = g + step;
    }
    if (above > hi) {
      if (hi === g || !(await ok(hi))) return hi + 1;
      above = hi;
    }
    lo = g + 1;
    hi = above;
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Makes the paper fit `contextSize - maxTokens` tokens, in the order docs/ARCHITECTURE.md fixes:
 * drop references (last first), then appendices (last first), then cut the longest body
 * sections from their ends down to a common length — as little as possible: the fewest
 * drops, then the largest length, each decided on the real token count of the rendered
 * prompt. Each section's own token count (one pass over the paper) only aims those
 * searches, so a long paper costs a few counts of budget-sized prompts rather than one
 * count of the whole paper per section dropped. When even emptied body sections do not fit,
 * the captions are dropped too. Returns exactly what was removed; throws 'does_not_fit'
 * with the numbers when even that does not fit.
 */
export async function fitPaper(input: FitInput, count: TokenCounter): Promise<FitResult> {
  const budget = input.contextSize - input.maxTokens;
  const original = input.paper.sections;
  const userText = serializePaper(input.paper, input.parts, original);
  const untrimmedTokens = await count.prompt(userText);
  const fits = { budget, untrimmedTokens };
  if (untrimmedTokens <= budget) return { userText, promptTokens: untrimmedTokens, ...fits, trimmed: [] };

  const own = new Map<PaperSection, number>();
  for (const s of original) own.set(s, await count.text(s.text));
  const dropped = await dropTrailing(input, count, own, untrimmedTokens, budget);
  if (dropped.promptTokens <= budget) {
    const text = serializePaper(input.paper, input.parts, dropped.sections);
    return { userText: text, promptTokens: dropped.promptTokens, ...fits, trimmed: dropped.trimmed };
  }
  const cut = await cutBody(input, count, own, dropped.sections, fits);
  return {
    userText: cut.userText,
    promptTokens: cut.promptTokens,
    ...fits,
    trimmed: [...dropped.trimmed, ...cut.trimmed],
  };
}

/** Step 1: the fewest references and appendices (each from the last) whose removal fits. */
async function dropTrailing(
  input: FitInput,
  count: TokenCounter,
  own: Map<PaperSection, number>,
  n: number,
  budget: number,
): Promise<{ sections: PaperSection[]; promptTokens: number; trimmed: TrimEntry[] }> {
  const original = input.paper.sections;
  // Drop order: references then appendices, each from the last. Keeping the first k of them gone.
  const drops = (['references', 'appendix'] as const).flatMap((kind) =>
    original.filter((s) => s.kind === kind).reverse(),
  );
  const without = (k: number) => {
    const gone = new Set(drops.slice(0, k));
    return original.filter((s) => !gone.has(s));
  };
  const counted = new Map<number, number>([[0, n]]);
  const countWithout = async (k: number) => {
    let c = counted.get(k);
    if (c === undefined)
      counted.set(k, (c = await count.prompt(serializePaper(input.paper, input.parts, without(k)))));
    return c;
  };
  let guess = 0;
  for (let est = n; guess < drops.length && est > budget; guess++) est -= own.get(drops[guess]!)!;
  // The fewest drops that fit; all of them when none does (the body is cut next).
  const dropped = drops.length
    ? Math.min(
        drops.length,
        await firstTrue(1, drops.length, guess, async (x) => (await countWithout(x)) <= budget),
      )
    : 0;
  const trimmed = drops.slice(0, dropped).map((s): TrimEntry => ({
    heading: s.heading,
    kind: s.kind,
    action: 'dropped',
    charsRemoved: s.text.length,
    charsKept: 0,
    tokensRemoved: own.get(s)!,
  }));
  return { sections: without(dropped), promptTokens: await countWithout(dropped), trimmed };
}

/**
 * Step 2: every body section cut to one common length, the largest that fits; when even
 * emptied body sections do not fit, the captions go first; refuses when that is not enough.
 */
async function cutBody(
  input: FitInput,
  count: TokenCounter,
  own: Map<PaperSection, number>,
  sections: PaperSection[],
  fits: { budget: number; untrimmedTokens: number },
): Promise<{ userText: string; promptTokens: number; trimmed: TrimEntry[] }> {
  const { budget } = fits;
  const body = sections.map((s, i) => ({ s, i })).filter((b) => b.s.kind === 'body');
  const capped = (cap: number) =>
    sections.map((s) => (s.kind === 'body' ? { ...s, text: cutText(s.text, cap) } : s));
  const trimmed: TrimEntry[] = [];
  let paper = input.paper;
  const renderNow = (secs: readonly PaperSection[]) => serializePaper(paper, input.parts, secs);
  let floor = await count.prompt(renderNow(capped(0)));
  if (floor > budget && paper.captions.length && input.parts.includes('CAPTIONS')) {
    // Last resort before refusing: the captions go (a small context cannot hold a long list
    // of them next to the paper's headings), then the body is cut as usual.
    const withCaptions = floor;
    paper = { ...paper, captions: [] };
    floor = await count.prompt(renderNow(capped(0)));
    trimmed.push(captionsDropped(input.paper.captions, withCaptions - floor));
  }
  if (floor > budget) {
    throw new AppError(
      'does_not_fit',
      `The paper does not fit even after trimming: ${floor} prompt tokens with every body section emptied${paper.captions === input.paper.captions ? '' : ' and the captions dropped'} (${fits.untrimmedTokens} untrimmed), but only ${budget} are free (context ${input.contextSize} − ${input.maxTokens} reserved for the review).`,
    );
  }
  const aim = aimedCap(body, own, floor, budget);
  const longest = Math.max(0, ...body.map((b) => b.s.text.length));
  const tooLong = async (cap: number) => (await count.prompt(renderNow(capped(cap)))) > budget;
  // Largest cap that fits: the first that is too long, less one.
  const final = capped((await firstTrue(1, longest, aim + 1, tooLong)) - 1);
  const userText = renderNow(final);
  const promptTokens = await count.prompt(userText);
  for (const b of body) {
    const cut = final[b.i]!;
    if (cut.text === b.s.text) continue;
    const keptChars = cut.text.length - TRIM_MARK.length;
    trimmed.push({
      heading: b.s.heading,
      kind: 'body',
      action: 'trimmed',
      charsRemoved: b.s.text.length - keptChars,
      charsKept: keptChars,
      tokensRemoved: own.get(b.s)! - (await count.text(b.s.text.slice(0, keptChars))),
    });
  }
  return { userText, promptTokens, trimmed };
}

function captionsDropped(captions: readonly string[], tokensRemoved: number): TrimEntry {
  return {
    heading: 'Figure and table captions',
    kind: 'captions',
    action: 'dropped',
    charsRemoved: captions.reduce((a, c) => a + c.length, 0),
    charsKept: 0,
    tokensRemoved,
  };
}

/**
 * Where the search for the largest cap that fits starts: aimed by the sections' own counts
 * (the tokens a cap keeps, at each section's own characters per token).
 */
function aimedCap(
  body: Array<{ s: PaperSection }>,
  own: Map<PaperSection, number>,
  floor: number,
  budget: number,
): number {
  const longest = Math.max(0, ...body.map((b) => b.s.text.length));
  const kept = (cap: number) =>
    body.reduce(
      (t, b) => t + (own.get(b.s)! * Math.min(cap, b.s.text.length)) / Math.max(1, b.s.text.length),
      0,
    );
  let aim = 0;
  for (let lo = 0, hi = longest; lo <= hi;) {
    const mid = Math.floor((lo + hi) / 2);
    if (floor + kept(mid) <= budget) {
      aim = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return aim;
}

/** A plan as both engines (the local worker and a served model) answer it. */
export function planOf(
  fit: FitResult,
  prompt: PlanResult['prompt'],
  loaded: PlanResult['loaded'],
  sequences: number,
): PlanResult {
  const { userText, untrimmedTokens, budget, trimmed } = fit;
  return { userText, prompt, untrimmedTokens, budget, trimmed, loaded, sequences };
}
