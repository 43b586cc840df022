import { AppError, toApiError } from '../../../shared/errors';
import { WorkerRequest, type WorkerMessage } from '../protocol';
import { estimate, hardwareInfo, parallelism, runtime } from './llama';
import { betweenLoads, lease, unload, type Lease } from './loaded';
import { countText, fitPrompt } from './render';
import { generate } from './generate';
import { planOf } from '../fit';
import type { EngineFaults } from './faults';

/** How the worker talks to its parent: child_process IPC or Electron's parentPort. */
export interface WorkerPort {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

type Log = (level: string, message: string) => void;

/** One request's work: each type answers with its result (or throws an AppError). */
async function handle(
  req: WorkerRequest,
  signal: AbortSignal,
  port: WorkerPort,
  log: Log,
  faults: EngineFaults | undefined,
): Promise<unknown> {
  const progress = (stage: 'load' | 'lora', p: number) =>
    port.send({ type: 'progress', id: req.id, stage, progress: p });
  const withModel = async <T>(
    spec: Parameters<typeof lease>[0],
    fn: (l: Lease) => Promise<T> | T,
  ): Promise<T> => {
    const held = await lease(spec, progress, log, signal, faults);
    try {
      return await fn(held);
    } finally {
      held.release();
    }
  };
  switch (req.type) {
    case 'hardware':
      return hardwareInfo(await runtime(req.gpu, req.threads, log));
    case 'estimate':
      return betweenLoads(async (held) =>
        estimate(await runtime(req.spec.gpu, req.spec.threads, log), req.spec, held),
      );
    case 'parallelism':
      return betweenLoads(async (held) =>
        parallelism(await runtime(req.spec.gpu, req.spec.threads, log), req.spec, req.max, held),
      );
    case 'load':
      return withModel(req.spec, (l) => l.info);
    case 'unload':
      await unload();
      return {};
    case 'countTokens':
      return withModel(req.spec, (l) => ({ count: countText(l.loaded, req.text) }));
    case 'plan':
      return withModel(req.spec, (l) => plan(req, l));
    case 'generate':
      return withModel(req.spec, (l) =>
        generate(req, l.loaded, l.info, signal, (text, tokensOut) =>
          port.send({ type: 'token', id: req.id, text, tokensOut }),
        ),
      );
    case 'abort':
      return {};
  }
}

/** Fits the paper into the leased context and renders the prompt. */
async function plan(req: Extract<WorkerRequest, { type: 'plan' }>, l: Lease) {
  const { fit, prompt } = await fitPrompt(l.loaded, req.systemText, {
    paper: req.paper,
    parts: req.parts,
    contextSize: l.loaded.context.contextSize,
    maxTokens: req.maxTokens,
  });
  return planOf(fit, prompt, l.info, l.loaded.context.totalSequences);
}

/**
 * The engine worker's message loop. Requests run concurrently (a plan may tokenize while
 * a draft generates); model swaps wait for running requests (see loaded.ts). An abort
 * message carries the id of the request to stop.
 */
export function runWorker(port: WorkerPort, faults?: EngineFaults): void {
  const controllers = new Map<string, AbortController>();
  const log: Log = (level, message) => {
    if (message) port.send({ type: 'log', level, message });
  };

  port.onMessage((raw) => {
    const parsed = WorkerRequest.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw && 'id' in raw ? String((raw as { id: unknown }).id) : '';
      port.send({
        type: 'error',
        id,
        error: { code: 'invalid_input', message: `Bad engine request: ${parsed.error.message}` },
      });
      return;
    }
    const req = parsed.data;
    if (req.type === 'abort') {
      controllers.get(req.id)?.abort();
      return;
    }
    const controller = new AbortController();
    controllers.set(req.id, controller);
    handle(req, controller.signal, port, log, faults)
      .then(
        (result) => port.send({ type: 'done', id: req.id, result }),
        (e: unknown) => {
          const error =
            e instanceof AppError ? e : new AppError('engine_error', (e as Error)?.message ?? String(e));
          port.send({ type: 'error', id: req.id, error: toApiError(error) });
        },
      )
      .finally(() => controllers.delete(req.id));
  });
}
