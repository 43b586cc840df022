import type { ExportFormat } from '../../shared/contract/dataset';

/** What merge needs from one exported line, whatever its format. */
export interface MergedRecord {
  paperId: string;
  reviewId: string;
  annotator: string;
  template: string;
  system: string;
  user: string;
  review: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function content(list: unknown, role: string, key = 'role', value = 'content'): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const m = (list as unknown[]).find((x) => isObj(x) && x[key] === role);
  return isObj(m) ? str(m[value]) : undefined;
}

/** Reads one line of any export format back into its parts; throws with a reason when it cannot. */
export function parseExportLine(format: ExportFormat, rec: unknown): MergedRecord {
  if (!isObj(rec)) throw new Error('not a JSON object');
  const meta = rec.metadata;
  if (!isObj(meta)) throw new Error('no metadata object (a --bare export cannot be merged)');
  let system: string | undefined;
  let user: string | undefined;
  let review: string | undefined;
  switch (format) {
    case 'messages':
      system = content(rec.messages, 'system');
      user = content(rec.messages, 'user');
      review = content(rec.messages, 'assistant');
      break;
    case 'prompt-completion':
    case 'dpo':
      system = content(rec.prompt, 'system');
      user = content(rec.prompt, 'user');
      review = content(format === 'dpo' ? rec.chosen : rec.completion, 'assistant');
      break;
    case 'alpaca':
      system = str(rec.system);
      user = str(rec.instruction);
      review = str(rec.output);
      break;
    case 'sharegpt':
      system = str(rec.system);
      user = content(rec.conversations, 'human', 'from', 'value');
      review = content(rec.conversations, 'gpt', 'from', 'value');
      break;
  }
  const paperId = str(meta.paper_id);
  const reviewId = str(meta.review_id);
  const annotator = str(meta.annotator);
  const template = str(meta.template);
  if (!paperId || !reviewId || !annotator || !template)
    throw new Error('metadata lacks paper_id, review_id, annotator or template');
  if (system === undefined || user === undefined || review === undefined)
    throw new Error(`not a ${format} record`);
  return { paperId, reviewId, annotator, template, system, user, review };
}
