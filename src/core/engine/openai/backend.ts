import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { MemoryEstimate, ModelInfo } from '../../../shared/contract/engine';
import { promptTurns, renderChat, sha256Text, systemRoleOf, type ChatTemplate } from '../chat-prompt';
import type { RequestHooks } from '../client';
import { fitPaper, planOf } from '../fit';
import type {
  GenerateResult,
  LoadedInfo,
  Parallelism,
  PlanResult,
  RenderedPrompt,
  WorkerRequest,
} from '../protocol';
import { streamCompletion } from './completions';
import type { Endpoint } from './http';
import { probeServer, type ServerInfo } from './server-info';
import { ggufTemplate, ggufTokenizer, serverTokenizer, type PromptTokenizer } from './tokenizer';

/** A served model's registry path: "server:<name>" (a local GGUF's path is absolute). */
export const SERVER_PATH_PREFIX = 'server:';

/** A served model as the backend needs it: the row, where to reach it, its GGUF if one is known here. */
export interface ServedModel {
  model: ModelInfo;
  endpoint: Endpoint;
  ggufPath: string | null;
}

export interface ServerBackendOptions {
  /** Each probe / tokenize call, until its answer (default 30 s). */
  timeoutMs?: number;
  /** A draft's longest silence, prompt processing included (default 10 min: a busy server queues). */
  idleTimeoutMs?: number;
  /** What the server said is trusted this long before it is asked again (default 10 s). */
  probeTtlMs?: number;
}

interface Session {
  at: number;
  info: ServerInfo;
  template: ChatTemplate;
  tokenizer: PromptTokenizer;
}

type Body =
  Extract<WorkerRequest, { spec: unknown }> extends infer B
    ? B extends WorkerRequest
      ? Omit<B, 'id'>
      : never
    : never;

/**
 * The engine for models served over the OpenAI-compatible HTTP API (llama-server, vLLM,
 * SGLang, Ollama). It answers the worker protocol's model requests (estimate, parallelism,
 * load, countTokens, plan, generate) with the worker's result shapes, so drafting, batch
 * pre-drafting and the CLI use it unchanged. The prompt is rendered here by the app's own
 * renderer (chat-prompt.ts) and fitted by the same rule (fit.ts), counting with the server's
 * /tokenize (or the same GGUF's vocabulary), so the draft's promptSha256 is that of the text
 * the server ran.
 */
export class ServerBackend {
  private readonly running = new Map<string, AbortController>();
  private readonly sessions = new Map<string, Promise<Session>>();
  private readonly opts: Required<ServerBackendOptions>;

  constructor(
    private readonly lookup: (modelPath: string) => ServedModel | null,
    options: ServerBackendOptions = {},
  ) {
    this.opts = { timeoutMs: 30_000, idleTimeoutMs: 600_000, probeTtlMs: 10_000, ...options };
  }

  /** Whether this request names a served model (else it goes to the local worker). */
  static handles(body: { type: string; spec?: { modelPath: string } }): boolean {
    return body.spec?.modelPath.startsWith(SERVER_PATH_PREFIX) ?? false;
  }

  get activeRequests(): number {
    return this.running.size;
  }

  request(body: Body, hooks: RequestHooks = {}): { id: string; result: Promise<unknown> } {
    const id = randomUUID();
    const controller = new AbortController();
    this.running.set(id, controller);
    const result = this.run(body, hooks, controller.signal).finally(() => this.running.delete(id));
    return { id, result };
  }

  /** Stops request `id`: a generation ends 'stopped' with its text so far; anything else fails 'cancelled'. */
  abort(id: string): boolean {
    const c = this.running.get(id);
    c?.abort();
    return c !== undefined;
  }

  /**
   * What a served model's prompts are fitted with now: its chat template (the GGUF's, else the
   * server's /props), the context of one of its slots, and what counts the tokens (the server's
   * /tokenize, else the GGUF's vocabulary). An export for it fits its records with these and
   * plan(); a server that gives neither template nor tokenizer is refused here.
   */
  async fitting(
    modelPath: string,
    requested: number,
  ): Promise<{ template: ChatTemplate; contextSize: number; tokenizer: PromptTokenizer['source'] }> {
    const s = this.served(modelPath);
    const session = await this.session(s);
    return {
      template: session.template,
      contextSize: this.contextOf(session, requested),
      tokenizer: session.tokenizer.source,
    };
  }

