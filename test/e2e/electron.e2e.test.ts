import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron } from 'playwright-core';
import { REPO_ROOT, tempDir } from '../helpers/temp';

/** The Electron binary, when its installer could download it (not on machines without internet). */
function electronBinary(): string | undefined {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const built = existsSync(join(REPO_ROOT, 'out/main/index.js'));
const reason = !binary
  ? 'no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); the same renderer and core are tested through the web host'
  : 'the Electron build is missing: run `npm run build` first';

describe.skipIf(!binary || !built)(`desktop shell (${binary && built ? 'Electron' : `skipped: ${reason}`})`, () => {
  it('opens one locked-down window with the contract on window.api', async () => {
    const data = tempDir('prs-electron-');
    const app = await _electron.launch({
      executablePath: binary!,
      args: [REPO_ROOT, '--data-dir', data.path],
      env: { ...process.env, ELECTRON_DISABLE_SECURITY_WARNINGS: 'true' },
    });
    try {
      const page = await app.firstWindow();
      await expect.poll(() => page.getByRole('heading', { name: 'No papers yet' }).isVisible()).toBe(true);
      const shape = await page.evaluate(() => ({
        hasRequire: typeof (window as unknown as { require?: unknown }).require,
        hasProcess: typeof (window as unknown as { process?: unknown }).process,
        apiKeys: Object.keys((window as unknown as { api: object }).api).sort(),
      }));
      expect(shape.hasRequire).toBe('undefined');
      expect(shape.hasProcess).toBe('undefined');
      expect(shape.apiKeys).toContain('getSettings');
      expect(shape.apiKeys).not.toContain('ipcRenderer');
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        return { count: BrowserWindow.getAllWindows().length, prefs: w.webContents.getLastWebPreferences() };
      });
      expect(prefs.count).toBe(1);
      expect(prefs.prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    } finally {
      await app.close();
      data.remove();
    }
  });
});

if (!binary || !built) {
  describe('desktop shell', () => {
    it.skip(`skipped: ${reason}`, () => {});
  });
}
