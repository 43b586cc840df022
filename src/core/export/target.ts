import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ChatWrapper, Llama, LlamaModel } from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import type { PaperPart, PromptPaper } from '../engine/protocol';
import { sha256Text, systemRoleOf } from '../engine/chat-prompt';
import { chatTemplateOfModel } from '../engine/model-template';
import { sha256File } from '../engine/hash';
import { vocabLlama } from '../engine/vocab-llama';
import { readEngineSettings } from '../engine/settings';
import type * as RenderModule from '../engine/worker/render';
import type { Db } from '../store/open';
import { readSettings } from '../store/repos/settings';
import { SERVER_PATH_PREFIX } from '../engine/openai/backend';
import { openServedTarget, type HandedKey } from '../engine/openai/export-target';
import type { ExportTarget, FittedPrompt, TargetFitter } from './target-types';

export type { ExportTarget, FittedPrompt, TargetFitter } from './target-types';

type Render = Pick<typeof RenderModule, 'fitPrompt' | 'countText'>;

interface ModelRow {
  id: string;
  path: string;
  sha256: string | null;
  context_length: number | null;
}

const MODEL_COLUMNS = 'id, path, sha256, context_length';

function findModel(
  db: Db,
  forModel: string | undefined,
): { row: ModelRow | null; path: string; explicit: boolean } | null {
  if (forModel) {
    const byId = db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ?`).get(forModel) as
      ModelRow | undefined;
    if (byId) return { row: byId, path: byId.path, explicit: true };
    // A served model by its registry path; its name is no file to resolve.
    const path = forModel.startsWith(SERVER_PATH_PREFIX) ? forModel : resolve(forModel);
    const byPath = db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE path = ?`).get(path) as
      ModelRow | undefined;
    if (byPath) return { row: byPath, path, explicit: true };
    if (path.startsWith(SERVER_PATH_PREFIX)) {
      throw new AppError(
        'not_found',
        `--for-model ${forModel}: no served model is registered under that name; add it with "models add --server URL --name ${forModel.slice(SERVER_PATH_PREFIX.length)}".`,
      );
    }
    if (!existsSync(path)) {
      throw new AppError(
        'not_found',
        `--for-model ${forModel}: no registered model has that id, and there is no such GGUF file.`,
      );
    }
    return { row: null, path, explicit: true };
  }
  const settings = readSettings(db);
  const row = (
    settings.defaultModelId
      ? db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ?`).get(settings.defaultModelId)
      : db.prepare(`SELECT ${MODEL_COLUMNS} FROM models ORDER BY added_at DESC, rowid DESC LIMIT 1`).get()
  ) as ModelRow | undefined;
  return row ? { row, path: row.path, explicit: false } : null;
}

/** The registered model an export would target, if any; a request that cannot be resolved fails later, in the worker. */
export function targetRow(db: Db, forModel: string | undefined): { id: string; path: string } | null {
  try {
    return findModel(db, forModel)?.row ?? null;
  } catch {
    return null;
  }
}

/** An opened target: its facts, and fitting with its tokenizer. Dispose when done. */
export class OpenTarget {
  private constructor(
    readonly info: ExportTarget,
    private readonly fitter: TargetFitter,
  ) {}

  /**
   * The target for a request: --for-model's model, else the library's default model
   * (else the newest registered). null: no model at all. A default whose file is gone is
   * reported in `missing` instead of failing the export; a named one that cannot be read fails.
   */
  static async open(
    db: Db,
    forModel: string | undefined,
    servedKey: HandedKey | null = null,
  ): Promise<{ target: OpenTarget | null; missing: string | null }> {
    const found = findModel(db, forModel);
    if (!found) return { target: null, missing: null };
    if (found.row && found.path.startsWith(SERVER_PATH_PREFIX)) {
      // Fitted by the server's own template and tokenizer (engine/openai/export-target.ts).
      const served = await openServedTarget(db, found.row.id, found.explicit, servedKey);
      return { target: new OpenTarget(served.info, served.fitter), missing: null };
    }
    if (!found.explicit && !existsSync(found.path)) return { target: null, missing: found.path };
    // Loaded only when there is a model to open: an export without one never pays for the
    // native addon (a preview then answers in a fraction of a second).
    const { resolveChatWrapper } = await import('node-llama-cpp');
    const render: Render = await import('../engine/worker/render');
    const llama = await vocabLlama();
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: found.path, vocabOnly: true });
    } catch (e) {
      await llama.dispose();
      if (!found.explicit) return { target: null, missing: found.path };
      throw new AppError(
        'invalid_input',
        `${found.path} could not be read as a GGUF model: ${(e as Error).message}`,
      );
    }
    const template = chatTemplateOfModel(model);
    const eng = readEngineSettings(db);
    const trained = found.row?.context_length ?? model.trainContextSize;
    // The registry hashes in the background; an unregistered file (or an unfinished hash) is hashed here.
    const sha256 = found.row?.sha256 ?? (await sha256File(found.path));
    const info: ExportTarget = {
      modelId: found.row?.id ?? '',
      path: found.path,
      fileName: basename(found.path),
      sha256,
      sha256Unknown: null,
      tokenCounter: { kind: 'gguf', fileName: basename(found.path), sha256, servedAs: null },
      contextSize: Math.min(eng.contextSize, trained > 0 ? trained : eng.contextSize),
      maxTokens: eng.maxTokens,
      chatTemplateSha256: template ? sha256Text(template.source) : null,
      systemRole: template ? systemRoleOf(template) : null,
      explicit: found.explicit,
    };
    const wrapper = resolveChatWrapper(model, { warningLogs: false });
    return { target: new OpenTarget(info, ggufFitter(info, llama, model, wrapper, render)), missing: null };
  }

  /** How records name it: the registered id, else the file. */
  get id(): string {
    return this.info.modelId || `file:${this.info.fileName}`;
  }

  /** Fits the paper by the engine's rule with this model's tokenizer; 'does_not_fit' when it cannot. */
  fit(systemText: string, paper: PromptPaper, parts: readonly PaperPart[]): Promise<FittedPrompt> {
    return this.fitter.fit(systemText, paper, parts);
  }

  /** Tokens of a bare text (a review) by this model's tokenizer. */
  count(text: string): Promise<number> {
    return this.fitter.count(text);
  }

  dispose(): Promise<void> {
    return this.fitter.dispose();
  }
}

/** A GGUF's vocabulary loaded here, fitting with the drafting engine's own code (worker/render.ts). */
function ggufFitter(
  info: ExportTarget,
  llama: Llama,
  model: LlamaModel,
  wrapper: ChatWrapper,
  render: Render,
): TargetFitter {
  return {
    async fit(systemText, paper, parts) {
      const { fit, prompt } = await render.fitPrompt({ model, wrapper }, systemText, {
        paper,
        parts,
        contextSize: info.contextSize,
        maxTokens: info.maxTokens,
      });
      return { prompt, userText: fit.userText, trimmed: fit.trimmed };
    },
    count: async (text) => render.countText({ model }, text),
    async dispose() {
      await model.dispose();
      await llama.dispose();
    },
  };
}
