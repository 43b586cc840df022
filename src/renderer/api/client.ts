import type { Api } from '../../shared/contract';
import { createApiClient } from '../../shared/client';
import { httpTransport, takeToken } from './http-transport';

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload); absent in a browser. */
    api?: Api;
  }
}

/** The same typed API whether the UI runs in Electron or in a browser via the web host. */
export const api: Api = window.api ?? createApiClient(httpTransport(takeToken()));
