import type { TrimEntry } from '../../shared/contract/engine';
import type { SystemRole } from '../engine/chat-prompt';
import type { PaperPart, PromptPaper, RenderedPrompt } from '../engine/protocol';

// The export target's types, apart from target.ts so that the served-model fitter
// (engine/openai/export-target.ts), which target.ts opens, can name them without a cycle.

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

/** How a target fits prompts and counts tokens: a GGUF's vocabulary here, or a served model's server. */
export interface TargetFitter {
  fit(systemText: string, paper: PromptPaper, parts: readonly PaperPart[]): Promise<FittedPrompt>;
  count(text: string): Promise<number>;
  dispose(): Promise<void>;
}
