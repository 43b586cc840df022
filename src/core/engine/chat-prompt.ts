import { createHash } from 'node:crypto';
import { Template } from '@huggingface/jinja';
import { AppError } from '../../shared/errors';
import { renderBounded, TemplateLimitError } from './bounded-jinja';

/**
 * The one prompt renderer for drafting and export. A prompt is the model's own chat
 * template (the GGUF's `tokenizer.chat_template`) rendered with Hugging Face semantics —
 * the same call TRL makes, `tokenizer.apply_chat_template(turns, tokenize=False,
 * add_generation_prompt=True)` — so an exported record rendered by the training stack is
 * byte for byte the text the model was fed when it drafted (its sha256 is the draft's
 * promptSha256). @huggingface/jinja is the Jinja implementation transformers.js uses (and
 * node-llama-cpp's Jinja wrapper): trim_blocks and lstrip_blocks on, as in transformers.
 *
 * Templates without a system role (Mistral-7B-Instruct-v0.2 and Gemma raise on one) get the
 * system text folded into the first user turn by the app itself, one documented way:
 * `system + FOLD_SEPARATOR + user`. The records carry the folded turn, so nothing downstream
 * has to know the rule.
 */
export const FOLD_SEPARATOR = '\n\n';
export const FOLD_RULE = 'system text + a blank line + the user turn, as one user turn';

export interface ChatTemplate {
  /** The Jinja source. */
  source: string;
  /** Special tokens as their text, passed to the template as transformers passes them. */
  bosToken: string;
  eosToken: string;
}

export type ChatRole = 'system' | 'user' | 'assistant';
export interface ChatTurn {
  role: ChatRole;
  content: string;
}

export type SystemRole = 'native' | 'folded';

const compiled = new Map<string, Template>();
/**
 * Templates that hit a render bound, by source: fitting renders a prompt many times, and a
 * template that ran out its time once fails at once after that instead of once per render.
 */
const stopped = new Map<string, string>();

function compile(source: string): Template {
  let t = compiled.get(source);
  if (!t) {
    try {
      t = new Template(source);
    } catch (e) {
      throw new AppError(
        'invalid_input',
        `The model's chat template does not parse: ${(e as Error).message}`,
      );
    }
    if (compiled.size > 16) compiled.clear();
    compiled.set(source, t);
  }
  return t;
}

/** The template's text for these turns, up to the start of the model's answer. */
export function renderChat(
  tpl: ChatTemplate,
  turns: readonly ChatTurn[],
  addGenerationPrompt = true,
): string {
  const t = compile(tpl.source);
  const stoppedBefore = stopped.get(tpl.source);
  if (stoppedBefore) throw new AppError('unsupported', stoppedBefore);
  try {
    return renderBounded(t, {
      messages: turns.map((m) => ({ role: m.role, content: m.content })),
      add_generation_prompt: addGenerationPrompt,
      bos_token: tpl.bosToken,
      eos_token: tpl.eosToken,
    });
  } catch (e) {
    if (e instanceof TemplateLimitError) {
      // A template that loops or asks for huge ranges is the model file's fault, not the prompt's.
      const message = `The model's chat template was stopped: ${e.message}.`;
      stopped.set(tpl.source, message);
      throw new AppError('unsupported', message);
    }
    throw new AppError(
      'invalid_input',
      `The model's chat template refused the prompt: ${(e as Error).message}`,
    );
  }
}

const SENTINEL = '\u2063system-role-probe\u2063';
const systemRoles = new Map<string, SystemRole>();

/**
 * Whether the template takes a system turn: it must render one without raising and keep
 * its text (some templates drop it silently, which would lose the instructions).
 */
export function systemRoleOf(tpl: ChatTemplate): SystemRole {
  const known = systemRoles.get(tpl.source);
  if (known) return known;
  let role: SystemRole;
  try {
    const text = renderChat(tpl, [
      { role: 'system', content: SENTINEL },
      { role: 'user', content: 'u' },
    ]);
    role = text.includes(SENTINEL) ? 'native' : 'folded';
  } catch (e) {
    // A template stopped by a bound fails here, once, rather than again in the real render.
    if (e instanceof AppError && e.code === 'unsupported') throw e;
    role = 'folded';
  }
  systemRoles.set(tpl.source, role);
  return role;
}

/** The turns a prompt of `system` + `user` is made of for this template (null: no template known). */
export function promptTurns(tpl: ChatTemplate | null, system: string, user: string): ChatTurn[] {
  if (tpl && systemRoleOf(tpl) === 'folded')
    return [{ role: 'user', content: system + FOLD_SEPARATOR + user }];
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
