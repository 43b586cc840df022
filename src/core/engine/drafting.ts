import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../store/open';
import type { EventBus } from '../events';
import { AppError, toApiError } from '../../shared/errors';
import { Sampling, type DraftRequest, type TrimEntry } from '../../shared/contract/engine';
import { parseReview } from '../../shared/review-markdown';
import { finishDraft, insertDraft, saveDraftText, type NewDraft } from '../store/repos/drafts';
import { setPaperStatus } from '../store/repos/papers';
import type { EngineClient } from './client';
import type { ModelRegistry } from './models';
import { prepareDraft, toDraftPlan, type Prepared } from './prepare';
import type { GenerateResult } from './protocol';
import { nodeLlamaCppVersion } from './nlc-version';

export interface DraftHooks {
  /** Generation is about to start: the draft row exists and can be stopped by requestId. */
  onStart?(info: { requestId: string; draftId: string; prepared: Prepared }): void;
  onDelta?(text: string, tokensOut: number): void;
}

/** A draft being generated, as a panel reopened mid-draft needs it to carry on streaming. */
export interface RunningDraft {
  requestId: string;
  draftId: string;
  paperId: string;
  /** Everything streamed so far; later draftDelta events continue exactly after it. */
  textSoFar: string;
  tokensOut: number;
}

export interface DraftOptions {
  /**
   * Sequences of the context to draft in (default 1). Batch pre-drafting passes its N to
   * every draft of the batch, so they share one N-sequence context (one load).
   */
  sequences?: number;
}

export interface DraftOutcome {
  draftId: string;
  requestId: string;
  prepared: Prepared;
  result: GenerateResult;
  /** Null for a served model whose GGUF is not known here. */
  modelSha256: string | null;
}

/** Batched deltas reach the UI as they come; the partial text is saved at most this often. */
const SAVE_EVERY_MS = 1000;
const FLUSH_MS = 50;
const FLUSH_TOKENS = 32;

/**
 * Drafting in core: prepare (fit), record the draft row with its full provenance, stream
 * the generation, and finish the row whatever happens (done, stopped, length, error).
 */
