import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { ChatWrapper, Llama, LlamaModel } from 'node-llama-cpp';
import { AppError } from '../../shared/errors';
import type { TrimEntry } from '../../shared/contract/engine';
import type { PaperPart, PromptPaper, RenderedPrompt } from '../engine/protocol';
import { sha256Text, systemRoleOf, type SystemRole } from '../engine/chat-prompt';
import { chatTemplateOfModel } from '../engine/model-template';
import { sha256File } from '../engine/hash';
import { vocabLlama } from '../engine/vocab-llama';
import { readEngineSettings } from '../engine/settings';
import type * as RenderModule from '../engine/worker/render';
import type { Db } from '../store/open';
import { readSettings } from '../store/repos/settings';

/**
 * The model an export's records are for: its prompts are rendered by its chat template
 * and fitted to its context, counting with its tokenizer — the drafting engine's own code
 * (engine/worker/render.ts) on a vocabulary-only load (no weights: fast, little memory,
 * and it runs in the export's worker thread).
 */
export interface ExportTarget {
  /** The registered model's id; '' for a GGUF path that is not registered. */
  modelId: string;
  path: string;
  fileName: string;
  sha256: string;
  contextSize: number;
  maxTokens: number;
  chatTemplateSha256: string | null;
  systemRole: SystemRole | null;
  /** Named by the request (--for-model): drafts of other models are re-rendered for it. */
  explicit: boolean;
}

export interface FittedPrompt {
  prompt: RenderedPrompt;
  userText: string;
  trimmed: TrimEntry[];
}

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
    const path = resolve(forModel);
    const byPath = db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE path = ?`).get(path) as
      ModelRow | undefined;
    if (byPath) return { row: byPath, path, explicit: true };
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

/** An opened target: its facts, and fitting with its tokenizer. Dispose when done. */
export class OpenTarget {
  private constructor(
    readonly info: ExportTarget,
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly wrapper: ChatWrapper,
    private readonly render: Render,
  ) {}

  /**
   * The target for a request: --for-model's model, else the library's default model
   * (else the newest registered). null: no model at all. A default whose file is gone is
   * reported in `missing` instead of failing the export; a named one that cannot be read fails.
   */
  static async open(
    db: Db,
    forModel: string | undefined,
  ): Promise<{ target: OpenTarget | null; missing: string | null }> {
    const found = findModel(db, forModel);
    if (!found) return { target: null, missing: null };
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
    const info: ExportTarget = {
      modelId: found.row?.id ?? '',
      path: found.path,
      fileName: basename(found.path),
      // The registry hashes in the background; an unregistered file (or an unfinished hash) is hashed here.
      sha256: found.row?.sha256 ?? (await sha256File(found.path)),
      contextSize: Math.min(eng.contextSize, trained > 0 ? trained : eng.contextSize),
      maxTokens: eng.maxTokens,
      chatTemplateSha256: template ? sha256Text(template.source) : null,
      systemRole: template ? systemRoleOf(template) : null,
      explicit: found.explicit,
    };
    const wrapper = resolveChatWrapper(model, { warningLogs: false });
    return { target: new OpenTarget(info, llama, model, wrapper, render), missing: null };
  }

  /** How records name it: the registered id, else the file. */
  get id(): string {
    return this.info.modelId || `file:${this.info.fileName}`;
  }

  /** Fits the paper by the engine's rule with this model's tokenizer; 'does_not_fit' when it cannot. */
  async fit(systemText: string, paper: PromptPaper, parts: readonly PaperPart[]): Promise<FittedPrompt> {
    const l = { model: this.model, wrapper: this.wrapper };
    const { fit, prompt } = await this.render.fitPrompt(l, systemText, {
      paper,
      parts,
      contextSize: this.info.contextSize,
      maxTokens: this.info.maxTokens,
    });
    return { prompt, userText: fit.userText, trimmed: fit.trimmed };
  }

  /** Tokens of a bare text (a review) by this model's tokenizer. */
  count(text: string): number {
    return this.render.countText({ model: this.model }, text);
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
    await this.llama.dispose();
  }
}