  async dispose(): Promise<void> {
    for (const c of this.running.values()) c.abort();
    const open = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(open.map(async (s) => (await s).tokenizer.dispose()));
  }

  private async run(body: Body, hooks: RequestHooks, signal: AbortSignal): Promise<unknown> {
    const served = this.served(body.spec.modelPath);
    try {
      const session = await this.session(served);
      if (signal.aborted && body.type !== 'generate')
        throw new AppError('cancelled', 'The request to the server was cancelled.');
      switch (body.type) {
        case 'estimate':
          return this.estimate(served, session, body.spec.contextSize);
        case 'parallelism':
          return this.parallelism(served, session, body.max);
        case 'load':
          return this.loaded(served, session, body.spec.contextSize);
        case 'countTokens':
          return { count: (await session.tokenizer.tokenize(body.text, false)).length };
        case 'plan':
          return await this.plan(served, session, body);
        case 'generate':
          return await this.generate(served, session, body, hooks, signal);
      }
    } catch (e) {
      // The server may have gone or changed: ask it afresh next time.
      this.forget(served.model.path);
      throw e;
    }
  }

  private forget(key: string): void {
    const s = this.sessions.get(key);
    this.sessions.delete(key);
    // A tokenizer still in use by a parallel draft finishes first: dispose after a grace period.
    void s?.then((x) => setTimeout(() => void x.tokenizer.dispose(), 60_000).unref()).catch(() => undefined);
  }

  private served(modelPath: string): ServedModel {
    const s = this.lookup(modelPath);
    if (!s) throw new AppError('not_found', `No served model is registered as ${modelPath}.`);
    return s;
  }

  /**
   * What the server serves, asked again once older than probeTtlMs (a restarted server may
   * serve another model now); the tokenizer is kept while the server answers.
   */
  private async session(s: ServedModel): Promise<Session> {
    const key = s.model.path;
    let opening = this.sessions.get(key);
    if (!opening) {
      opening = this.open(s);
      this.sessions.set(key, opening);
      opening.catch(() => this.sessions.get(key) === opening && this.sessions.delete(key));
    }
    const session = await opening;
    if (Date.now() - session.at >= this.opts.probeTtlMs) {
      session.at = Date.now();
      session.info = await probeServer(s.endpoint, s.model.server?.model ?? '', this.opts.timeoutMs);
      session.template = session.tokenizer.template ?? session.info.template ?? session.template;
    }
    return session;
  }

  private async open(s: ServedModel): Promise<Session> {
    const { endpoint: ep, model } = s;
    const info = await probeServer(ep, model.server?.model ?? '', this.opts.timeoutMs);
    const tokenizer =
      (await serverTokenizer(ep, model.server?.model ?? '', this.opts.timeoutMs)) ??
      (s.ggufPath ? await ggufTokenizer(s.ggufPath) : null);
    if (!tokenizer) {
      throw new AppError(
        'unsupported',
        `The server at ${ep.url} has no /tokenize (Ollama?) and no GGUF of the model is known here, so the paper cannot be fitted to its context: register the model with its GGUF file (--gguf).`,
      );
    }
    // The GGUF's own where it is the tokenizer, else the server's (/props), else the registered GGUF's (vLLM, SGLang).
    let template = tokenizer.template ?? info.template;
    if (!template && s.ggufPath)
      template = await ggufTemplate(s.ggufPath).catch(async (e: unknown) => {
        await tokenizer.dispose();
        throw e;
      });
    if (!template) {
      await tokenizer.dispose();
      throw new AppError(
        'unsupported',
        `The server at ${ep.url} does not expose its chat template (no /props): register the model with its GGUF file (--gguf) so the app renders the same prompt.`,
      );
    }
    return { at: Date.now(), info, template, tokenizer };
  }

