import { existsSync, statSync } from 'node:fs';
import { dataPaths } from '../../core/paths';
import type { Verb } from '../verb';

/** Which rule chose the data folder, in the order resolveDataDir tries them. */
function chosenBy(values: Record<string, unknown>): string {
  if (typeof values['data-dir'] === 'string') return '--data-dir';
  if (process.env.PAPER_REVIEW_HOME) return 'PAPER_REVIEW_HOME';
  return 'the OS app-data folder';
}

/**
 * Where this library lives, without opening it: so it answers even for a library that is
 * locked, damaged or written by a newer version (the cases where a user needs the path most).
 */
export const whereVerb: Verb = {
  name: 'where',
  summary: 'Print the data folder and the files in it, without opening the library.',
  options: {
    json: { type: 'boolean', description: 'print one JSON object: the folder, what chose it, each path' },
  },
  run(ctx) {
    const paths = dataPaths(ctx.dataDir);
    const entries = [
      ['library', paths.db],
      ['papers', paths.papers],
      ['exports', paths.exports],
      ['backups', paths.backups],
      ['keys', paths.secrets],
    ] as const;
    const by = chosenBy(ctx.values);
    if (ctx.values.json) {
      const files = Object.fromEntries(entries.map(([k, p]) => [k, { path: p, exists: existsSync(p) }]));
      ctx.out(JSON.stringify({ dataDir: ctx.dataDir, chosenBy: by, ...files }));
      return 0;
    }
    ctx.out(`data folder  ${ctx.dataDir}  (from ${by})`);
    for (const [k, p] of entries) ctx.out(`${k.padEnd(12)} ${p}${describe(p)}`);
    return 0;
  },
};

function describe(path: string): string {
  if (!existsSync(path)) return '  (not yet created)';
  const st = statSync(path);
  return st.isFile() ? `  (${(st.size / 1024 / 1024).toFixed(1)} MB)` : '';
}
