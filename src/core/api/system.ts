import type { Services } from '../services';
import type { HandlerGroup } from './types';
import { AppError } from '../../shared/errors';
import { libraryStats } from '../store/repos/stats';
import { readSettings, writeSettings } from '../store/repos/settings';
import { APP_NAME, APP_VERSION } from '../version';

export function systemHandlers(s: Services): HandlerGroup<'getAppInfo' | 'getStats' | 'chooseFiles'> {
  return {
    // The Electron shell replaces this with a native dialog (src/main/dialogs.ts).
    chooseFiles: () => {
      throw new AppError(
        'unsupported',
        'File dialogs exist only in the desktop app; type or paste the path instead.',
      );
    },
    getAppInfo: () => ({
      name: APP_NAME,
      version: APP_VERSION,
      schemaVersion: s.schemaVersion,
      dataDir: s.paths.root,
      host: s.options.host === 'electron' ? 'electron' : 'web',
    }),
    getStats: () => libraryStats(s.db),
  };
}

export function settingsHandlers(s: Services): HandlerGroup<'getSettings' | 'updateSettings'> {
  return {
    getSettings: () => readSettings(s.db),
    updateSettings: (patch) => {
      const settings = writeSettings(s.db, patch);
      s.events.emit('settingsChanged', { keys: Object.keys(patch) });
      return settings;
    },
  };
}
