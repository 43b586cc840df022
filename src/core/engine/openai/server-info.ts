import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { ChatTemplate } from '../chat-prompt';
import { HttpError, callJson, type Endpoint } from './http';

/** What the app learns of a server before drafting with it. */
export interface ServerInfo {
  /** The names /v1/models lists. */
  models: string[];
  /** From llama.cpp's /props; null where the server has no /props (vLLM, SGLang, Ollama). */
  template: ChatTemplate | null;
  slots: number | null;
  /** Context per slot (llama.cpp: n_ctx / slots). */
  slotContext: number | null;
  /** The GGUF the server loaded (llama.cpp), for provenance. */
  modelPath: string | null;
}

const Models = z.object({ data: z.array(z.object({ id: z.string() })) });
const Props = z.object({
  total_slots: z.number().int().optional(),
  model_path: z.string().optional(),
  chat_template: z.string().optional(),
  bos_token: z.string().optional(),
  eos_token: z.string().optional(),
  default_generation_settings: z.object({ n_ctx: z.number().int().optional() }).optional(),
});

/** /props where the server has it; 404 (or a body of another shape) means it has none. */
async function props(ep: Endpoint, timeoutMs: number): Promise<z.infer<typeof Props> | null> {
  try {
    const parsed = Props.safeParse(await callJson(ep, '/props', { timeoutMs }));
    return parsed.success ? parsed.data : null;
  } catch (e) {
    if (e instanceof HttpError && e.status < 500) return null;
    throw e;
  }
}

/**
 * Asks the server what it serves and checks that `model` is among it: a mismatch (the
 * server was restarted with another model, a typo) is refused before anything is drafted.
 */
export async function probeServer(ep: Endpoint, model: string, timeoutMs: number): Promise<ServerInfo> {
  const listed = Models.safeParse(await callJson(ep, '/v1/models', { timeoutMs }));
  if (!listed.success)
    throw new AppError(
      'engine_error',
      `The server at ${ep.url} answered /v1/models with an unexpected shape.`,
    );
  const models = listed.data.data.map((m) => m.id);
  if (!models.includes(model)) {
    throw new AppError(
      'not_found',
      `The server at ${ep.url} serves ${models.map((m) => `"${m}"`).join(', ') || 'no model'}, not "${model}".`,
    );
  }
  const p = await props(ep, timeoutMs);
  const slots = p?.total_slots ?? null;
  const nCtx = p?.default_generation_settings?.n_ctx ?? null;
  return {
    models,
    template: p?.chat_template
      ? { source: p.chat_template, bosToken: p.bos_token ?? '', eosToken: p.eos_token ?? '' }
      : null,
    slots,
    slotContext: nCtx,
    modelPath: p?.model_path ?? null,
  };
}

/** /health where the server has one (llama.cpp, vLLM, SGLang); a 404 (Ollama) counts as alive. */
export async function checkHealth(ep: Endpoint, timeoutMs: number): Promise<void> {
  try {
    await callJson(ep, '/health', { timeoutMs }).catch((e: unknown) => {
      // vLLM answers /health with an empty 200 body.
      if (e instanceof AppError && /not JSON/.test(e.message)) return null;
      throw e;
    });
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return;
    throw e;
  }
}
