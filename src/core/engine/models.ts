import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Db } from '../store/open';
import type { EventBus } from '../events';
import { AppError } from '../../shared/errors';
import type { AdapterInfo, ModelInfo } from '../../shared/contract/engine';
import * as repo from '../store/repos/models';
import { checkAdapterFits, modelFacts, readGguf } from './gguf-info';
import { sha256File } from './hash';
import { addServedModel, type NewServedModel } from './openai/register';
import type { KeyStore } from './openai/keys';

/**
 * The model registry: registers GGUF models and LoRA adapters after checking them, and
 * hashes their files in the background (progress as modelHashProgress events). Drafting
 * waits for the hash, because every draft records the exact model bytes it came from.
 */
export class ModelRegistry {
  private readonly hashing = new Map<string, Promise<string>>();
  private readonly stopHashing = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    /** API keys of served models (outside library.db); none where the host keeps no secrets. */
    readonly keys: KeyStore | null = null,
  ) {}

  list(): ModelInfo[] {
    return repo.listModels(this.db);
  }

  get(id: string): ModelInfo {
    const m = repo.getModel(this.db, id);
    if (!m) throw new AppError('not_found', `No model with id ${id}.`);
    return m;
  }

  /** A model by id, by the path of a registered file, or a served one as "server:<name>". */
  find(idOrPath: string): ModelInfo | null {
    if (idOrPath.startsWith('server:')) return repo.findModelByPath(this.db, idOrPath);
    return repo.getModel(this.db, idOrPath) ?? repo.findModelByPath(this.db, resolve(idOrPath));
  }

  /**
   * Registers a model served over the OpenAI-compatible API, after asking the server that
   * it serves that name; its key goes to the key store, never into the library.
   */
  async addServer(input: NewServedModel): Promise<ModelInfo> {
    const model = await addServedModel(this.db, input, this.keys);
    void this.modelSha(model).catch(() => undefined);
    return model;
  }

  async add(path: string, round: string | null = null): Promise<ModelInfo> {
    const abs = resolve(path);
    const existing = repo.findModelByPath(this.db, abs);
    if (existing)
      throw new AppError('conflict', `${existing.fileName} is already registered (model ${existing.id}).`);
    const g = await readGguf(abs);
    const facts = modelFacts(g);
    const model = repo.insertModel(this.db, {
      id: randomUUID(),
      path: abs,
      fileName: g.fileName,
      sizeBytes: g.sizeBytes,
      architecture: facts.architecture,
      parameters: facts.parameters,
      quantization: facts.quantization,
      contextLength: facts.contextLength,
      chatTemplate: facts.chatTemplate,
      metadata: {
        name: facts.name,
        embedding: facts.embedding,
        layers: facts.layers,
        ggufVersion: g.info.version,
      },
      round,
    });
    void this.modelSha(model).catch(() => undefined);
    return model;
  }

  remove(id: string): void {
    if (!repo.deleteModel(this.db, id)) throw new AppError('not_found', `No model with id ${id}.`);
    this.keys?.set(id, null);
  }

  async addAdapter(modelId: string, path: string, scale = 1): Promise<AdapterInfo> {
    const model = this.get(modelId);
    const abs = resolve(path);
    const [adapter, base] = await Promise.all([readGguf(abs), readGguf(model.path)]);
    checkAdapterFits(adapter, base);
    const row = repo.insertAdapter(this.db, {
      id: randomUUID(),
      modelId,
      path: abs,
      fileName: adapter.fileName,
      scale,
      metadata: { name: (adapter.info.metadata?.general as { name?: string } | undefined)?.name ?? null },
    });
    void this.adapterSha(row).catch(() => undefined);
    return row;
  }

  removeAdapter(id: string): void {
    if (!repo.deleteAdapter(this.db, id)) throw new AppError('not_found', `No adapter with id ${id}.`);
  }

  /**
   * The model's sha256, hashing the file now if that has not finished yet. A served model's
   * is its GGUF's where one was given, else unknown (null).
   */
  modelSha(model: ModelInfo): Promise<string | null> {
    if (model.sha256) return Promise.resolve(model.sha256);
    const file = model.server ? model.server.gguf : model.path;
    if (!file) return Promise.resolve(null);
    return this.hash(`model:${model.id}`, file, model.id, null, (sha) =>
      repo.setModelSha(this.db, model.id, sha),
    );
  }

  adapterSha(a: AdapterInfo): Promise<string> {
    if (a.sha256) return Promise.resolve(a.sha256);
    return this.hash(`adapter:${a.id}`, a.path, a.modelId, a.id, (sha) =>
      repo.setAdapterSha(this.db, a.id, sha),
    );
  }

  /** Hashes of the model and all its adapters, in the model's adapter order. */
  async hashes(model: ModelInfo): Promise<{ model: string | null; adapters: string[] }> {
    const [sha, ...adapters] = await Promise.all([
      this.modelSha(model),
      ...model.adapters.map((a) => this.adapterSha(a)),
    ]);
    return { model: sha ?? null, adapters: adapters as string[] };
  }

  private hash(
    key: string,
    path: string,
    modelId: string,
    adapterId: string | null,
    save: (sha: string) => void,
  ): Promise<string> {
    const running = this.hashing.get(key);
    if (running) return running;
    const emit = (bytesDone: number, bytesTotal: number, sha256: string | null, error: string | null) =>
      this.events.emit('modelHashProgress', { modelId, adapterId, bytesDone, bytesTotal, sha256, error });
    const job = sha256File(
      path,
      (done, total) => emit(done, total, null, null),
      250,
      this.stopHashing.signal,
    ).then(
      (sha) => {
        try {
          save(sha);
        } catch {
          // The row was removed (or the library closed) while hashing; nothing to record.
        }
        emit(0, 0, sha, null);
        return sha;
      },
      (e: unknown) => {
        const message = `Cannot read ${path} to hash it: ${(e as Error).message}`;
        emit(0, 0, null, message);
        throw new AppError('io_error', message);
      },
    );
    this.hashing.set(key, job);
    void job.finally(() => this.hashing.delete(key)).catch(() => undefined);
    return job;
  }

  /** Cancels background hashing (shutdown); an unfinished hash is redone on next use. */
  close(): void {
    this.stopHashing.abort();
  }

  /** Waits for every background hash (tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.hashing.values()]);
  }
}
