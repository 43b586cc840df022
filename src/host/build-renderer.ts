import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run build:web` puts the renderer for the web host. */
export function webRootFor(repoRoot: string): string {
  return join(repoRoot, 'out', 'web');
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when the built renderer is missing or older than its sources. */
export function rendererIsStale(repoRoot: string): boolean {
  const index = join(webRootFor(repoRoot), 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = ['src/renderer', 'src/shared', 'vite.web.config.ts']
    .map((p) => join(repoRoot, p))
    .filter((p) => existsSync(p));
  return sources.some((p) => newestMtime(p) > built);
}

export async function buildRenderer(repoRoot: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(repoRoot, 'vite.web.config.ts'), logLevel: 'warn' });
}
