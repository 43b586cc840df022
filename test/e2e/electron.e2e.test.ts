import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { _electron } from 'playwright-core';
import { REPO_ROOT, tempDir } from '../support/temp';

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

describe.skipIf(!binary || !built)(
  `desktop shell (${binary && built ? 'Electron' : `skipped: ${reason}`})`,
  () => {
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
        const shape = await page.evaluate(() => {
          const w = globalThis as unknown as { require?: unknown; process?: unknown; api: object };
          return {
            hasRequire: typeof w.require,
            hasProcess: typeof w.process,
            apiKeys: Object.keys(w.api).sort(),
          };
        });
        expect(shape.hasRequire).toBe('undefined');
        expect(shape.hasProcess).toBe('undefined');
        expect(shape.apiKeys).toContain('getSettings');
        expect(shape.apiKeys).not.toContain('ipcRenderer');
        // Sandboxed and isolated: no Node in the page (checked above), one window only.
        expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      } finally {
        await app.close();
        data.remove();
      }
    });
  },
);

if (!binary || !built) {
  describe('desktop shell', () => {
    it.skip(`skipped: ${reason}`, () => {});
  });
}
