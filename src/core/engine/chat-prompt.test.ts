import { describe, expect, it } from 'vitest';
import {
  JinjaTemplateChatWrapper,
  SpecialToken,
  SpecialTokensText,
  type ChatHistoryItem,
} from 'node-llama-cpp';
import {
  CHATML,
  GEMMA_IT,
  LLAMA2_CHAT,
  LLAMA3_INSTRUCT,
  MISTRAL_INSTRUCT_V02,
} from '../../../test/support/gguf/chat-templates';
import { promptTurns, renderChat, systemRoleOf, type ChatTemplate } from './chat-prompt';

// The real models' templates (tokenizer_config.json) with their special tokens' text.
const TEMPLATES: Record<string, ChatTemplate> = {
  'Mistral-7B-Instruct-v0.2': { source: MISTRAL_INSTRUCT_V02, bosToken: '<s>', eosToken: '</s>' },
  'gemma-7b-it': { source: GEMMA_IT, bosToken: '<bos>', eosToken: '<eos>' },
  'Llama-2-7b-chat': { source: LLAMA2_CHAT, bosToken: '<s>', eosToken: '</s>' },
  'Meta-Llama-3-8B-Instruct': {
    source: LLAMA3_INSTRUCT,
    bosToken: '<|begin_of_text|>',
    eosToken: '<|eot_id|>',
  },
  ChatML: { source: CHATML, bosToken: '<s>', eosToken: '</s>' },
};

const SYSTEM = 'You are an expert peer reviewer.';
const USER = '[TITLE]\nA paper\n\n[CONTENT]\nIt is good.';

// What transformers' apply_chat_template(turns, tokenize=False, add_generation_prompt=True)
// gives for these turns (test/training checks the same against transformers itself).
const EXPECTED: Record<string, string> = {
  'Mistral-7B-Instruct-v0.2': `<s>[INST] ${SYSTEM}\n\n${USER} [/INST]`,
  'gemma-7b-it': `<bos><start_of_turn>user\n${SYSTEM}\n\n${USER}<end_of_turn>\n<start_of_turn>model\n`,
  'Llama-2-7b-chat': `<s>[INST] <<SYS>>\n${SYSTEM}\n<</SYS>>\n\n${USER} [/INST]`,
  'Meta-Llama-3-8B-Instruct': `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n${SYSTEM}<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n${USER}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`,
  ChatML: `<|im_start|>system\n${SYSTEM}<|im_end|>\n<|im_start|>user\n${USER}<|im_end|>\n<|im_start|>assistant\n`,
};

describe('chat prompt', () => {
  it('folds the system text into the user turn only where the template has no system role', () => {
    const roles = Object.fromEntries(Object.entries(TEMPLATES).map(([k, t]) => [k, systemRoleOf(t)]));
    expect(roles).toEqual({
      'Mistral-7B-Instruct-v0.2': 'folded',
      'gemma-7b-it': 'folded',
      'Llama-2-7b-chat': 'native',
      'Meta-Llama-3-8B-Instruct': 'native',
      ChatML: 'native',
    });
    expect(promptTurns(TEMPLATES['gemma-7b-it']!, SYSTEM, USER)).toEqual([
      { role: 'user', content: `${SYSTEM}\n\n${USER}` },
    ]);
    expect(promptTurns(TEMPLATES.ChatML!, SYSTEM, USER)).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: USER },
    ]);
    // No template known: the turns stay as they are.
    expect(promptTurns(null, SYSTEM, USER).map((t) => t.role)).toEqual(['system', 'user']);
  });

  it.each(Object.keys(TEMPLATES))('renders %s as transformers does', (name) => {
    const tpl = TEMPLATES[name]!;
    expect(renderChat(tpl, promptTurns(tpl, SYSTEM, USER))).toBe(EXPECTED[name]);
  });

  it("agrees with node-llama-cpp's Jinja rendering of the same turns (but for its Llama 2 answer prefix)", () => {
    for (const [name, tpl] of Object.entries(TEMPLATES)) {
      const turns = promptTurns(tpl, SYSTEM, USER);
      const wrapper = new JinjaTemplateChatWrapper({ template: tpl.source });
      const chatHistory: ChatHistoryItem[] = [
        ...turns.map((t): ChatHistoryItem =>
          t.role === 'system' ? { type: 'system', text: t.content } : { type: 'user', text: t.content },
        ),
        { type: 'model', response: [] },
      ];
      const { contextText } = wrapper.generateContextState({ chatHistory });
      const theirs = contextText.values
        .map((v) => {
          if (typeof v === 'string') return v;
          if (v instanceof SpecialTokensText) return v.value;
          if (v instanceof SpecialToken) return v.value === 'BOS' ? tpl.bosToken : tpl.eosToken;
          return String(v);
        })
        .join('');
      // node-llama-cpp cuts the template's rendering of an answer, so it keeps the space
      // Llama 2 writes before one; transformers' generation prompt (what TRL trains on) ends at [/INST].
      expect(theirs, name).toBe(name === 'Llama-2-7b-chat' ? `${EXPECTED[name]} ` : EXPECTED[name]);
    }
  });

  it('says clearly when a template refuses the turns or does not parse', () => {
    expect(() => renderChat(TEMPLATES['gemma-7b-it']!, [{ role: 'system', content: 'x' }])).toThrow(
      /refused the prompt: .*System role not supported/,
    );
    expect(() => renderChat({ source: '{% for %}', bosToken: '', eosToken: '' }, [])).toThrow(
      /does not parse/,
    );
  });
});
