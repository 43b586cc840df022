import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The node-llama-cpp release the engine's internals adapter (worker/nlc-internals.ts) is tested with. */
export const NODE_LLAMA_CPP_TESTED = '3.21.1';

let cached: string | undefined;

/**
 * The installed node-llama-cpp's version, read from its package.json at run time (its
 * `exports` hide the file from require, so it is found by walking up from the entry point),
 * so provenance names the engine that really ran. 'unknown' where it cannot be read.
 */
export function nodeLlamaCppVersion(): string {
  if (cached) return cached;
  cached = 'unknown';
  try {
    const entry = createRequire(import.meta.url).resolve('node-llama-cpp');
    for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'node-llama-cpp' && typeof pkg.version === 'string') {
        cached = pkg.version;
        break;
      }
    }
  } catch {
    // not installed where this code runs: provenance says 'unknown'
  }
  return cached;
}
