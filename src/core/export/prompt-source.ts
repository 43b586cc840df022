import type { Db } from '../store/open';
import type { TrimEntry } from '../../shared/contract/engine';
import { EngineSettings } from '../../shared/contract/engine';
import type { PaperSection } from '../../shared/paper';
import type { ReviewTemplate } from '../../shared/templates';
import { fitPaper } from '../engine/fit';
import type { PaperPart, PromptPaper } from '../engine/protocol';
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
  promptId: string | null;
  systemText: string;
  parts: PaperPart[];
  fitting: { modelId: string; contextSize: number; maxTokens: number } | null;
}

export interface RenderedTurns {
  system: string;
  user: string;
  trimmed: TrimEntry[];
}

const DEFAULT_PARTS: PaperPart[] = ['TITLE', 'ABSTRACT', 'CAPTIONS', 'CONTENT'];
/** Used only when the library has no stored prompt at all. */
export const FALLBACK_SYSTEM_TEXT =
  'You are an expert peer reviewer. Read the paper and write a careful, specific review.';

function settingsValue(db: Db, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return undefined;
  try {
    return JSON.parse(row.value);
  } catch {
    return undefined;
  }
}

/** Read once per export, before streaming (another query may not run during the iteration). */
export function resolvePromptDefaults(db: Db): PromptDefaults {
  const wantedPrompt = settingsValue(db, 'defaultPromptId');
  const prompt = (
    typeof wantedPrompt === 'string'
      ? db.prepare('SELECT id, system_text, paper_parts FROM prompts WHERE id = ?').get(wantedPrompt)
      : db.prepare('SELECT id, system_text, paper_parts FROM prompts ORDER BY created_at DESC, rowid DESC LIMIT 1').get()
  ) as { id: string; system_text: string; paper_parts: string } | undefined;
  let parts = DEFAULT_PARTS;
  try {
    const p = prompt ? (JSON.parse(prompt.paper_parts) as unknown) : null;
    if (Array.isArray(p) && p.length && p.every((x) => DEFAULT_PARTS.includes(x as PaperPart))) parts = p as PaperPart[];
  } catch {
    // keep the default parts
  }
  const wantedModel = settingsValue(db, 'defaultModelId');
  const model = (
    typeof wantedModel === 'string'
      ? db.prepare('SELECT id, context_length FROM models WHERE id = ?').get(wantedModel)
      : db.prepare('SELECT id, context_length FROM models ORDER BY added_at DESC, rowid DESC LIMIT 1').get()
  ) as { id: string; context_length: number | null } | undefined;
  const engine = EngineSettings.safeParse(settingsValue(db, 'engine') ?? {});
  const eng = engine.success ? engine.data : EngineSettings.parse({});
  return {
    promptId: prompt?.id ?? null,
    systemText: prompt?.system_text ?? FALLBACK_SYSTEM_TEXT,
    parts,
    fitting: model
      ? {
          modelId: model.id,
          contextSize: model.context_length ? Math.min(eng.contextSize, model.context_length) : eng.contextSize,
          maxTokens: eng.maxTokens,
        }
      : null,
  };
}

/** The system and user text a draft was generated from, as the engine stored it. */
export function turnsFromDraft(provenance: string | null): { system: string; user: string } | null {
  if (!provenance) return null;
  let p: Record<string, unknown>;
  try {
    p = JSON.parse(provenance) as Record<string, unknown>;
  } catch {
    return null;
  }
  const pick = (o: unknown, s: string, u: string) => {
    if (!o || typeof o !== 'object') return null;
    const r = o as Record<string, unknown>;
    return typeof r[s] === 'string' && typeof r[u] === 'string' ? { system: r[s] as string, user: r[u] as string } : null;
  };
  return pick(p, 'systemText', 'userText') ?? pick(p.prompt, 'systemText', 'userText') ?? pick(p.prompt, 'system', 'user') ?? pick(p, 'system', 'user');
}

/** The template's sections and scores appended to the system text, as drafting does. */
export function systemTextFor(base: string, template: ReviewTemplate | undefined): string {
  if (!template) return base;
  const sections = template.sections.map((s) => `## ${s.title}: ${s.guidance}`).join('\n');
  const scores = template.scores.map((s) => `**${s.name}:** an integer from ${s.min} to ${s.max}`).join('\n');
  return [base, 'Write the review in Markdown with exactly these sections:', sections, scores].filter(Boolean).join('\n\n');
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
  const system = systemTextFor(d.systemText, template);
  const pp: PromptPaper = {
    title: paper.title,
    abstract: abstractOf(paper.abstract, paper.sections),
    captions: paper.captions,
    sections: paper.sections,
  };
  if (!d.fitting) return { system, user: serializePaper(pp, d.parts), trimmed: [] };
  const count = {
    prompt: (user: string) => Promise.resolve(approxTokens(system) + approxTokens(user) + PROMPT_OVERHEAD),
    text: (t: string) => Promise.resolve(approxTokens(t)),
  };
  const fit = await fitPaper(
    { paper: pp, parts: d.parts, contextSize: d.fitting.contextSize, maxTokens: d.fitting.maxTokens },
    count,
  );
  return { system, user: fit.userText, trimmed: fit.trimmed };
}

/** Chat-template tokens around the two turns (role markers, BOS); a generous allowance. */
const PROMPT_OVERHEAD = 32;
