import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import {
  RESULT_SCHEMAS,
  WorkerMessage,
  type WorkerRequest,
  type WorkerRequestType,
  type WorkerResult,
} from './protocol';
import type { WorkerHandle, WorkerSpawner } from './spawner';

export interface RequestHooks {
  onProgress?(stage: 'load' | 'lora', progress: number): void;
  onToken?(text: string, tokensOut: number): void;
}

interface Pending {
  type: WorkerRequestType;
  hooks: RequestHooks;
  resolve(value: unknown): void;
  reject(error: AppError): void;
}

/** A request without its id, kept as a union so `type` picks the fields. */
export type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

export interface ClientEvents {
  /** The worker process started (pid) or went away (crash or kill). */
  onWorkerStart?(pid: number | undefined): void;
  onWorkerExit?(message: string, hadPending: boolean): void;
}

const TAIL_LINES = 60;

/**
 * Core's side of the engine protocol. Starts the worker on first use, validates every
 * message, routes replies by request id. If the worker dies, every request in flight fails
 * with 'engine_crashed' and the next request starts a fresh worker.
 */
export class EngineClient {
  private worker: WorkerHandle | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly tail: string[] = [];
  restarts = 0;
  private started = 0;

  constructor(
    private readonly spawner: WorkerSpawner,
    private readonly events: ClientEvents = {},
  ) {}

  get pid(): number | undefined {
    return this.worker?.pid;
  }

  get activeRequests(): number {
    return this.pending.size;
  }

  /** Recent worker log lines (llama.cpp warnings, stderr), newest last. */
  logTail(): string[] {
    return [...this.tail];
  }

  request<B extends RequestBody>(
    body: B,
    hooks: RequestHooks = {},
  ): { id: string; result: Promise<WorkerResult<B['type']>> } {
    const id = randomUUID();
    const worker = this.ensureWorker();
    const result = new Promise<WorkerResult<B['type']>>((resolve, reject) => {
      this.pending.set(id, { type: body.type, hooks, resolve: resolve as (v: unknown) => void, reject });
    });
    worker.send({ ...body, id });
    return { id, result };
  }

  /** Asks the worker to stop request `id` (a generation ends with endReason 'stopped'). */
  abort(id: string): void {
    if (this.pending.has(id)) this.worker?.send({ type: 'abort', id });
  }

  /** Test and recovery hook: kills the worker process outright. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.worker?.kill(signal);
  }

  async dispose(): Promise<void> {
    const w = this.worker;
    if (!w) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        w.kill('SIGKILL');
        resolve();
      }, 3000);
      w.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      w.kill('SIGTERM');
    });
  }

  private ensureWorker(): WorkerHandle {
    if (this.worker) return this.worker;
    const w = this.spawner.spawn();
    this.worker = w;
    if (this.started++ > 0) this.restarts++;
    w.onOutput((text) => this.remember(text));
    w.onMessage((raw) => this.onMessage(raw));
    w.onExit(({ code, signal }) => {
      if (this.worker === w) this.worker = undefined;
      const hadPending = this.pending.size > 0;
      const how = signal
        ? `was killed (${signal}${signal === 'SIGKILL' ? ', possibly out of memory' : ''})`
        : `exited with code ${code}`;
      const message = `The model engine ${how}; it restarts on the next request.`;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new AppError('engine_crashed', message));
      }
      this.events.onWorkerExit?.(message, hadPending);
    });
    this.events.onWorkerStart?.(w.pid);
    return w;
  }

  private remember(text: string): void {
    for (const line of text.split('\n')) if (line.trim()) this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.splice(0, this.tail.length - TAIL_LINES);
  }

  private onMessage(raw: unknown): void {
    const parsed = WorkerMessage.safeParse(raw);
    if (!parsed.success) {
      this.remember(`[client] dropped a malformed worker message: ${parsed.error.message.slice(0, 200)}`);
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'log') {
      this.remember(`[${msg.level}] ${msg.message}`);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    switch (msg.type) {
      case 'progress':
        p.hooks.onProgress?.(msg.stage, msg.progress);
        return;
      case 'token':
        p.hooks.onToken?.(msg.text, msg.tokensOut);
        return;
      case 'error':
        this.pending.delete(msg.id);
        p.reject(new AppError(msg.error.code, msg.error.message));
        return;
      case 'done': {
        this.pending.delete(msg.id);
        const schema: z.ZodType = RESULT_SCHEMAS[p.type];
        const result = schema.safeParse(msg.result);
        if (result.success) p.resolve(result.data);
        else p.reject(new AppError('engine_error', `The engine sent a malformed ${p.type} result.`));
        return;
      }
    }
  }
}
