import type { ExportFormat } from '../../shared/contract/dataset';
import type { ChatTurn } from '../engine/chat-prompt';
import type { ByteSink } from './partial-file';
import type { Split } from './split';

/**
 * One exported line per format (TRL / OpenAI / LLaMA-Factory / Axolotl). `turns` are the
 * prompt turns exactly as the target model's chat template takes them: [system, user], or
 * one user turn with the system text folded in where the template has no system role
 * (chat-prompt.ts), so `apply_chat_template(turns, add_generation_prompt=True)` is the
 * prompt the model drafted from.
 *   messages           {"messages":[...turns, assistant]}
 *   prompt-completion  {"prompt":[...turns], "completion":[assistant]}
 *   alpaca             {"instruction": task, "input": paper, "output": review}
 *   sharegpt           {"conversations":[{"from":"human"},{"from":"gpt"}], "system": system turn or ""}
 *   dpo                {"prompt":[...turns], "chosen":[assistant], "rejected":[assistant]}
 * alpaca keeps the task (the system text) and the paper apart, as its instruction and
 * input. dpo lines also carry "chosen_message" / "rejected_message" (the same two messages
 * as objects): LLaMA-Factory's preference loader reads single message objects, TRL lists.
 * `metadata` comes last on every line unless the export is bare.
 */
export interface RecordMetadata {
  paper_id: string;
  review_id: string;
  annotator: string;
  /** '' when the review has no draft (every field has one type in every record: no nulls). */
  draft_id: string;
  has_draft: boolean;
  prompt_id: string;
  /** The drafting model; '' without a draft. */
  model_id: string;
  /** The model whose chat template the prompt turns are for; '' when no model is known. */
  prompt_model_id: string;
  /** sha256 of apply_chat_template(turns, add_generation_prompt=True); '' when no template is known. */
  prompt_sha256: string;
  prompt_source: 'draft' | 'rendered';
  template: string;
  /** Normalized word edit distance from draft to review; -1.0 without a draft. */
  edit_distance: number;
  /** By the tokenizer of prompt_model_id; -1 when none is known. */
  prompt_tokens: number;
  completion_tokens: number;
  trimmed: boolean;
  low_information: boolean;
  split: Split;
}

export interface PromptParts {
  turns: ChatTurn[];
  /** The system text: the task. */
  task: string;
  /** The paper as serialized (and fitted) for the prompt. */
  paper: string;
}

export interface RecordInput extends PromptParts {
  review: string;
  /** dpo: the model's draft text. */
  draft?: string;
  metadata?: RecordMetadata;
}

type Msg = { role: string; content: string };

function userTurn(turns: readonly ChatTurn[]): string {
  return turns.find((t) => t.role === 'user')?.content ?? '';
}

function systemTurn(turns: readonly ChatTurn[]): string {
  return turns.find((t) => t.role === 'system')?.content ?? '';
}

function promptMessages(turns: readonly ChatTurn[]): Msg[] {
  return turns.map((t) => ({ role: t.role, content: t.content }));
}

/** The record as an object (tests, and the reference writeRecord must match byte for byte). */
export function buildRecord(format: ExportFormat, r: RecordInput): Record<string, unknown> {
  const assistant: Msg = { role: 'assistant', content: r.review };
  let rec: Record<string, unknown>;
  switch (format) {
    case 'messages':
      rec = { messages: [...promptMessages(r.turns), assistant] };
      break;
    case 'prompt-completion':
      rec = { prompt: promptMessages(r.turns), completion: [assistant] };
      break;
    case 'alpaca':
      rec = { instruction: r.task, input: r.paper, output: r.review };
      break;
    case 'sharegpt':
      rec = {
        conversations: [
          { from: 'human', value: userTurn(r.turns) },
          { from: 'gpt', value: r.review },
        ],
        system: systemTurn(r.turns),
      };
      break;
    case 'dpo': {
      const rejected: Msg = { role: 'assistant', content: r.draft ?? '' };
      rec = {
        prompt: promptMessages(r.turns),
        chosen: [assistant],
        rejected: [rejected],
        chosen_message: assistant,
        rejected_message: rejected,
      };
      break;
    }
  }
  if (r.metadata) rec.metadata = r.metadata;
  return rec;
}

