import { EngineClient, type ClientEvents, type RequestBody, type RequestHooks } from '../client';
import type { WorkerResult } from '../protocol';
import type { WorkerSpawner } from '../spawner';
import { ServerBackend } from './backend';

/**
 * The engine client core uses: requests naming a served model ("server:<name>") go to the
 * HTTP backend, everything else to the local worker, behind the one EngineClient interface
 * that drafting, planning and batch pre-drafting already speak.
 */
export class RoutingClient extends EngineClient {
  constructor(
    spawner: WorkerSpawner,
    events: ClientEvents,
    readonly server: ServerBackend,
  ) {
    super(spawner, events);
  }

  override request<B extends RequestBody>(
    body: B,
    hooks: RequestHooks = {},
  ): { id: string; result: Promise<WorkerResult<B['type']>> } {
    if (ServerBackend.handles(body as { type: string; spec?: { modelPath: string } })) {
      const sent = this.server.request(body as Parameters<ServerBackend['request']>[0], hooks);
      return { id: sent.id, result: sent.result as Promise<WorkerResult<B['type']>> };
    }
    return super.request(body, hooks);
  }

  override abort(id: string): void {
    if (!this.server.abort(id)) super.abort(id);
  }

  override get activeRequests(): number {
    return super.activeRequests + this.server.activeRequests;
  }

  override async dispose(): Promise<void> {
    await this.server.dispose();
    await super.dispose();
  }
}
