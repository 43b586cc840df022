import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Services } from '../../core/services';
import { importFiles } from '../../core/library/import';
import { findPaperIdsByPrefix } from '../../core/store/repos/papers';
import type { DraftOutcome } from '../../core/engine/drafting';
import { UsageError, numberOption, stringOption, type Verb } from '../verb';

/** A paper id (or unique prefix), or a PDF path imported first (a duplicate resolves to its id). */
async function resolvePaper(s: Services, arg: string): Promise<string> {
  if (/\.pdf$/i.test(arg) || existsSync(arg)) {
    const [r] = await importFiles(s, [resolve(arg)], {});
    if (!r || r.status === 'failed' || !r.id)
      throw new AppError(r?.error?.code ?? 'bad_file', r?.error?.message ?? `Cannot import ${arg}.`);
    return r.id;
  }
  const ids = findPaperIdsByPrefix(s.db, arg.toLowerCase());
  if (ids.length === 0) throw new AppError('not_found', `No paper with id ${arg}.`);
  if (ids.length > 1) throw new UsageError(`"${arg}" matches several papers; give more of the id.`);
  return ids[0] as string;
}

/** A model id, a registered file, "server:<name>" (a served model), or a GGUF path registered on the fly. */
async function resolveModel(s: Services, arg: string): Promise<string> {
  const found = s.engine.models.find(arg);
  if (found) return found.id;
  if (arg.startsWith('server:'))
    throw new AppError(
      'not_found',
      `No served model named "${arg.slice(7)}"; add it with "models add --server URL --name ${arg.slice(7)}".`,
    );
  if (!existsSync(arg)) throw new AppError('not_found', `No model ${arg} (neither a model id nor a file).`);
  return (await s.engine.models.add(arg)).id;
}

/** FILE[:SCALE]: attaches the adapter, replacing the same file at another scale. */
async function attachLora(s: Services, modelId: string, arg: string): Promise<void> {
  const m = /^(.*?)(?::(-?\d+(?:\.\d+)?))?$/.exec(arg);
  const path = resolve(m?.[1] ?? arg);
  const scale = m?.[2] !== undefined ? Number(m[2]) : 1;
  const model = s.engine.models.get(modelId);
  const same = model.adapters.find((a) => a.path === path);
  if (same && same.scale !== scale) s.engine.models.removeAdapter(same.id);
  if (!same || same.scale !== scale) await s.engine.models.addAdapter(modelId, path, scale);
}

/** The --json line: what made the draft and how it went. */
function draftSummary(out: DraftOutcome, paperId: string) {
  const { result, prepared } = out;
  return {
    draftId: out.draftId,
    paperId,
    model: {
      id: prepared.model.id,
      sha256: out.modelSha256,
      architecture: prepared.model.architecture,
    },
    // "openai:<url>" for a served model, else the local engine's backend (cpu, cuda…).
    backend: prepared.plan.loaded.backend,
    ...(prepared.model.server
      ? { server: { url: prepared.model.server.url, model: prepared.model.server.model } }
      : {}),
    promptVersion: prepared.prompt.id,
    // sha256 of the exact prompt text (the chat template's rendering): an exported record's metadata.prompt_sha256.
    promptSha256: prepared.plan.prompt.sha256,
    template: prepared.template.id,
    tokensIn: result.tokensIn,
    tokensOut: result.tokensOut,
    ttftMs: result.ttftMs,
    tokensPerSecond: result.tokensPerSecond,
    endReason: result.endReason,
    trimmed: prepared.plan.trimmed,
  };
}

export const draftVerb: Verb = {
  name: 'draft',
  summary: 'Draft a review of a paper with a local model or a served one; streams the text to stdout.',
  args: '<paper-id|pdf>',
  options: {
    model: {
      type: 'string',
      value: 'GGUF|ID|server:NAME',
      description: 'model file, registered model id, or a served model (required)',
    },
    lora: { type: 'string', value: 'FILE[:SCALE]', description: 'attach a LoRA adapter to the model first' },
    'max-tokens': { type: 'string', value: 'N', description: 'longest review, in tokens' },
    seed: { type: 'string', value: 'N', description: 'sampling seed (default: random, recorded)' },
    temperature: { type: 'string', value: 'T', description: 'sampling temperature (default 0.7)' },
    template: { type: 'string', value: 'ID', description: 'review template, e.g. conference@1' },
    json: { type: 'boolean', description: 'end with one JSON line describing the draft' },
  },
  async run(ctx) {
    const target = ctx.positionals[0];
    const modelArg = stringOption(ctx.values, 'model');
    if (!target)
      throw new UsageError('draft needs a paper id or a PDF, e.g. "draft 3fa2c1 --model model.gguf".');
    if (!modelArg) throw new UsageError('draft needs --model <gguf|model-id>.');
    const s = ctx.services();
    // Fail fast, before importing anything, when the app is the library's writer.
    s.ensureWriter();
    const paperId = await resolvePaper(s, target);
    const modelId = await resolveModel(s, modelArg);
    const lora = stringOption(ctx.values, 'lora');
    if (lora) await attachLora(s, modelId, lora);
    const temperature = numberOption(ctx.values, 'temperature');
    const maxTokens = numberOption(ctx.values, 'max-tokens');
    const seed = numberOption(ctx.values, 'seed');
    const template = stringOption(ctx.values, 'template');
    const controller = { stopped: false };
    let requestId: string | undefined;
    const onSigint = () => {
      controller.stopped = true;
      if (requestId) s.engine.drafter.stop(requestId);
    };
    process.once('SIGINT', onSigint);
    let out;
    try {
      out = await s.engine.drafter.draft(
        {
          paperId,
          modelId,
          ...(maxTokens !== undefined ? { maxTokens } : {}),
          ...(seed !== undefined ? { seed } : {}),
          ...(template ? { templateId: template } : {}),
          ...(temperature !== undefined ? { sampling: { temperature } } : {}),
        },
        {
          onStart: ({ requestId: id, prepared }) => {
            requestId = id;
            for (const t of prepared.plan.trimmed)
              ctx.note(`trimmed to fit: ${t.action} "${t.heading}" (${t.kind}, ${t.tokensRemoved} tokens)`);
          },
          onDelta: (text) => process.stdout.write(text),
        },
      );
    } finally {
      process.off('SIGINT', onSigint);
    }
    process.stdout.write('\n');
    const { result } = out;
    if (ctx.values.json) {
      ctx.out(JSON.stringify(draftSummary(out, paperId)));
    } else {
      ctx.note(`draft ${out.draftId}: ${result.tokensOut} tokens, ${result.endReason}`);
    }
    return 0;
  },
};
