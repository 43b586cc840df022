import type { ExportFormat } from '../../shared/contract/dataset';
import type { ByteSink } from './partial-file';
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
 * The same line as JSON.stringify(buildRecord(...)), written piece by piece to a sink: the
 * system and user turns are the bulk of every line (the paper) and are shared by all the
 * reviews of a paper, so they are JSON-encoded — and, for a rendered paper, UTF-8-encoded —
 * once per paper and copied into each line, instead of re-encoded (and joined into one big
 * string) per line. records.test.ts checks the two agree byte for byte for every format.
 */
export interface EncodedTurns {
  /** JSON-encoded text (quotes included), as a string or its UTF-8 bytes. */
  system: string | Uint8Array;
  user: string | Uint8Array;
}

export function encodeTurns(system: string, user: string): EncodedTurns {
  return { system: JSON.stringify(system), user: JSON.stringify(user) };
}

export function writeRecord(
  out: ByteSink,
  format: ExportFormat,
  t: EncodedTurns,
  review: string,
  draft: string | undefined,
  metadata: RecordMetadata | undefined,
): void {
  const put = (p: string | Uint8Array) => (typeof p === 'string' ? out.text(p) : out.raw(p));
  const rv = JSON.stringify(review);
  const assistant = `{"role":"assistant","content":${rv}}`;
  const prompt = (open: string) => {
    out.text(`${open}[{"role":"system","content":`);
    put(t.system);
    out.text('},{"role":"user","content":');
    put(t.user);
    out.text('}');
  };
  switch (format) {
    case 'messages':
      prompt('{"messages":');
      out.text(`,${assistant}]`);
      break;
    case 'prompt-completion':
      prompt('{"prompt":');
      out.text(`],"completion":[${assistant}]`);
      break;
    case 'alpaca':
      out.text('{"instruction":');
      put(t.user);
      out.text(`,"input":"","output":${rv},"system":`);
      put(t.system);
      break;
    case 'sharegpt':
      out.text('{"conversations":[{"from":"human","value":');
      put(t.user);
      out.text(`},{"from":"gpt","value":${rv}}],"system":`);
      put(t.system);
      break;
    case 'dpo': {
      const rejected = `{"role":"assistant","content":${JSON.stringify(draft ?? '')}}`;
      prompt('{"prompt":');
      out.text(
        `],"chosen":[${assistant}],"rejected":[${rejected}],"chosen_message":${assistant},"rejected_message":${rejected}`,
      );
      break;
    }
  }
  out.text(metadata ? `,"metadata":${JSON.stringify(metadata)}}` : '}');
}

/** One record as a string (tests and small callers; the export streams with writeRecord). */
export function encodeRecord(
  format: ExportFormat,
  t: EncodedTurns,
  review: string,
  draft: string | undefined,
  metadata: RecordMetadata | undefined,
): string {
  let line = '';
  const dec = new TextDecoder();
  writeRecord(
    { text: (s) => (line += s), raw: (b) => (line += dec.decode(b)) },
    format,
    t,
    review,
    draft,
    metadata,
  );
  return line;
}
