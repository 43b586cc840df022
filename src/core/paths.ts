import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'Paper Review Studio';

/**
 * The data directory: an explicit --data-dir, else PAPER_REVIEW_HOME, else the OS
 * app-data folder (the same place Electron's app.getPath('userData') points at).
 */
export function resolveDataDir(
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (explicit) return resolve(explicit);
  if (env.PAPER_REVIEW_HOME) return resolve(env.PAPER_REVIEW_HOME);
  return join(osAppDataDir(env, platform), APP_DIR_NAME);
}

function osAppDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}

export interface DataPaths {
  root: string;
  db: string;
  papers: string;
  exports: string;
  backups: string;
  models: string;
  /** API keys of served models: a 0600 file next to the library, never inside it. */
  secrets: string;
}

export function dataPaths(root: string): DataPaths {
  return {
    root,
    db: join(root, 'library.db'),
    papers: join(root, 'papers'),
    exports: join(root, 'exports'),
    backups: join(root, 'backups'),
    models: join(root, 'models'),
    secrets: join(root, 'secrets'),
  };
}
