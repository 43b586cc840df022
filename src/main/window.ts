import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { contentSecurityPolicy } from '../host/csp';
import { trustedUrlMatcher } from './trust';

export interface AppWindow {
  window: BrowserWindow;
  isTrustedUrl(url: string): boolean;
}

/** The one app window, locked down: isolated, sandboxed, no Node, no navigation away. */
export function createAppWindow(outDir: string): AppWindow {
  const devUrl = process.env.ELECTRON_RENDERER_URL; // set by `electron-vite dev`
  const indexFile = join(outDir, 'renderer', 'index.html');
  const isTrustedUrl = trustedUrlMatcher(indexFile, devUrl);

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          contentSecurityPolicy([...(devUrl ? [devUrl.replace(/^http/, 'ws')] : []), 'paper:']),
        ],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Paper Review Studio',
    webPreferences: {
      preload: join(outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedUrl(url)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app.
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  if (devUrl) void window.loadURL(devUrl);
  else void window.loadFile(indexFile);
  return { window, isTrustedUrl };
}
