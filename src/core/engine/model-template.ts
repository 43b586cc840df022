import type { LlamaModel } from 'node-llama-cpp';
import type { ChatTemplate } from './chat-prompt';

/**
 * A loaded model's chat template (null: the GGUF has none) with its special tokens' text,
 * read the same way by the drafting worker and the export's vocabulary-only load.
 */
export function chatTemplateOfModel(model: LlamaModel): ChatTemplate | null {
  const source = (model.fileInfo.metadata as { tokenizer?: { chat_template?: unknown } }).tokenizer
    ?.chat_template;
  if (typeof source !== 'string' || !source.trim()) return null;
  return { source, bosToken: model.tokens.bosString ?? '', eosToken: model.tokens.eosString ?? '' };
}
