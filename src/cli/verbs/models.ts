import type { ModelInfo } from '../../shared/contract/engine';
import { readFileSync } from 'node:fs';
import { UsageError, stringOption, type Verb, type VerbContext } from '../verb';

const size = (n: number) =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`;
const params = (n: number | null) =>
  n === null ? '?' : n >= 1e9 ? `${(n / 1e9).toFixed(1)}B` : `${(n / 1e6).toFixed(1)}M`;

function jsonModel(m: ModelInfo) {
  const { chatTemplate, ...rest } = m;
  return { ...rest, hasChatTemplate: chatTemplate !== null };
}

export const modelsAddVerb: Verb = {
  name: 'models add',
  summary:
    'Register a GGUF model (read without loading) and compute its sha256, or a model on a server (--server).',
  args: '<file.gguf> | --server URL --name NAME',
  options: {
    json: { type: 'boolean', description: 'print the model as one JSON object' },
    round: { type: 'string', value: 'NAME', description: 'the training round this model belongs to' },
    server: {
      type: 'string',
      value: 'URL',
      description: 'an OpenAI-compatible server (llama-server, vLLM, SGLang, Ollama)',
    },
    name: {
      type: 'string',
      value: 'NAME',
      description: 'with --server: the model name the server serves (/v1/models)',
    },
    'key-file': {
      type: 'string',
      value: 'FILE',
      description: 'with --server: a file holding the API key (else $PAPER_REVIEW_SERVER_KEY)',
    },
    gguf: {
      type: 'string',
      value: 'FILE',
      description:
        'with --server: the same GGUF here (its sha256; the chat template where the server has no /props, the tokenizer where it has no /tokenize)',
    },
  },
  async run(ctx) {
    const server = stringOption(ctx.values, 'server');
    if (server) return addServer(ctx, server);
    const file = ctx.positionals[0];
    if (!file)
      throw new UsageError(
        'models add needs a GGUF file, e.g. "models add model.gguf" (or --server URL --name NAME).',
      );
    const engine = ctx.services().engine;
    const added = await engine.models.add(file, stringOption(ctx.values, 'round') ?? null);
    ctx.note(`hashing ${added.fileName} (${size(added.sizeBytes)})…`);
    await engine.models.modelSha(added);
    const m = engine.models.get(added.id);
    if (ctx.values.json) ctx.out(JSON.stringify(jsonModel(m)));
    else
      ctx.out(
        `added ${m.id}  ${m.fileName}  ${m.architecture} ${params(m.parameters)} ${m.quantization ?? ''}  sha256 ${m.sha256}`,
      );
    return 0;
  },
};

/** The key from --key-file (first line) or $PAPER_REVIEW_SERVER_KEY; never from the command line, where ps shows it. */
function serverKey(ctx: VerbContext): string | null {
  const file = stringOption(ctx.values, 'key-file');
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read the key file ${file}: ${(e as Error).message}`);
    }
    const key = text.split(/\r?\n/)[0]?.trim();
    if (!key) throw new UsageError(`The key file ${file} is empty.`);
    return key;
  }
  return process.env.PAPER_REVIEW_SERVER_KEY?.trim() || null;
}

async function addServer(ctx: VerbContext, url: string): Promise<number> {
  const name = stringOption(ctx.values, 'name');
  if (!name) throw new UsageError('models add --server needs --name NAME: the model name the server serves.');
  const engine = ctx.services().engine;
  const gguf = stringOption(ctx.values, 'gguf');
  const added = await engine.models.addServer({
    url,
    name,
    key: serverKey(ctx),
    gguf: gguf ?? null,
    round: stringOption(ctx.values, 'round') ?? null,
  });
  if (gguf) {
    ctx.note(`hashing ${gguf}…`);
    await engine.models.modelSha(added);
  }
  const m = engine.models.get(added.id);
  if (ctx.values.json) ctx.out(JSON.stringify(jsonModel(m)));
  else
    ctx.out(
      `added ${m.id}  server:${name}  at ${m.server?.url}  ctx ${m.contextLength ?? '?'}${m.sha256 ? `  sha256 ${m.sha256}` : ''}`,
    );
  return 0;
}

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
      const extra = [
        m.round ? `round ${m.round}` : '',
        m.adapters.length ? `${m.adapters.length} adapter(s)` : '',
      ]
        .filter(Boolean)
        .join(', ');
      if (m.server) {
        ctx.out(
          `${m.id}  server:${m.server.model}  at ${m.server.url}  ctx ${m.contextLength ?? '?'}${extra ? `  (${extra})` : ''}`,
        );
        continue;
      }
      ctx.out(
        `${m.id}  ${m.fileName}  ${m.architecture} ${params(m.parameters)} ${m.quantization ?? '?'}  ctx ${m.contextLength ?? '?'}  ${size(m.sizeBytes)}${extra ? `  (${extra})` : ''}`,
      );
    }
    return 0;
  },
};
