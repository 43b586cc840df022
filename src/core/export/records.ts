import type { ExportFormat } from '../../shared/contract/dataset';
import type { Split } from './split';

/**
 * One exported line per format, exactly the shapes of DESIGN.md (TRL / OpenAI / LLaMA-Factory):
 *   messages           {"messages":[system, user, assistant]}
 *   prompt-completion  {"prompt":[system, user], "completion":[assistant]}
 *   alpaca             {"instruction": user, "input": "", "output": review, "system": system}
 *   sharegpt           {"conversations":[{"from":"human"},{"from":"gpt"}], "system": system}
 *   dpo                {"prompt":[system, user], "chosen":[assistant], "rejected":[assistant]}
 * dpo lines also carry "chosen_message" / "rejected_message" (the same two messages as
 * objects): LLaMA-Factory's preference loader reads chosen/rejected as single message
 * objects, TRL reads them as lists, and one file has to serve both (DESIGN.md extended here).
 * `metadata` comes last on every line unless the export is bare.
 */
export interface RecordMetadata {
  paper_id: string;
  review_id: string;
  annotator: string;
  draft_id: string | null;
  prompt_id: string | null;
  model_id: string | null;
  template: string;
  edit_distance: number | null;
  split: Split;
}

export interface RecordInput {
  system: string;
  user: string;
  review: string;
  /** dpo: the model's draft text. */
  draft?: string;
  metadata?: RecordMetadata;
}

type Msg = { role: 'system' | 'user' | 'assistant'; content: string };

function promptMessages(r: RecordInput): Msg[] {
  return [
    { role: 'system', content: r.system },
    { role: 'user', content: r.user },
  ];
}

export function buildRecord(format: ExportFormat, r: RecordInput): Record<string, unknown> {
  const assistant: Msg = { role: 'assistant', content: r.review };
  let rec: Record<string, unknown>;
  switch (format) {
    case 'messages':
      rec = { messages: [...promptMessages(r), assistant] };
      break;
    case 'prompt-completion':
      rec = { prompt: promptMessages(r), completion: [assistant] };
      break;
    case 'alpaca':
      rec = { instruction: r.user, input: '', output: r.review, system: r.system };
      break;
    case 'sharegpt':
      rec = {
        conversations: [
          { from: 'human', value: r.user },
          { from: 'gpt', value: r.review },
        ],
        system: r.system,
      };
      break;
    case 'dpo': {
      const rejected: Msg = { role: 'assistant', content: r.draft ?? '' };
      rec = {
        prompt: promptMessages(r),
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
 * The same line as JSON.stringify(buildRecord(...)), assembled from pre-encoded parts: the
 * system and user turns are the bulk of every line (the paper) and are shared by all the
 * reviews of a paper, so they are JSON-encoded once per paper rather than once per line.
 * records.test.ts checks the two agree byte for byte for every format.
 */
export interface EncodedTurns {
  system: string;
  user: string;
}

export function encodeTurns(system: string, user: string): EncodedTurns {
  return { system: JSON.stringify(system), user: JSON.stringify(user) };
}

export function encodeRecord(
  format: ExportFormat,
  t: EncodedTurns,
  review: string,
  draft: string | undefined,
  metadata: RecordMetadata | undefined,
): string {
  const rv = JSON.stringify(review);
  const msg = (role: string, json: string) => `{"role":"${role}","content":${json}}`;
  const prompt = `[${msg('system', t.system)},${msg('user', t.user)}]`;
  let body: string;
  switch (format) {
    case 'messages':
      body = `"messages":[${msg('system', t.system)},${msg('user', t.user)},${msg('assistant', rv)}]`;
      break;
    case 'prompt-completion':
      body = `"prompt":${prompt},"completion":[${msg('assistant', rv)}]`;
      break;
    case 'alpaca':
      body = `"instruction":${t.user},"input":"","output":${rv},"system":${t.system}`;
      break;
    case 'sharegpt':
      body = `"conversations":[{"from":"human","value":${t.user}},{"from":"gpt","value":${rv}}],"system":${t.system}`;
      break;
    case 'dpo': {
      const rj = JSON.stringify(draft ?? '');
      body = `"prompt":${prompt},"chosen":[${msg('assistant', rv)}],"rejected":[${msg('assistant', rj)}],"chosen_message":${msg('assistant', rv)},"rejected_message":${msg('assistant', rj)}`;
      break;
    }
  }
  return `{${body}${metadata ? `,"metadata":${JSON.stringify(metadata)}` : ''}}`;
}
