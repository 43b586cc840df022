import type { Api } from './contract';
import { METHOD_NAMES } from './contract';
import type { Result } from './errors';

/** How a client reaches core: Electron IPC in the desktop app, HTTP + WebSocket in a browser. */
export interface Transport {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/**
 * Builds the typed API object over any transport, so the renderer (and the preload) see
 * exactly the contract and nothing else.
 */
export function createApiClient(transport: Transport): Api {
  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    api[name] = (input: unknown) => transport.call(name, input ?? {});
  }
  api.on = (event: string, listener: (payload: unknown) => void) =>
    transport.subscribe((name, payload) => {
      if (name === event) listener(payload);
    });
  return api as Api;
}
