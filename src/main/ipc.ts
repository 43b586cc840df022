import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { Services } from '../core/services';
import { createHandlers, dispatch } from '../core/api';
import type { Result } from '../shared/errors';
import { chooseFilesHandler } from './dialogs';
import { callerIsTrusted } from './trust';

export const API_CHANNEL = 'api:call';
export const EVENT_CHANNEL = 'api:event';

/**
 * Binds the contract to core over IPC. Only our own window's top frame may call; the
 * input is validated by dispatch, and errors come back as data, never as a rejection.
 */
export function bindIpc(
  services: Services,
  window: BrowserWindow,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  const handlers = { ...createHandlers(services), chooseFiles: chooseFilesHandler(window) };
  ipcMain.handle(
    API_CHANNEL,
    async (event: IpcMainInvokeEvent, name: unknown, input: unknown): Promise<Result<unknown>> => {
      const frame = event.senderFrame;
      const facts = {
        senderIsAppWindow: event.sender === window.webContents,
        frameIsTopFrame: !!frame && frame === window.webContents.mainFrame,
        frameUrl: frame?.url,
      };
      if (!callerIsTrusted(facts, isTrustedUrl)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'Calls are accepted only from the app window.' },
        };
      }
      if (typeof name !== 'string')
        return { ok: false, error: { code: 'invalid_input', message: 'Method name must be a string.' } };
      return dispatch(handlers, name, input);
    },
  );
  const unsubscribe = services.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event, payload);
  });
  return () => {
    ipcMain.removeHandler(API_CHANNEL);
    unsubscribe();
  };
}
