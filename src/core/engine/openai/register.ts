import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Db } from '../../store/open';
import { AppError } from '../../../shared/errors';
import type { ModelInfo } from '../../../shared/contract/engine';
import * as repo from '../../store/repos/models';
import { modelFacts, readGguf } from '../gguf-info';
import { SERVER_PATH_PREFIX } from './backend';
import { checkHealth, probeServer } from './server-info';
import { normalizeServerUrl } from './http';
import type { KeyStore } from './keys';

/** What registering a served model takes (CLI `models add --server`, the Models page's form). */
export const NewServedModel = z.object({
  url: z.string().min(1),
  /** The name the server serves it under (/v1/models). */
  name: z.string().min(1).max(200),
  key: z.string().min(1).nullable().optional(),
  /** The same GGUF on this machine, if there is one: its sha256, chat template and tokenizer. */
  gguf: z.string().min(1).nullable().optional(),
  round: z.string().nullable().optional(),
});
export type NewServedModel = z.infer<typeof NewServedModel>;

const PROBE_TIMEOUT_MS = 15_000;

export async function addServedModel(db: Db, raw: NewServedModel, keys: KeyStore | null): Promise<ModelInfo> {
  const input = NewServedModel.parse(raw);
  const url = normalizeServerUrl(input.url);
  const path = `${SERVER_PATH_PREFIX}${input.name}`;
  const existing = repo.findModelByPath(db, path);
  if (existing)
    throw new AppError(
      'conflict',
      `A served model named "${input.name}" is already registered (model ${existing.id}).`,
    );
  if (input.key && !keys)
    throw new AppError('unsupported', 'This host keeps no API keys; register the server without one.');
  const ep = { url, key: input.key ?? null };
  await checkHealth(ep, PROBE_TIMEOUT_MS);
  const info = await probeServer(ep, input.name, PROBE_TIMEOUT_MS);
  const gguf = input.gguf ? resolve(input.gguf) : null;
  const g = gguf ? await readGguf(gguf) : null;
  const facts = g ? modelFacts(g) : null;
  const id = randomUUID();
  const model = repo.insertModel(db, {
    id,
    path,
    fileName: input.name,
    sizeBytes: g?.sizeBytes ?? 0,
    architecture: facts?.architecture ?? 'served',
    parameters: facts?.parameters ?? null,
    quantization: facts?.quantization ?? null,
    contextLength: info.slotContext ?? facts?.contextLength ?? null,
    chatTemplate: facts?.chatTemplate ?? info.template?.source ?? null,
    metadata: { name: input.name, server: { url, model: input.name, gguf }, serverModelPath: info.modelPath },
    round: input.round ?? null,
  });
  if (input.key && keys) keys.set(id, input.key);
  return model;
}
