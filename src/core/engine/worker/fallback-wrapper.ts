import { resolveChatWrapper, type ChatWrapper, type LlamaModel } from 'node-llama-cpp';

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
