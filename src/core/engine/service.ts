import os from 'node:os';
import type { Db } from '../store/open';
import type { EventBus } from '../events';
import type { DraftRequest, EngineStatus, HardwareInfo, MemoryEstimate } from '../../shared/contract/engine';
import { AppError } from '../../shared/errors';
import { seedBuiltIns } from '../store/repos/prompts';
import { BatchQueue } from './batch';
import { Drafter } from './drafting';
import { ModelRegistry } from './models';
import { ServerBackend, type ServedModel, type ServerBackendOptions } from './openai/backend';
import type { OpenedKeyStore } from './openai/encrypted-keys';
import { RoutingClient } from './openai/routing-client';
import { findModelByPath } from '../store/repos/models';
import type { Parallelism } from './protocol';
import { loadSpec, readEngineSettings, requestedContextSize, resolveThreads } from './settings';
import { forkSpawner, type WorkerSpawner } from './spawner';
import { nodeLlamaCppVersion } from './nlc-version';

export interface EngineServiceOptions {
  db: Db;
  events: EventBus;
  /** How to start the worker; the Electron shell passes a utilityProcess spawner. */
  spawner?: WorkerSpawner;
  /** Throws unless this process may draft (the library's writer role); none: always may. */
  ensureWriter?: () => void;
  /** The host's store of served models' API keys (services.ts composes it); without it no key can be stored. */
  keys?: OpenedKeyStore;
  /** Timeouts of the served-model backend (tests shorten them). */
  server?: ServerBackendOptions;
}

/**
 * The engine as core sees it: model registry, drafting, batch queue, hardware and status,
 * over one worker process that is (re)started on demand.
 */
export class EngineService {
  readonly models: ModelRegistry;
  readonly drafter: Drafter;
  readonly batches: BatchQueue;
  readonly client: RoutingClient;
  private readonly offLoad: () => void;
  /** Where API keys are kept, or why not in the keychain: a line of the diagnostics. */
  private readonly keysNote: string;
  /** Model-using calls in flight (track): the status goes idle only when the last ends. */
  private tracked = 0;
  private status: EngineStatus = {
    state: 'stopped',
    modelId: null,
    backend: null,
    activeRequests: 0,
    lastError: null,
    restarts: 0,
  };

  constructor(private readonly options: EngineServiceOptions) {
    const { db, events } = options;
    const opened = options.keys ?? null;
    const keys = opened?.store ?? null;
    this.keysNote = opened ? (opened.fallback ?? opened.store.where) : 'not kept by this host';
    const served = (modelPath: string): ServedModel | null => {
      const model = findModelByPath(db, modelPath);
      if (!model?.server) return null;
      return {
        model,
        endpoint: { url: model.server.url, key: keys?.get(model.id) ?? null },
        ggufPath: model.server.gguf,
      };
    };
    this.client = new RoutingClient(
      options.spawner ?? forkSpawner(),
      {
        onWorkerStart: () => this.setStatus({ state: 'starting', restarts: this.client.restarts }),
        onWorkerExit: (message, hadPending) =>
          this.setStatus(
            hadPending
              ? { state: 'crashed', lastError: message, modelId: null }
              : { state: 'stopped', modelId: null },
          ),
      },
      new ServerBackend(served, options.server),
    );
    // The plan of a draft loads its model: the status says so until it is loaded.
    this.offLoad = events.subscribe((name, payload) => {
      if (name !== 'modelLoadProgress') return;
      const { modelId, progress } = payload as { modelId: string; progress: number };
      this.setStatus({ state: progress < 1 ? 'loading' : 'busy', modelId });
    });
    this.models = new ModelRegistry(db, events, keys);
    this.drafter = new Drafter(db, events, this.models, this.client, options.ensureWriter);
    this.batches = new BatchQueue(db, events, {
      ...(options.ensureWriter ? { ensureWriter: options.ensureWriter } : {}),
      draft: (req, hooks, opts) => this.track(req.modelId, () => this.drafter.draft(req, hooks, opts)),
      stop: (id) => this.client.abort(id),
      parallelism: (req, max) => this.parallelism(req, max),
    });
  }

  /**
   * The engine's start-up writes, kept out of the constructor: the built-in prompts, and
   * (for the library's writer) the batches a previous run left unfinished.
   */
  start(options: { resumeBatches: boolean }): void {
    seedBuiltIns(this.options.db);
    if (options.resumeBatches) this.batches.resume();
  }

