import os from 'node:os';
import type { Db } from '../store/open';
import { readSettingValue, writeSettingValue } from '../store/repos/settings';
import { EngineSettings } from '../../shared/contract/engine';
import type { ModelInfo } from '../../shared/contract/engine';
import type { LoadSpec } from './protocol';
import { AppError } from '../../shared/errors';

/** Engine settings live in the settings table under one key, "engine", as one JSON object. */
const KEY = 'engine';

/** The keys the user has chosen (valid ones only); everything else takes today's default. */
function storedChoices(db: Db): Record<string, unknown> {
  const raw = readSettingValue(db, KEY) ?? {};
  const keep: Record<string, unknown> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (k in EngineSettings.shape && EngineSettings.safeParse({ [k]: v }).success) keep[k] = v;
    }
  }
  return keep;
}

export function readEngineSettings(db: Db): EngineSettings {
  return EngineSettings.parse(storedChoices(db));
}

/**
 * Stores only what the user chose, never the defaults filled in around it: a later version's
 * better defaults (e.g. from a GPU tuning pass) then reach everyone who did not pick a value.
 */
export function writeEngineSettings(db: Db, patch: Partial<EngineSettings>): EngineSettings {
  const choices = { ...storedChoices(db), ...patch };
  const next = EngineSettings.parse(choices);
  writeSettingValue(db, KEY, choices);
  return next;
}

/** Threads for llama.cpp: the setting, else every core this machine gives us. */
export function resolveThreads(settings: EngineSettings): number {
  return settings.threads > 0 ? settings.threads : Math.max(1, os.availableParallelism());
}

/**
 * The context a draft asks for when the request names none: the setting (16 384 by default:
 * a 12K-token paper + a 1K review untrimmed), capped at the model's trained context (more
 * costs quality, not just memory; tiny test models train on small contexts). Whether it
 * fits in memory is the estimate's call (it refuses a won't-fit load before loading).
 */
export function contextSizeFor(settings: EngineSettings, model: Pick<ModelInfo, 'contextLength'>): number {
  const trained = model.contextLength && model.contextLength > 0 ? model.contextLength : settings.contextSize;
  return Math.min(settings.contextSize, trained);
}

/**
 * The context for a request: the one it names, else the setting's (contextSizeFor). A named
 * size above the model's trained context (n_ctx_train from its GGUF) is refused: llama.cpp
 * would allocate a KV cache for it (2e9 tokens is terabytes) and the model cannot use it.
 */
export function requestedContextSize(
  settings: EngineSettings,
  model: Pick<ModelInfo, 'contextLength' | 'fileName'>,
  requested: number | undefined,
): number {
  if (requested === undefined) return contextSizeFor(settings, model);
  const trained = model.contextLength && model.contextLength > 0 ? model.contextLength : null;
  if (trained !== null && requested > trained) {
    throw new AppError(
      'invalid_input',
      `A context of ${requested} tokens is larger than ${model.fileName} was trained on (${trained} tokens).`,
    );
  }
  return requested;
}

/**
 * The load spec for a model under these settings; the worker reuses a loaded context whose
 * spec is equal, or equal but with more sequences. One sequence unless told: only batch
 * pre-drafting asks for more (settings.sequences is its choice, resolved in batch.ts). An
 * unset batch size stays unset: the worker picks it from the free VRAM (estimate.ts
 * resolveBatchSize).
 */
export function loadSpec(
  settings: EngineSettings,
  model: ModelInfo,
  contextSize: number,
  sequences = 1,
): LoadSpec {
  return {
    gpu: settings.gpu,
    threads: resolveThreads(settings),
    modelPath: model.path,
    adapters: model.adapters.map((a) => ({ path: a.path, scale: a.scale })),
    gpuLayers: settings.gpuLayers,
    contextSize,
    batchSize: settings.batchSize,
    flashAttention: settings.flashAttention,
    kvCacheType: settings.kvCacheType,
    sequences,
    tokenPredictor: settings.tokenPredictor,
  };
}
