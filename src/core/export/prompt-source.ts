import type { Db } from '../store/open';
import type { TrimEntry } from '../../shared/contract/engine';
import type { PaperSection } from '../../shared/paper';
import type { ReviewTemplate } from '../../shared/templates';
import { promptTurns, type ChatTurn } from '../engine/chat-prompt';
import type { PromptPaper } from '../engine/protocol';
import { BUILT_IN_PROMPTS, DEFAULT_PROMPT_ID, renderSystemText, type PromptVersion } from '../engine/prompt';
import { getPrompt } from '../store/repos/prompts';
import { abstractOf, serializePaper } from '../engine/serialize';
import type { PromptParts } from './records';
import type { OpenTarget } from './target';

/**
 * Where each record's prompt comes from — the one place that knows the engine's prompt
 * conventions, so training matches inference:
 * - a review with a draft (of the target model, or any model when none is named): the
 *   turns stored with the draft, exactly as its model's template rendered them;
 * - otherwise: what drafting with the target model would send now — the default prompt,
 *   the paper's stored text, fitted by the engine's own code with the target's tokenizer
 *   (target.ts), in the turns its template takes.
 * With no model at all the paper goes in untrimmed as [system, user], and the card says so.
 */
export interface PromptRecord extends PromptParts {
  trimmed: TrimEntry[];
  /** sha256 of the rendered prompt; '' when no chat template is known. */
  sha256: string;
  /** Prompt tokens by the tokenizer of `modelId`; -1 when unknown. */
  tokens: number;
  modelId: string;
  source: 'draft' | 'rendered';
}

/** The default prompt: seeded in the library, or (never drafted yet) the same built-in row. */
export function defaultPrompt(db: Db): PromptVersion {
  try {
    return getPrompt(db, DEFAULT_PROMPT_ID);
  } catch {
    return BUILT_IN_PROMPTS.find((p) => p.id === DEFAULT_PROMPT_ID)!;
  }
}

/**
 * The turns a draft was generated from, as the engine stored them. Drafts made before the
 * app rendered templates itself stored [system, user] without the parts: then the system
 * and user turns are the parts.
 */
export function storedParts(provenance: string | null): PromptParts | null {
  if (!provenance) return null;
  let p: { messages?: unknown; systemText?: unknown; paperText?: unknown };
  try {
    p = JSON.parse(provenance) as typeof p;
  } catch {
    return null;
  }
  if (!Array.isArray(p.messages)) return null;
  const turns: ChatTurn[] = [];
  for (const m of p.messages as Array<{ role?: unknown; content?: unknown }>) {
    if ((m.role !== 'system' && m.role !== 'user') || typeof m.content !== 'string') return null;
    turns.push({ role: m.role, content: m.content });
  }
  const system = turns.find((t) => t.role === 'system')?.content;
  const user = turns.find((t) => t.role === 'user')?.content;
  if (user === undefined) return null;
  const task = typeof p.systemText === 'string' ? p.systemText : system;
  const paper = typeof p.paperText === 'string' ? p.paperText : system !== undefined ? user : undefined;
  if (task === undefined || paper === undefined) return null;
  return { turns, task, paper };
}

export interface StoredPaper {
  title: string;
  abstract: string | null;
  sections: PaperSection[];
  captions: string[];
}

/** What drafting with the target would send for this paper; throws 'does_not_fit' as drafting does. */
export async function promptForPaper(
  target: OpenTarget | null,
  prompt: PromptVersion,
  template: ReviewTemplate | undefined,
  paper: StoredPaper,
): Promise<PromptRecord> {
  const task = template ? renderSystemText(prompt, template) : prompt.systemText;
  const pp: PromptPaper = {
    title: paper.title,
    abstract: abstractOf(paper.abstract, paper.sections),
    captions: paper.captions,
    sections: paper.sections,
  };
  if (!target) {
    const text = serializePaper(pp, prompt.parts);
    return {
      turns: promptTurns(null, task, text),
      task,
      paper: text,
      trimmed: [],
      sha256: '',
      tokens: -1,
      modelId: '',
      source: 'rendered',
    };
  }
  const fitted = await target.fit(task, pp, prompt.parts);
  return {
    turns: fitted.prompt.turns,
    task,
    paper: fitted.userText,
    trimmed: fitted.trimmed,
    sha256: target.info.systemRole ? fitted.prompt.sha256 : '',
    tokens: fitted.prompt.tokens,
    modelId: target.id,
    source: 'rendered',
  };
}