export class Drafter {
  /** Running drafts by requestId, their text kept here too so a reopened panel can catch up. */
  private readonly active = new Map<string, RunningDraft>();
  /** Plans (and drafts still planning) per model id: aborting one cancels its model load. */
  private readonly loading = new Map<string, Set<AbortController>>();

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly models: ModelRegistry,
    private readonly client: EngineClient,
    /** Throws when another live process is the library's writer (see ownership/writer.ts). */
    private readonly ensureWriter: () => void = () => undefined,
  ) {}

  async plan(request: DraftRequest) {
    return toDraftPlan(await this.prepare(request));
  }

  /** Emits modelLoadProgress while the plan loads the model, ending at 1 once it is loaded. */
  private async prepare(request: DraftRequest, sequences = 1): Promise<Prepared> {
    let last: number | null = null;
    const emit = (progress: number) =>
      this.events.emit('modelLoadProgress', { modelId: request.modelId, progress: (last = progress) });
    const controller = new AbortController();
    const set = this.loading.get(request.modelId) ?? new Set();
    this.loading.set(request.modelId, set.add(controller));
    try {
      const prepared = await prepareDraft(
        this.db,
        this.models,
        this.client,
        request,
        emit,
        controller.signal,
        sequences,
      );
      if (last !== null && last < 1) emit(1);
      return prepared;
    } finally {
      set.delete(controller);
      if (!set.size && this.loading.get(request.modelId) === set) this.loading.delete(request.modelId);
    }
  }

  /**
   * Cancels loading `modelId`: every plan or draft still preparing with it fails with
   * 'cancelled' (drafts already generating are left alone). Returns how many were cancelled.
   */
  cancelLoad(modelId: string): number {
    const set = this.loading.get(modelId);
    const live = [...(set ?? [])].filter((c) => !c.signal.aborted);
    for (const c of live) c.abort();
    return live.length;
  }

  /** Drafts of `paperId` generating now, with their text so far. */
  runningFor(paperId: string): RunningDraft[] {
    return [...this.active.values()].filter((d) => d.paperId === paperId).map((d) => ({ ...d }));
  }

  /** Stops a running draft; its partial text is kept and marked 'stopped'. */
  stop(requestId: string): void {
    if (!this.active.has(requestId)) throw new AppError('not_found', `No running draft ${requestId}.`);
    this.client.abort(requestId);
  }

  stopAll(): void {
    for (const id of this.active.keys()) this.client.abort(id);
  }

  get running(): number {
    return this.active.size;
  }

  async draft(
    request: DraftRequest,
    hooks: DraftHooks = {},
    options: DraftOptions = {},
  ): Promise<DraftOutcome> {
    this.ensureWriter();
    const prepared = await this.prepare(request, options.sequences);
    const shas = await this.models.hashes(prepared.model);
    const sampling = Sampling.parse(request.sampling ?? {});
    const seed = request.seed ?? randomInt(0, 2 ** 31);
    const draftId = randomUUID();
    insertDraft(this.db, newDraftRow(draftId, prepared, shas, sampling, seed));
    const { running, result } = this.generate(prepared, draftId, { ...sampling, seed }, hooks);
    const requestId = running.requestId;
    this.active.set(requestId, running);
    hooks.onStart?.({ requestId, draftId, prepared });
    try {
      const r = await result;
      this.finished(running, prepared, r);
      return { draftId, requestId, prepared, result: r, modelSha256: shas.model };
    } catch (e) {
      this.failed(running, prepared, e);
      throw e;
    } finally {
      this.active.delete(requestId);
    }
  }

  /** Sends the generation; deltas go out as events and the partial text is saved now and then. */
  private generate(prepared: Prepared, draftId: string, sampling: SamplingWithSeed, hooks: DraftHooks) {
    const paperId = prepared.paper.id;
    let lastSave = Date.now();
    // Its requestId is known once the request is sent; tokens only arrive after that.
    const running: RunningDraft = { requestId: '', draftId, paperId, textSoFar: '', tokensOut: 0 };
    const { id: requestId, result } = this.client.request(
      {
        type: 'generate',
        spec: prepared.spec,
        systemText: prepared.systemText,
        userText: prepared.plan.userText,
        sampling,
        maxTokens: prepared.maxTokens,
        flushMs: FLUSH_MS,
        flushTokens: FLUSH_TOKENS,
      },
      {
        onToken: (delta, tokensOut) => {
          const text = running.textSoFar + delta;
          Object.assign(running, { textSoFar: text, tokensOut });
          this.events.emit('draftDelta', {
            requestId,
            draftId,
            paperId,
            text: delta,
            tokensOut,
            textLength: text.length,
          });
          hooks.onDelta?.(delta, tokensOut);
          if (Date.now() - lastSave >= SAVE_EVERY_MS) {
            lastSave = Date.now();
            saveDraftText(this.db, draftId, text, tokensOut);
          }
        },
      },
    );
    running.requestId = requestId;
    return { running, result };
  }

  /** The generation ended (done, stopped, length): the row is finished, the paper follows. */
  private finished(running: RunningDraft, prepared: Prepared, r: GenerateResult): void {
    const { requestId, draftId } = running;
    const { paper } = prepared;
    const parsed = parseReview(r.text, prepared.template);
    finishDraft(this.db, draftId, {
      text: r.text,
      sections: parsed.sections,
      scores: parsed.scores,
      tokensOut: r.tokensOut,
      ttftMs: r.ttftMs,
      durationMs: r.durationMs,
      tokensPerSecond: r.tokensPerSecond,
      endReason: r.endReason,
      error: null,
      tokenPredictions: r.tokenPredictions,
    });
    if (paper.status === 'new') {
      setPaperStatus(this.db, paper.id, 'drafted');
      this.events.emit('papersChanged', { ids: [paper.id] });
    }
    this.events.emit('draftFinished', {
      requestId,
      draftId,
      paperId: paper.id,
      endReason: r.endReason,
      error: null,
    });
  }

  /** The generation failed: the row keeps what was streamed, marked 'error'. */
  private failed(running: RunningDraft, prepared: Prepared, e: unknown): void {
    const { requestId, draftId, textSoFar } = running;
    const error = toApiError(e);
    const parsed = parseReview(textSoFar, prepared.template);
    finishDraft(this.db, draftId, {
      text: textSoFar,
      sections: parsed.sections,
      scores: parsed.scores,
      tokensOut: running.tokensOut,
      ttftMs: null,
      durationMs: 0,
      tokensPerSecond: null,
      endReason: 'error',
      error: error.message,
    });
    this.events.emit('draftFinished', {
      requestId,
      draftId,
      paperId: prepared.paper.id,
      endReason: 'error',
      error,
    });
  }
}

