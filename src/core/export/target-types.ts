import { z } from 'zod';
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
  /** The model file's; null where it cannot be known (a served model whose server does not tell it). */
  sha256: string | null;
  /** Why sha256 is null, in one sentence; null when it is known. */
  sha256Unknown: string | null;
  tokenCounter: TokenCounter;
  contextSize: number;
  maxTokens: number;
  chatTemplateSha256: string | null;
  systemRole: SystemRole | null;
  /** Named by the request (--for-model): drafts of other models are re-rendered for it. */
  explicit: boolean;
}

/**
 * What counted the tokens: a GGUF's vocabulary loaded here (a local target, or the GGUF
 * registered with a served model whose server has no /tokenize), or the server's /tokenize.
 */
export const TokenCounter = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('gguf'),
    fileName: z.string(),
    sha256: z.string().nullable(),
    /** The served model this GGUF stands in for, and its server's URL; null for a local target. */
    servedAs: z.object({ name: z.string(), url: z.string() }).nullable(),
  }),
  z.object({ kind: z.literal('server'), url: z.string(), model: z.string() }),
]);
export type TokenCounter = z.infer<typeof TokenCounter>;

const SHA256 = /^[0-9a-f]{64}$/;

/** manifest.json's `target_model` (finish.ts writes it; tests and readers parse it with this). */
export const ManifestTargetModel = z
  .object({
    id: z.string().nullable(),
    registeredId: z.string().nullable(),
    path: z.string(),
    fileName: z.string(),
    sha256: z.string().regex(SHA256).nullable(),
    sha256Unknown: z.string().min(1).nullable(),
    tokenCounter: TokenCounter,
    named: z.boolean(),
    chatTemplateSha256: z.string().regex(SHA256).nullable(),
    system_role: z.enum(['native', 'folded']).nullable(),
    systemFold: z.string().nullable(),
    context_size: z.number().int().positive(),
    reservedOutputTokens: z.number().int().nonnegative(),
  })
  .refine((m) => (m.sha256 === null) !== (m.sha256Unknown === null), {
    message: 'sha256 is null exactly when sha256Unknown says why',
  });
export type ManifestTargetModel = z.infer<typeof ManifestTargetModel>;

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
