import { basename } from 'node:path';
import { AppError, toApiError, type ApiError } from '../../../shared/errors';
import { sha256File } from '../hash';
import type { ExportTarget, FittedPrompt, TargetFitter } from '../../export/target-types';
import type { Db } from '../../store/open';
import { getModel } from '../../store/repos/models';
import { sha256Text, systemRoleOf } from '../chat-prompt';
import type { PlanResult } from '../protocol';
import { loadSpec, readEngineSettings, requestedContextSize } from '../settings';
import { SERVER_PATH_PREFIX, ServerBackend, type ServedModel } from './backend';
import type { KeyStore } from './keys';

/**
 * A served model's API key as the export's worker thread gets it: read on the calling thread
 * by the host's own key store (services.ts: the OS keychain in the desktop app, the 0600 file
 * in the CLI and the web host) and passed in the thread's start data, beside the job and never
 * in it. The worker reads no key file itself; nothing an export writes carries the key.
 */
export interface HandedKey {
  modelId: string;
  key: string | null;
  /** The store could not give the key (the keychain changed): the export is refused with it. */
  error: ApiError | null;
}

/** The key to hand an export whose target is `row` (null: not a served model, or no store). */
export function handKey(row: { id: string; path: string } | null, keys: KeyStore | null): HandedKey | null {
  if (!keys || !row?.path.startsWith(SERVER_PATH_PREFIX)) return null;
  try {
    return { modelId: row.id, key: keys.get(row.id), error: null };
  } catch (e) {
    return { modelId: row.id, key: null, error: toApiError(e) };
  }
}

/** Why a served model's file hash is not recorded (llama-server at this commit, vLLM, SGLang and Ollama's /v1 tell none). */
function unknownSha(url: string): string {
  return `The server at ${url} does not tell the sha256 of the file it serves (/v1/models and /props give none), and no copy of the GGUF was registered with the model (models add --server … --gguf FILE).`;
}

/**
 * A served model as an export's target (`export --for-model server:NAME`): records are fitted
 * exactly as drafting through the server fits them — the same backend, so the server's chat
 * template (/props, or the GGUF registered with it) and its /tokenize (or that GGUF's
 * vocabulary) — to the context of one of its slots. Where the server gives no template or no
 * tokenizer and no GGUF is registered, the export is refused before anything is written.
 *
 * The export runs in a worker thread on a read-only connection: its API key is the one the
 * calling thread handed it (handKey).
 */
export async function openServedTarget(
  db: Db,
  modelId: string,
  explicit: boolean,
  handed: HandedKey | null,
): Promise<{ info: ExportTarget; fitter: TargetFitter }> {
  const model = getModel(db, modelId);
  if (!model?.server) throw new AppError('not_found', `No served model with id ${modelId}.`);
  const name = `server:${model.server.model}`;
  const refuse = (e: unknown): never => {
    const code = e instanceof AppError ? e.code : 'engine_error';
    throw new AppError(code, `--for-model ${name}: ${(e as Error).message}`);
  };
  const mine = handed?.modelId === model.id ? handed : null;
  if (mine?.error) refuse(new AppError(mine.error.code, mine.error.message));
  const { url, gguf } = model.server;
  // Known only where the same GGUF was registered with it (--gguf); hashed here if the registry has not yet.
  const sha256 = model.sha256 ?? (gguf ? await sha256File(gguf).catch(refuse) : null);
  const served: ServedModel = {
    model,
    endpoint: { url, key: mine?.key ?? null },
    ggufPath: gguf,
  };
  const backend = new ServerBackend((path) => (path === model.path ? served : null));
  const eng = readEngineSettings(db);
  const spec = loadSpec(eng, model, requestedContextSize(eng, model, undefined));
  const fitting = await backend.fitting(model.path, spec.contextSize).catch(async (e: unknown) => {
    await backend.dispose();
    return refuse(e);
  });
  const info: ExportTarget = {
    modelId: model.id,
    path: model.path,
    fileName: model.server.model,
    sha256,
    sha256Unknown: sha256 ? null : unknownSha(url),
    tokenCounter:
      fitting.tokenizer === 'server' || !gguf
        ? { kind: 'server', url, model: model.server.model }
        : { kind: 'gguf', fileName: basename(gguf), sha256, servedAs: { name: model.server.model, url } },
    contextSize: fitting.contextSize,
    maxTokens: eng.maxTokens,
    chatTemplateSha256: sha256Text(fitting.template.source),
    systemRole: systemRoleOf(fitting.template),
    explicit,
  };
  const fitter: TargetFitter = {
    async fit(systemText, paper, parts): Promise<FittedPrompt> {
      const plan = (await backend.request({
        type: 'plan',
        spec,
        systemText,
        paper,
        parts: [...parts],
        maxTokens: eng.maxTokens,
      }).result) as PlanResult;
      return { prompt: plan.prompt, userText: plan.userText, trimmed: plan.trimmed };
    },
    async count(text) {
      return ((await backend.request({ type: 'countTokens', spec, text }).result) as { count: number }).count;
    },
    dispose: () => backend.dispose(),
  };
  return { info, fitter };
}