  getStatus(): EngineStatus {
    return { ...this.status, activeRequests: this.client.activeRequests };
  }

  /** Runs a model-using call and keeps the status snapshot (and its event) current. */
  async track<T>(modelId: string | null, fn: () => Promise<T>): Promise<T> {
    this.tracked++;
    this.setStatus({ state: 'busy', modelId });
    try {
      const out = await fn();
      this.tracked--;
      this.setStatus({ state: this.tracked ? this.status.state : 'idle', lastError: null });
      return out;
    } catch (e) {
      this.tracked--;
      // A cancelled load is the user's choice and a paper too long for the model is that
      // paper's problem (its Draft panel says so): neither is an engine error to show everywhere.
      const lastError =
        e instanceof AppError && (e.code === 'cancelled' || e.code === 'does_not_fit')
          ? null
          : (e as Error).message;
      if (this.status.state !== 'crashed')
        this.setStatus({ state: this.tracked ? this.status.state : 'idle', lastError });
      throw e;
    }
  }

  async hardware(): Promise<HardwareInfo> {
    const settings = readEngineSettings(this.options.db);
    const info = await this.client.request({
      type: 'hardware',
      gpu: settings.gpu,
      threads: resolveThreads(settings),
    }).result;
    this.setStatus({
      backend: info.backend,
      state: this.status.state === 'starting' ? 'idle' : this.status.state,
    });
    return info;
  }

  async estimate(modelId: string, contextSize?: number): Promise<MemoryEstimate> {
    const settings = readEngineSettings(this.options.db);
    const model = this.models.get(modelId);
    const size = requestedContextSize(settings, model, contextSize);
    return this.client.request({ type: 'estimate', spec: loadSpec(settings, model, size) }).result;
  }

  /**
   * How many drafts of `request` fit side by side here, at most `max` (batch pre-drafting's
   * "auto"): one on the CPU, on a GPU as many as the VRAM budget allows.
   */
  async parallelism(request: DraftRequest, max: number): Promise<Parallelism> {
    const settings = readEngineSettings(this.options.db);
    const model = this.models.get(request.modelId);
    // Budgeted as a wave (more than one sequence: its batch size); the worker sets the count.
    const spec = loadSpec(settings, model, requestedContextSize(settings, model, request.contextSize), 2);
    return this.client.request({ type: 'parallelism', spec, max }).result;
  }

  async diagnostics(): Promise<string> {
    let hw: HardwareInfo | string;
    try {
      hw = await this.hardware();
    } catch (e) {
      hw = `unavailable: ${(e as Error).message}`;
    }
    const settings = readEngineSettings(this.options.db);
    return [
      'Paper Review Studio — engine diagnostics',
      `platform: ${process.platform} ${process.arch}, node ${process.versions.node}, ${os.availableParallelism()} CPU threads, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM`,
      `node-llama-cpp: ${nodeLlamaCppVersion()}`,
      `hardware: ${typeof hw === 'string' ? hw : JSON.stringify({ ...hw, systemInfo: undefined })}`,
      typeof hw === 'string' ? '' : `llama.cpp system info: ${hw.systemInfo}`,
      `settings: ${JSON.stringify(settings)}`,
      `server API keys: ${this.keysNote}`,
      `status: ${JSON.stringify(this.getStatus())}`,
      `models: ${
        this.models
          .list()
          .map((m) => `${m.fileName} (${m.architecture}, ${m.quantization ?? '?'}, ${m.sizeBytes} B)`)
          .join('; ') || 'none'
      }`,
      'recent engine log:',
      ...this.client.logTail().map((l) => `  ${l}`),
    ]
      .filter(Boolean)
      .join('\n');
  }

  /** Stops drafting and the worker; batches left running resume on the next start. */
  async close(): Promise<void> {
    this.offLoad();
    await this.batches.close();
    this.drafter.stopAll();
    this.models.close();
    await this.client.dispose();
  }

  private setStatus(patch: Partial<EngineStatus>): void {
    this.status = { ...this.status, ...patch, restarts: this.client?.restarts ?? 0 };
    this.options.events.emit('engineStatus', this.getStatus());
  }
}
