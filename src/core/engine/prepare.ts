import type { Db } from '../store/open';
import { AppError } from '../../shared/errors';
import type {
  DraftPlan,
  DraftRequest,
  EngineSettings,
  MemoryEstimate,
  ModelInfo,
} from '../../shared/contract/engine';
import type { PaperText } from '../../shared/paper';
import type { ReviewTemplate } from '../../shared/templates';
import { getLatestPaperText, getPaper } from '../store/repos/papers';
import { getPrompt, getTemplate } from '../store/repos/prompts';
import { readSettings } from '../store/repos/settings';
import type { EngineClient } from './client';
import type { ModelRegistry } from './models';
import { DEFAULT_PROMPT_ID, renderSystemText, type PromptVersion } from './prompt';
import type { LoadSpec, PlanResult, PromptPaper } from './protocol';
import { abstractOf } from './serialize';
import { loadSpec, readEngineSettings, requestedContextSize } from './settings';

/** Everything decided before generation: inputs, load spec, the fitted prompt. */
export interface Prepared {
  request: DraftRequest;
  settings: EngineSettings;
  paper: { id: string; title: string; status: string };
  text: PaperText;
  model: ModelInfo;
  prompt: PromptVersion;
  template: ReviewTemplate;
  systemText: string;
  spec: LoadSpec;
  maxTokens: number;
  estimate: MemoryEstimate;
  plan: PlanResult;
}

/**
 * Resolves a draft request into what will be sent, refusing early and clearly: a paper
 * without a text layer, a model that will not fit in memory, a paper that cannot fit the
 * context even trimmed.
 */
export async function prepareDraft(
  db: Db,
  models: ModelRegistry,
  client: EngineClient,
  request: DraftRequest,
  onLoadProgress?: (progress: number) => void,
  /** Aborting it cancels the model load (cancelModelLoad); the draft fails with 'cancelled'. */
  signal?: AbortSignal,
  /** Sequences of the context to load: batch pre-drafting's N, else one. */
  sequences = 1,
): Promise<Prepared> {
  const checkCancelled = () => {
    if (signal?.aborted) throw new AppError('cancelled', 'Loading the model was cancelled.');
  };
  const settings = readEngineSettings(db);
  const paper = getPaper(db, request.paperId);
  if (!paper) throw new AppError('not_found', `No paper with id ${request.paperId}.`);
  const text = getLatestPaperText(db, paper.id);
  if (text?.warnings.some((w) => w.code === 'no_text_layer')) {
    throw new AppError(
      'no_text_layer',
      `"${paper.title}" has no text layer (a scanned PDF?), so there is nothing for the model to read.`,
    );
  }
  if (!text || text.sections.every((s) => !s.text.trim())) {
    throw new AppError('no_text_layer', `"${paper.title}" has no extracted text to draft from.`);
  }
  const model = models.get(request.modelId);
  const prompt = getPrompt(db, request.promptId ?? DEFAULT_PROMPT_ID);
  const template = getTemplate(db, request.templateId ?? readSettings(db).defaultTemplate);
  const maxTokens = request.maxTokens ?? settings.maxTokens;
  const contextSize = requestedContextSize(settings, model, request.contextSize);
  const spec = loadSpec(settings, model, contextSize, sequences);
  const estimate = await client.request({ type: 'estimate', spec }).result;
  checkCancelled();
  if (estimate.verdict === 'wont_fit') {
    throw new AppError('out_of_memory', `${model.fileName} will not fit in memory: ${estimate.message}`);
  }
  const systemText = renderSystemText(prompt, template);
  const promptPaper: PromptPaper = {
    title: paper.title,
    abstract: abstractOf(paper.abstract, text.sections),
    captions: text.captions,
    sections: text.sections,
  };
  // The plan loads the model if it is not loaded yet (progress 0..1; LoRA after weights).
  const planning = client.request(
    { type: 'plan', spec, systemText, parts: prompt.parts, paper: promptPaper, maxTokens },
    { onProgress: (stage, p) => onLoadProgress?.(stage === 'load' ? p * 0.9 : 0.9 + p * 0.1) },
  );
  const abortPlan = () => client.abort(planning.id);
  signal?.addEventListener('abort', abortPlan, { once: true });
  let plan: PlanResult;
  try {
    plan = await planning.result;
  } finally {
    signal?.removeEventListener('abort', abortPlan);
  }
  // A cancel that came after the load finished (the plan was only fitting) still counts.
  checkCancelled();
  return {
    request,
    settings,
    paper: { id: paper.id, title: paper.title, status: paper.status },
    text,
    model,
    prompt,
    template,
    systemText,
    spec,
    maxTokens,
    estimate,
    plan,
  };
}

export function toDraftPlan(p: Prepared): DraftPlan {
  return {
    paperId: p.paper.id,
    modelId: p.model.id,
    promptId: p.prompt.id,
    templateId: p.template.id,
    contextSize: p.plan.loaded.contextSize,
    maxTokens: p.maxTokens,
    promptTokens: p.plan.prompt.tokens,
    untrimmedTokens: p.plan.untrimmedTokens,
    budget: p.plan.budget,
    trimmed: p.plan.trimmed,
    estimate: p.estimate,
  };
}
