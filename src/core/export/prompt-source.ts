import type { Db } from '../store/open';
import type { TrimEntry } from '../../shared/contract/engine';
import type { PaperSection } from '../../shared/paper';
import type { ReviewTemplate } from '../../shared/templates';
import { fitPaper } from '../engine/fit';
import type { PromptPaper } from '../engine/protocol';
import { BUILT_IN_PROMPTS, DEFAULT_PROMPT_ID, renderSystemText, type PromptVersion } from '../engine/prompt';
import { readEngineSettings } from '../engine/settings';
import { getPrompt } from '../store/repos/prompts';
import { readSettings } from '../store/repos/settings';
import { abstractOf, serializePaper } from '../engine/serialize';
import { approxTokens } from './tokens';

/**
 * Where each record's system and user turns come from — the one place that knows the
 * engine's prompt conventions, so training matches inference:
 * - a review with a draft: the exact system and user text stored with the draft;
 * - a review without one: what drafting would send now — the default prompt, the paper's
 *   stored text serialized by the engine's serializePaper, and, when a model is registered,
 *   the engine's fitPaper (references, then appendices, then the longest body sections)
 *   to that model's context minus the reserved output. The export worker cannot load the
 *   model, so fitting counts tokens approximately (chars/4, see tokens.ts) and the manifest
 *   says so; with no model registered the paper goes in untrimmed.
 */
export interface PromptDefaults {
  promptId: string;
  prompt: PromptVersion;
  fitting: { modelId: string; contextSize: number; maxTokens: number } | null;
}

export interface RenderedTurns {
  system: string;
  user: string;
  trimmed: TrimEntry[];
}

/**
 * Read once per export, before streaming (no other query may run during the iteration).
 * Same choices as prepareDraft: the default prompt, the default model (else the newest
 * registered one), context = min(engine context, the model's trained context), and the
 * engine's reserved output tokens.
 */
export function resolvePromptDefaults(db: Db): PromptDefaults {
  let prompt: PromptVersion;
  try {
    prompt = getPrompt(db, DEFAULT_PROMPT_ID);
  } catch {
    // Not seeded yet (a library that never drafted): the built-in text is the same row.
    prompt = BUILT_IN_PROMPTS.find((p) => p.id === DEFAULT_PROMPT_ID)!;
  }
  const settings = readSettings(db);
  const model = (
    settings.defaultModelId
      ? db.prepare('SELECT id, context_length FROM models WHERE id = ?').get(settings.defaultModelId)
      : db.prepare('SELECT id, context_length FROM models ORDER BY added_at DESC, rowid DESC LIMIT 1').get()
  ) as { id: string; context_length: number | null } | undefined;
  const eng = readEngineSettings(db);
  return {
    promptId: prompt.id,
    prompt,
    fitting: model
      ? {
          modelId: model.id,
          contextSize: Math.min(eng.contextSize, model.context_length ?? eng.contextSize),
          maxTokens: eng.maxTokens,
        }
      : null,
  };
}

/** The system and user text a draft was generated from, as the engine stored it. */
export function turnsFromDraft(provenance: string | null): { system: string; user: string } | null {
  if (!provenance) return null;
  let p: { messages?: unknown };
  try {
    p = JSON.parse(provenance) as { messages?: unknown };
  } catch {
    return null;
  }
  if (!Array.isArray(p.messages)) return null;
  const msgs = p.messages as Array<{ role?: unknown; content?: unknown }>;
  const system = msgs.find((m) => m.role === 'system')?.content;
  const user = msgs.find((m) => m.role === 'user')?.content;
  return typeof system === 'string' && typeof user === 'string' ? { system, user } : null;
}

export interface StoredPaper {
  title: string;
  abstract: string | null;
  sections: PaperSection[];
  captions: string[];
}

export async function renderTurns(
  d: PromptDefaults,
  template: ReviewTemplate | undefined,
  paper: StoredPaper,
): Promise<RenderedTurns> {
  const system = template ? renderSystemText(d.prompt, template) : d.prompt.systemText;
  const pp: PromptPaper = {
    title: paper.title,
    abstract: abstractOf(paper.abstract, paper.sections),
    captions: paper.captions,
    sections: paper.sections,
  };
  if (!d.fitting) return { system, user: serializePaper(pp, d.prompt.parts), trimmed: [] };
  const count = {
    prompt: (user: string) => Promise.resolve(approxTokens(system) + approxTokens(user) + PROMPT_OVERHEAD),
    text: (t: string) => Promise.resolve(approxTokens(t)),
  };
  const fit = await fitPaper(
    { paper: pp, parts: d.prompt.parts, contextSize: d.fitting.contextSize, maxTokens: d.fitting.maxTokens },
    count,
  );
  return { system, user: fit.userText, trimmed: fit.trimmed };
}

/** Chat-template tokens around the two turns (role markers, BOS); a generous allowance. */
const PROMPT_OVERHEAD = 32;