  private backendName(s: ServedModel): string {
    return `openai:${s.endpoint.url}`;
  }

  private contextOf(session: Session, requested: number): number {
    return session.info.slotContext ?? requested;
  }

  private loaded(s: ServedModel, session: Session, requested: number): LoadedInfo {
    return {
      backend: this.backendName(s),
      gpuLayers: 0,
      contextSize: this.contextOf(session, requested),
      batchSize: 0,
      threads: 0,
      flashAttention: 'auto',
      loadMs: 0,
      reused: true,
    };
  }

  private estimate(s: ServedModel, session: Session, requested: number): MemoryEstimate {
    return {
      verdict: 'fits',
      contextSize: this.contextOf(session, requested),
      gpuLayers: 0,
      backend: this.backendName(s),
      ramNeeded: 0,
      ramFree: 0,
      vramNeeded: 0,
      vramFree: 0,
      message: `Served by ${s.endpoint.url}: the server holds the model and its memory.`,
    };
  }

  private parallelism(s: ServedModel, session: Session, max: number): Parallelism {
    const slots = session.info.slots;
    if (slots)
      return {
        sequences: Math.min(max, slots),
        reason: `The server at ${s.endpoint.url} runs ${slots} requests at once.`,
      };
    return {
      sequences: Math.min(max, 4),
      reason: `The server at ${s.endpoint.url} does not say how many requests it runs at once (no /props): 4 at a time; set "Parallel drafts" in the engine settings to what it runs.`,
    };
  }

  private async render(
    session: Session,
    systemText: string,
    userText: string,
  ): Promise<{ prompt: RenderedPrompt; tokens: number[] }> {
    const turns = promptTurns(session.template, systemText, userText);
    const text = renderChat(session.template, turns);
    const tokens = await session.tokenizer.tokenize(text, true);
    const chatWrapper = `jinja (system role ${systemRoleOf(session.template)})`;
    return { tokens, prompt: { text, sha256: sha256Text(text), tokens: tokens.length, chatWrapper, turns } };
  }

  private async plan(
    s: ServedModel,
    session: Session,
    body: Extract<Body, { type: 'plan' }>,
  ): Promise<PlanResult> {
    const contextSize = this.contextOf(session, body.spec.contextSize);
    const fit = await fitPaper(
      { paper: body.paper, parts: body.parts, contextSize, maxTokens: body.maxTokens },
      {
        prompt: async (userText) => (await this.render(session, body.systemText, userText)).tokens.length,
        text: async (text) => (await session.tokenizer.tokenize(text, false)).length,
      },
    );
    const { prompt } = await this.render(session, body.systemText, fit.userText);
    return planOf(fit, prompt, this.loaded(s, session, body.spec.contextSize), session.info.slots ?? 1);
  }

  private async generate(
    s: ServedModel,
    session: Session,
    body: Extract<Body, { type: 'generate' }>,
    hooks: RequestHooks,
    signal: AbortSignal,
  ): Promise<GenerateResult> {
    const { prompt, tokens } = await this.render(session, body.systemText, body.userText);
    const r = await streamCompletion(
      s.endpoint,
      {
        model: s.model.server?.model ?? '',
        // Ids from the server's own tokenizer are exactly what it runs (a text prompt would get a second BOS from llama.cpp).
        prompt: session.tokenizer.source === 'server' ? tokens : prompt.text,
        sampling: body.sampling,
        maxTokens: body.maxTokens,
        flushMs: body.flushMs,
        flushTokens: body.flushTokens,
        idleTimeoutMs: this.opts.idleTimeoutMs,
        signal,
      },
      (text, tokensOut) => hooks.onToken?.(text, tokensOut),
    );
    return {
      text: r.text,
      endReason: r.endReason,
      prompt,
      tokensIn: prompt.tokens,
      tokensOut: r.tokensOut,
      ttftMs: r.ttftMs,
      durationMs: r.durationMs,
      tokensPerSecond: r.tokensPerSecond,
      tokenPredictions: null,
      loaded: this.loaded(s, session, body.spec.contextSize),
    };
  }
}
