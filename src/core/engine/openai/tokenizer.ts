import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { ChatTemplate } from '../chat-prompt';
import { HttpError, callJson, type Endpoint } from './http';
import { vocabLlama } from '../vocab-llama';

/**
 * Token counting for a served model: the server's own /tokenize where it has one
 * (llama.cpp, vLLM, SGLang), else the vocabulary of the same GGUF loaded here without
 * weights (Ollama has no /tokenize). `special`: parse special-token text ("<s>") as the
 * special token, as a rendered prompt needs; never add BOS/EOS (the template writes them).
 */
export interface PromptTokenizer {
  readonly source: 'server' | 'gguf';
  tokenize(text: string, special: boolean): Promise<number[]>;
  /** The GGUF's chat template when the tokenizer is the local file (null for the server's). */
  readonly template: ChatTemplate | null;
  dispose(): Promise<void>;
}

// llama.cpp answers a list of ids (or {id, piece} with with_pieces); vLLM {count, tokens}.
const TokenizeAnswer = z.union([
  z.object({ tokens: z.array(z.number().int()) }),
  z.object({ tokens: z.array(z.object({ id: z.number().int() })) }),
]);

/** The server's /tokenize; null when it has none (404/405, or an answer of no known shape). */
export async function serverTokenizer(
  ep: Endpoint,
  model: string,
  timeoutMs: number,
): Promise<PromptTokenizer | null> {
  const tokenize = async (text: string, special: boolean): Promise<number[]> => {
    // Both dialects in one body: llama.cpp reads content/add_special/parse_special, vLLM
    // and SGLang prompt/add_special_tokens; each ignores the other's fields.
    const body = {
      content: text,
      add_special: false,
      parse_special: special,
      model,
      prompt: text,
      add_special_tokens: false,
    };
    const parsed = TokenizeAnswer.safeParse(await callJson(ep, '/tokenize', { body, timeoutMs }));
    if (!parsed.success)
      throw new AppError('unsupported', `The server at ${ep.url} answered /tokenize in an unknown shape.`);
    return parsed.data.tokens.map((t) => (typeof t === 'number' ? t : t.id));
  };
  try {
    await tokenize('probe', false);
  } catch (e) {
    if (
      (e instanceof HttpError && [404, 405, 501].includes(e.status)) ||
      (e instanceof AppError && e.code === 'unsupported')
    )
      return null;
    throw e;
  }
  return { source: 'server', template: null, tokenize, dispose: async () => undefined };
}

/**
 * The chat template of a GGUF, for a server that tokenizes but does not tell its template
 * (vLLM and SGLang have /tokenize but no /props): read on a vocabulary-only load, then let go.
 */
export async function ggufTemplate(path: string): Promise<ChatTemplate | null> {
  const t = await ggufTokenizer(path);
  try {
    return t.template;
  } finally {
    await t.dispose();
  }
}

/** The GGUF's vocabulary loaded here without weights (fast, little memory), node-llama-cpp's tokenizer. */
export async function ggufTokenizer(path: string): Promise<PromptTokenizer> {
  const { chatTemplateOfModel } = await import('../model-template');
  const llama = await vocabLlama();
  let model;
  try {
    model = await llama.loadModel({ modelPath: path, vocabOnly: true });
  } catch (e) {
    await llama.dispose();
    throw new AppError(
      'bad_file',
      `${path} could not be read as the served model's GGUF: ${(e as Error).message}`,
    );
  }
  const m = model;
  return {
    source: 'gguf',
    template: chatTemplateOfModel(m),
    tokenize: async (text, special) => (text ? [...m.tokenize(text, special)].map(Number) : []),
    dispose: async () => {
      await m.dispose();
      await llama.dispose();
    },
  };
}