type SamplingValues = ReturnType<typeof Sampling.parse>;
type SamplingWithSeed = SamplingValues & { seed: number };

/** The draft row as inserted before generation starts, with its full provenance. */
function newDraftRow(
  id: string,
  prepared: Prepared,
  shas: Awaited<ReturnType<ModelRegistry['hashes']>>,
  sampling: SamplingValues,
  seed: number,
): NewDraft {
  const { model, plan, paper } = prepared;
  return {
    id,
    paperId: paper.id,
    modelId: model.id,
    modelSha256: shas.model,
    adapters: model.adapters.map((a, i) => ({
      path: a.path,
      sha256: shas.adapters[i] ?? null,
      scale: a.scale,
    })),
    promptId: prepared.prompt.id,
    templateId: prepared.template.id,
    promptHash: plan.prompt.sha256,
    trimmed: plan.trimmed,
    sampling: { ...sampling, maxTokens: prepared.maxTokens },
    seed,
    contextSize: plan.loaded.contextSize,
    gpuLayers: plan.loaded.gpuLayers,
    backend: plan.loaded.backend,
    threads: plan.loaded.threads,
    tokensIn: plan.prompt.tokens,
    provenance: provenance(prepared, plan.trimmed),
  };
}

/**
 * What an exporter or auditor needs beyond the columns: the exact system text and user
 * turn sent (the exporter must reproduce the user turn byte for byte), the fully rendered
 * prompt, and every engine setting that shaped the run.
 */
function provenance(p: Prepared, trimmed: TrimEntry[]): Record<string, unknown> {
  return {
    promptName: p.prompt.name,
    promptVersion: p.prompt.version,
    templateId: p.template.id,
    paperTextVersion: p.text.extractorVersion,
    // The turns as rendered (system text folded into the user turn where the template has
    // no system role): the export writes exactly these.
    messages: p.plan.prompt.turns,
    // The two parts apart (alpaca's instruction and input): the turns join them where they fold.
    systemText: p.systemText,
    paperText: p.plan.userText,
    renderedPrompt: p.plan.prompt.text,
    chatWrapper: p.plan.prompt.chatWrapper,
    untrimmedTokens: p.plan.untrimmedTokens,
    budget: p.plan.budget,
    trimmedCount: trimmed.length,
    model: {
      path: p.model.path,
      fileName: p.model.fileName,
      architecture: p.model.architecture,
      quantization: p.model.quantization,
    },
    // A served model: where it ran and under which name (backend column: "openai:<url>").
    ...(p.model.server ? { server: { url: p.model.server.url, model: p.model.server.model } } : {}),
    engine: {
      nodeLlamaCpp: nodeLlamaCppVersion(),
      flashAttention: p.plan.loaded.flashAttention,
      batchSize: p.plan.loaded.batchSize,
      kvCacheType: p.spec.kvCacheType,
      // The context's, which may have more than the draft asked for (it reused a batch's).
      sequences: p.plan.sequences,
      tokenPredictor: p.spec.tokenPredictor,
      requestedGpu: p.spec.gpu,
      requestedGpuLayers: p.spec.gpuLayers,
    },
    estimate: p.estimate,
  };
}
