import type { Services } from '../services';
import type { HandlerGroup } from './types';
import { AppError } from '../../shared/errors';
import { getDraft, listDrafts } from '../store/repos/drafts';
import { listPrompts } from '../store/repos/prompts';
import { readEngineSettings, writeEngineSettings } from '../engine/settings';
import type { DraftPlan } from '../../shared/contract/engine';
import { toDraftPlan as toPlan } from '../engine/prepare';

type EngineMethods =
  | 'listModels'
  | 'addModel'
  | 'addServerModel'
  | 'removeModel'
  | 'addAdapter'
  | 'removeAdapter'
  | 'estimateModel'
  | 'getHardware'
  | 'getEngineStatus'
  | 'getEngineDiagnostics'
  | 'getEngineSettings'
  | 'updateEngineSettings'
  | 'listPrompts'
  | 'planDraft'
  | 'startDraft'
  | 'stopDraft'
  | 'cancelModelLoad'
  | 'getRunningDrafts'
  | 'listDrafts'
  | 'getDraft'
  | 'startBatch'
  | 'cancelBatch'
  | 'resumeBatch'
  | 'getBatch';

export function engineHandlers(s: Services): HandlerGroup<EngineMethods> {
  // The engine (and its worker process) starts on the first engine call, not with the app.
  const e = () => s.engine;
  return {
    listModels: () => e().models.list(),
    addModel: ({ path, round }) => e().models.add(path, round ?? null),
    addServerModel: ({ url, name, key, gguf, round }) =>
      e().models.addServer({ url, name, key: key ?? null, gguf: gguf ?? null, round: round ?? null }),
    removeModel: ({ modelId }) => (e().models.remove(modelId), {}),
    addAdapter: ({ modelId, path, scale }) => e().models.addAdapter(modelId, path, scale),
    removeAdapter: ({ adapterId }) => (e().models.removeAdapter(adapterId), {}),
    estimateModel: ({ modelId, contextSize }) => e().estimate(modelId, contextSize),
    getHardware: () => e().hardware(),
    getEngineStatus: () => e().getStatus(),
    getEngineDiagnostics: async () => ({ text: await e().diagnostics() }),
    getEngineSettings: () => readEngineSettings(s.db),
    updateEngineSettings: (patch) => writeEngineSettings(s.db, patch),
    // e() first: creating the engine seeds the built-in prompts.
    listPrompts: () =>
      (e(), listPrompts(s.db)).map((p) => ({
        id: p.id,
        name: p.name,
        version: p.version,
        systemText: p.systemText,
      })),
    planDraft: (req) => e().track(req.modelId, () => e().drafter.plan(req)),
    // Resolves once generation has started (the plan and the draft row exist); the text
    // follows as draftDelta events and the end as draftFinished.
    startDraft: (req) =>
      new Promise<{ requestId: string; draftId: string; plan: DraftPlan }>((resolve, reject) => {
        let started = false;
        e()
          .track(req.modelId, () =>
            e().drafter.draft(req, {
              onStart: ({ requestId, draftId, prepared }) => {
                started = true;
                resolve({ requestId, draftId, plan: toPlan(prepared) });
              },
            }),
          )
          .catch((err: unknown) => {
            if (!started) reject(err);
          });
      }),
    stopDraft: ({ requestId }) => (e().drafter.stop(requestId), {}),
    cancelModelLoad: ({ modelId }) => ({ cancelled: e().drafter.cancelLoad(modelId) }),
    // Served from memory: a draft that is not running now (or ran before a restart) is just a row.
    getRunningDrafts: ({ paperId }) => e().drafter.runningFor(paperId),
    listDrafts: ({ paperId }) => listDrafts(s.db, paperId),
    getDraft: ({ draftId }) => {
      const d = getDraft(s.db, draftId);
      if (!d) throw new AppError('not_found', `No draft ${draftId}.`);
      return d;
    },
    startBatch: ({ paperIds, request }) => e().batches.start(paperIds, request),
    cancelBatch: ({ batchId }) => e().batches.cancel(batchId),
    resumeBatch: ({ batchId }) => e().batches.resumeBatch(batchId),
    getBatch: ({ batchId }) => e().batches.progress(batchId),
  };
}
