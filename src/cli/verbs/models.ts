import type { ModelInfo } from '../../shared/contract/engine';
import { UsageError, stringOption, type Verb } from '../verb';

const size = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`);
const params = (n: number | null) => (n === null ? '?' : n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${(n / 1e6).toFixed(1)}M`);

function jsonModel(m: ModelInfo) {
  const { chatTemplate, ...rest } = m;
  return { ...rest, hasChatTemplate: chatTemplate !== null };
}

export const modelsAddVerb: Verb = {
  name: 'models add',
  summary: 'Register a GGUF model (read without loading) and compute its sha256.',
  args: '<file.gguf>',
  options: {
    json: { type: 'boolean', description: 'print the model as one JSON object' },
    round: { type: 'string', value: 'NAME', description: 'the training round this model belongs to' },
  },
  async run(ctx) {
    const file = ctx.positionals[0];
    if (!file) throw new UsageError('models add needs a GGUF file, e.g. "models add model.gguf".');
    const engine = ctx.services().engine;
    const added = await engine.models.add(file, stringOption(ctx.values, 'round') ?? null);
    ctx.note(`hashing ${added.fileName} (${size(added.sizeBytes)})…`);
    await engine.models.modelSha(added);
    const m = engine.models.get(added.id);
    if (ctx.values.json) ctx.out(JSON.stringify(jsonModel(m)));
    else ctx.out(`added ${m.id}  ${m.fileName}  ${m.architecture} ${params(m.parameters)} ${m.quantization ?? ''}  sha256 ${m.sha256}`);
    return 0;
  },
};

export const modelsListVerb: Verb = {
  name: 'models list',
  summary: 'Registered models with architecture, size, quantization and adapters.',
  options: { json: { type: 'boolean', description: 'print one JSON array' } },
  run(ctx) {
    const models = ctx.services().engine.models.list();
    if (ctx.values.json) {
      ctx.out(JSON.stringify(models.map(jsonModel)));
      return 0;
    }
    if (models.length === 0) ctx.out('no models; add one with "models add <file.gguf>"');
    for (const m of models) {
      const extra = [m.round ? `round ${m.round}` : '', m.adapters.length ? `${m.adapters.length} adapter(s)` : '']
        .filter(Boolean)
        .join(', ');
      ctx.out(
        `${m.id}  ${m.fileName}  ${m.architecture} ${params(m.parameters)} ${m.quantization ?? '?'}  ctx ${m.contextLength ?? '?'}  ${size(m.sizeBytes)}${extra ? `  (${extra})` : ''}`,
      );
    }
    return 0;
  },
};
