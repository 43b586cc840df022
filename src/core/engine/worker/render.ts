import { createHash } from 'node:crypto';
import { SpecialToken, SpecialTokensText, type ChatHistoryItem, type LlamaText, type Token } from 'node-llama-cpp';
import type { RenderedPrompt } from '../protocol';
import type { Loaded } from './loaded';

/**
 * Renders system + user through the model's own chat template (node-llama-cpp resolves
 * the GGUF's Jinja template, or the specialised wrapper equivalent to it) up to the
 * start of the model's turn, and tokenizes it with the model's tokenizer.
 */
export function renderPrompt(l: Pick<Loaded, 'model' | 'wrapper'>, systemText: string, userText: string): { tokens: Token[]; prompt: RenderedPrompt } {
  const chatHistory: ChatHistoryItem[] = [
    { type: 'system', text: systemText },
    { type: 'user', text: userText },
    { type: 'model', response: [] },
  ];
  const { contextText } = l.wrapper.generateContextState({ chatHistory });
  const tokens = contextText.tokenize(l.model.tokenizer);
  const text = promptText(l, contextText);
  return {
    tokens,
    prompt: {
      text,
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      tokens: tokens.length,
      chatWrapper: l.wrapper.wrapperName,
    },
  };
}

/** The prompt as text, with special tokens written as the model's own token text ("<s>", "<start_of_turn>"). */
function promptText(l: Pick<Loaded, 'model'>, text: LlamaText): string {
  return text.values
    .map((v) => {
      if (typeof v === 'string') return v;
      if (v instanceof SpecialTokensText) return v.value;
      if (v instanceof SpecialToken) return l.model.detokenize(v.tokenize(l.model.tokenizer), true);
      return String(v);
    })
    .join('');
}

/** Token count of a bare text with the model's tokenizer (no BOS, no template). */
export function countText(l: Loaded, text: string): number {
  return text ? l.model.tokenize(text, false).length : 0;
}
