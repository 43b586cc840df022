import type { Api } from '../../shared/contract';
import { createApiClient } from '../../shared/client';
import { httpTransport, takeToken } from './http-transport';

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload); absent in a browser. */
    api?: Api;
  }
}

const web = window.api ? null : httpTransport(takeToken());

/** The same typed API whether the UI runs in Electron or in a browser via the web host. */
export const api: Api = window.api ?? createApiClient(web!);

type Method = Exclude<keyof Api, 'on'>;

/**
 * Starts a call that survives the page unloading, through the same transport as `api`;
 * true when it is on its way. False where the normal call already survives it (the desktop
 * app: the IPC message is sent when the call is made) or the browser cannot send it so
 * (too large for keepalive): then make the normal call.
 */
export function callOnUnload<M extends Method>(method: M, input: Parameters<Api[M]>[0]): boolean {
  return web?.sendOnUnload(method, input) ?? false;
}