/**
 * The part of a line that depends only on the prompt, JSON-encoded once per paper and
 * format and copied into each of its records (the paper is the bulk of every line and is
 * shared by all the reviews of a paper): `head` comes before the review, `tail` after it.
 */
export interface EncodedPrompt {
  head: string | Uint8Array;
  tail: string;
}

/** The turns as JSON pieces (joined: the array's items), so a caller can copy them without joining. */
function turnsPieces(turns: readonly ChatTurn[]): string[] {
  return turns.flatMap((t, i) => [
    `${i ? ',' : ''}{"role":${JSON.stringify(t.role)},"content":`,
    JSON.stringify(t.content),
    '}',
  ]);
}

/**
 * The head as pieces in order (the paper is one of them): a 100K-character paper is
 * JSON-encoded once and copied as it is, never concatenated into a bigger string.
 */
export function promptPieces(format: ExportFormat, p: PromptParts): { head: string[]; tail: string } {
  switch (format) {
    case 'messages':
      return { head: ['{"messages":[', ...turnsPieces(p.turns), ','], tail: '' };
    case 'prompt-completion':
      return { head: ['{"prompt":[', ...turnsPieces(p.turns), '],"completion":['], tail: '' };
    case 'alpaca':
      return {
        head: ['{"instruction":', JSON.stringify(p.task), ',"input":', JSON.stringify(p.paper), ',"output":'],
        tail: '',
      };
    case 'sharegpt':
      return {
        head: [
          '{"conversations":[{"from":"human","value":',
          JSON.stringify(userTurn(p.turns)),
          '},{"from":"gpt","value":',
        ],
        tail: `}],"system":${JSON.stringify(systemTurn(p.turns))}`,
      };
    case 'dpo':
      return { head: ['{"prompt":[', ...turnsPieces(p.turns), '],"chosen":['], tail: '' };
  }
}

export function encodePrompt(format: ExportFormat, p: PromptParts): EncodedPrompt {
  const { head, tail } = promptPieces(format, p);
  return { head: head.join(''), tail };
}

/**
 * The metadata object as JSON, with edit_distance always written as a float ("-1.0",
 * "0.0"): a JSON reader infers a column's type from its first block, so an integer-looking
 * first value would make a later 0.35 a cast error in datasets.load_dataset.
 */
export function metadataJson(m: RecordMetadata): string {
  const ed = Number.isInteger(m.edit_distance) ? m.edit_distance.toFixed(1) : String(m.edit_distance);
  const json = JSON.stringify({ ...m, edit_distance: 0 });
  return json.replace('"edit_distance":0,', `"edit_distance":${ed},`);
}

export function writeRecord(
  out: ByteSink,
  format: ExportFormat,
  p: EncodedPrompt,
  review: string,
  draft: string | undefined,
  metadata: RecordMetadata | undefined,
): void {
  if (typeof p.head === 'string') out.text(p.head);
  else out.raw(p.head);
  const rv = JSON.stringify(review);
  const assistant = `{"role":"assistant","content":${rv}}`;
  switch (format) {
    case 'messages':
    case 'prompt-completion':
      out.text(`${assistant}]`);
      break;
    case 'alpaca':
    case 'sharegpt':
      out.text(rv);
      break;
    case 'dpo': {
      const rejected = `{"role":"assistant","content":${JSON.stringify(draft ?? '')}}`;
      out.text(
        `${assistant}],"rejected":[${rejected}],"chosen_message":${assistant},"rejected_message":${rejected}`,
      );
      break;
    }
  }
  out.text(p.tail);
  out.text(metadata ? `,"metadata":${metadataJson(metadata)}}` : '}');
}

/** One record as a string (tests and small callers; the export streams with writeRecord). */
export function encodeRecord(
  format: ExportFormat,
  p: EncodedPrompt,
  review: string,
  draft: string | undefined,
  metadata: RecordMetadata | undefined,
): string {
  let line = '';
  const dec = new TextDecoder();
  writeRecord(
    { text: (s) => (line += s), raw: (b) => (line += dec.decode(b)) },
    format,
    p,
    review,
    draft,
    metadata,
  );
  return line;
}
