import { contextBridge, ipcRenderer } from 'electron';
import type { Api } from '../shared/contract';
import { createApiClient, type Transport } from '../shared/client';
import type { Result } from '../shared/errors';

// Must match src/main/ipc.ts (not imported: the sandboxed preload bundles nothing from main).
const API_CHANNEL = 'api:call';
const EVENT_CHANNEL = 'api:event';

const ipcTransport: Transport = {
  call: (method, input) => ipcRenderer.invoke(API_CHANNEL, method, input) as Promise<Result<unknown>>,
  subscribe(listener) {
    const forward = (_e: Electron.IpcRendererEvent, event: string, payload: unknown) =>
      listener(event, payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => ipcRenderer.off(EVENT_CHANNEL, forward);
  },
};

// Exactly the contract: one function per method plus `on`; never ipcRenderer itself.
const api = createApiClient(ipcTransport) satisfies Api;
contextBridge.exposeInMainWorld('api', api);
