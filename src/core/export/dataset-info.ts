import type { ExportFormat } from '../../shared/contract/dataset';

/**
 * dataset_info.json for LLaMA-Factory: one entry per split file, telling its loader how
 * to read each format (formatting, columns, tags). Point `dataset_dir` at the export
 * folder and use the names below. prompt-completion has no LLaMA-Factory reading (its
 * loaders want one message list, or alpaca columns), so its file is `{}` and the card
 * says to export `messages` for LLaMA-Factory instead.
 */
const OPENAI_TAGS = {
  role_tag: 'role',
  content_tag: 'content',
  user_tag: 'user',
  assistant_tag: 'assistant',
  system_tag: 'system',
};

function entry(format: ExportFormat, file: string): Record<string, unknown> | null {
  switch (format) {
    case 'messages':
      return {
        file_name: file,
        formatting: 'sharegpt',
        columns: { messages: 'messages' },
        tags: OPENAI_TAGS,
      };
    case 'sharegpt':
      return {
        file_name: file,
        formatting: 'sharegpt',
        columns: { messages: 'conversations', system: 'system' },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
      };
    case 'alpaca':
      // instruction is the task (the system text), input the paper: LLaMA-Factory joins them
      // into the user turn, "instruction\ninput".
      return {
        file_name: file,
        columns: { prompt: 'instruction', query: 'input', response: 'output' },
      };
    case 'dpo':
      // Preference data: the prompt list holds system + user; chosen/rejected are read from
      // the single-message objects (LLaMA-Factory wants objects, TRL lists).
      return {
        file_name: file,
        formatting: 'sharegpt',
        ranking: true,
        columns: { messages: 'prompt', chosen: 'chosen_message', rejected: 'rejected_message' },
        tags: OPENAI_TAGS,
      };
    case 'prompt-completion':
      return null;
  }
}

export function datasetName(round: string | null): string {
  const base = (round ?? 'paper_reviews')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return base || 'paper_reviews';
}

export function datasetInfo(format: ExportFormat, round: string | null): Record<string, unknown> {
  const name = datasetName(round);
  const train = entry(format, 'train.jsonl');
  const validation = entry(format, 'validation.jsonl');
  if (!train || !validation) return {};
  return { [`${name}_train`]: train, [`${name}_validation`]: validation };
}
