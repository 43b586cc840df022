import {
  resolveChatWrapper,
  SpecialToken,
  SpecialTokensText,
  type ChatHistoryItem,
  type ChatWrapper,
  type LlamaModel,
  type LlamaText,
  type Token,
} from 'node-llama-cpp';
import type { RenderedPrompt } from '../protocol';
import { fitPaper, type FitInput, type FitResult } from '../fit';
import {
  promptTurns,
  renderChat,
  sha256Text,
  systemRoleOf,
  type ChatTemplate,
  type ChatTurn,
} from '../chat-prompt';
import { chatTemplateOfModel } from '../model-template';
import type { Loaded } from './loaded';

/**
 * node-llama-cpp's chat wrapper, which renderPrompt uses only for a GGUF without a chat
 * template, resolved as if the template were absent: given one, resolveChatWrapper renders it
 * with no time limit to compare it with its own wrappers, so a template that never finishes
 * hung the worker at model load (test/faults/chat-template.test.ts, drafting).
 */
export function fallbackChatWrapper(model: LlamaModel): ChatWrapper {
  return resolveChatWrapper(model, {
    warningLogs: false,
    customWrapperSettings: { jinjaTemplate: { template: '' } },
  });
}

const templates = new WeakMap<LlamaModel, ChatTemplate | null>();

function templateOf(model: LlamaModel): ChatTemplate | null {
  if (!templates.has(model)) templates.set(model, chatTemplateOfModel(model));
  return templates.get(model) ?? null;
}

/**
 * The prompt for system + user, up to the start of the model's turn, and its tokens. With
 * a chat template in the GGUF (every instruct model): chat-prompt.ts's renderer, the same
 * text TRL's apply_chat_template gives, tokenized as the trainer tokenizes it (special
 * tokens parsed, nothing added). Without one: node-llama-cpp's fallback chat wrapper.
 */
export function renderPrompt(
  l: Pick<Loaded, 'model' | 'wrapper'>,
  systemText: string,
  userText: string,
): { tokens: Token[]; prompt: RenderedPrompt } {
  const tpl = templateOf(l.model);
  if (tpl) {
    const turns = promptTurns(tpl, systemText, userText);
    const text = renderChat(tpl, turns);
    const tokens = l.model.tokenize(text, true);
    return {
      tokens,
      prompt: described(text, tokens.length, `jinja (system role ${systemRoleOf(tpl)})`, turns),
    };
  }
  const chatHistory: ChatHistoryItem[] = [
    { type: 'system', text: systemText },
    { type: 'user', text: userText },
    { type: 'model', response: [] },
  ];
  const { contextText } = l.wrapper.generateContextState({ chatHistory });
  const tokens = contextText.tokenize(l.model.tokenizer);
  const turns: ChatTurn[] = [
    { role: 'system', content: systemText },
    { role: 'user', content: userText },
  ];
  return {
    tokens,
    prompt: described(promptText(l, contextText), tokens.length, l.wrapper.wrapperName, turns),
  };
}

function described(text: string, tokens: number, chatWrapper: string, turns: ChatTurn[]): RenderedPrompt {
  return { text, sha256: sha256Text(text), tokens, chatWrapper, turns };
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

/**
 * Fits the paper to the context by the engine's rule, counting with the model's tokenizer
 * on the real rendered prompt, and renders the fitted prompt: the drafting plan and the
 * export's fitting both go through here, so both cut a paper the same way.
 */
export async function fitPrompt(
  l: Pick<Loaded, 'model' | 'wrapper'>,
  systemText: string,
  input: FitInput,
): Promise<{ fit: FitResult; prompt: RenderedPrompt }> {
  const fit = await fitPaper(input, {
    prompt: async (userText) => renderPrompt(l, systemText, userText).tokens.length,
    text: async (text) => countTextOf(l.model, text),
  });
  return { fit, prompt: renderPrompt(l, systemText, fit.userText).prompt };
}

function countTextOf(model: LlamaModel, text: string): number {
  return text ? model.tokenize(text, false).length : 0;
}

/** Token count of a bare text with the model's tokenizer (no BOS, no template). */
export function countText(l: Pick<Loaded, 'model'>, text: string): number {
  return countTextOf(l.model, text);
}
