import { app, dialog, safeStorage } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices, type Services } from '../core/services';
import { bindIpc } from './ipc';
import { registerPaperProtocol } from './paper-protocol';
import { createAppWindow, type AppWindow } from './window';
import { configureWorkers } from './workers';

// --data-dir, else PAPER_REVIEW_HOME, else Electron's own per-user folder.
function dataDirFromArgs(): string {
  const { values } = parseArgs({
    args: process.argv.slice(app.isPackaged ? 1 : 2),
    options: { 'data-dir': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const explicit = values['data-dir'];
  if (typeof explicit === 'string') return explicit;
  return process.env.PAPER_REVIEW_HOME ?? app.getPath('userData');
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let services: Services | undefined;
let main: AppWindow | undefined;
registerPaperProtocol(() => services); // paper://papers/<id>.pdf for the PDF reader

if (!app.requestSingleInstanceLock()) {
  // A second launch focuses the first window instead of opening the same library twice.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (main?.window.isMinimized()) main.window.restore();
    main?.window.focus();
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!main?.isTrustedUrl(url)) event.preventDefault();
    });
  });
  app.whenReady().then(start, fail);
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void services?.close());
}

async function start(): Promise<void> {
  services = createServices({
    dataDir: dataDirFromArgs(),
    host: 'electron',
    engineSpawner: configureWorkers(),
    // Served models' API keys, encrypted by the OS keychain (or, without one, the 0600 file; the log says so).
    keyCipher: safeStorage,
  });
  main = createAppWindow(outDir);
  const unbind = bindIpc(services, main.window, main.isTrustedUrl);
  main.window.on('closed', unbind);
}

function fail(e: unknown): void {
  // e.g. a library from a newer version: say so and quit, leaving the file untouched.
  dialog.showErrorBox('Paper Review Studio cannot start', e instanceof Error ? e.message : String(e));
  app.exit(1);
}
