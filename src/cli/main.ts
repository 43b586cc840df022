#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { AppError } from '../shared/errors';
import { resolveDataDir } from '../core/paths';
import { createServices, type Services } from '../core/services';
import { VERBS } from './verbs';
import { UsageError, type Verb, type OptionSpec, type OptionValues } from './verb';
import { formatHelp, formatOverview } from './help';

const COMMON: Record<string, OptionSpec> = {
  'data-dir': { type: 'string', value: 'DIR', description: 'library folder (default: $PAPER_REVIEW_HOME, else the OS app-data folder)' },
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
};

function findVerb(argv: string[]): { verb: Verb; rest: string[] } | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const two = words.slice(0, 2).join(' ');
  const byTwo = VERBS.find((v) => v.name === two);
  const verb = byTwo ?? VERBS.find((v) => v.name === words[0]);
  if (!verb) return undefined;
  const rest = [...argv];
  for (const word of verb.name.split(' ')) rest.splice(rest.indexOf(word), 1);
  return { verb, rest };
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(formatOverview(VERBS));
    return argv.length === 0 ? 2 : 0;
  }
  const found = findVerb(argv);
  const group = VERBS.filter((v) => v.name.startsWith(`${argv[0]} `));
  if (!found && group.length) {
    process.stdout.write(formatOverview(group));
    return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  if (!found) throw new UsageError(`Unknown command "${argv.join(' ')}". Run with --help to see the commands.`);
  const { verb, rest } = found;
  const specs = { ...COMMON, ...verb.options };
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(
        Object.entries(specs).map(([k, s]) => [
          k,
          { type: s.type, multiple: s.multiple ?? false, ...(s.short ? { short: s.short } : {}) },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see "${verb.name} --help").`);
  }
  if (parsed.values.help) {
    process.stdout.write(formatHelp(verb, specs));
    return 0;
  }
  const dataDir = resolveDataDir(parsed.values['data-dir'] as string | undefined);
  let services: Services | undefined;
  try {
    return await verb.run({
      positionals: parsed.positionals,
      values: parsed.values as OptionValues,
      dataDir,
      services: () => (services ??= createServices({ dataDir, host: 'cli' })),
      out: (line) => process.stdout.write(line + '\n'),
      note: (line) => process.stderr.write(line + '\n'),
    });
  } finally {
    await services?.close();
  }
}

function oneLine(e: unknown): string {
  if (e instanceof AppError || e instanceof UsageError) return e.message;
  if (e instanceof Error) return `unexpected error: ${e.message}`;
  return `unexpected error: ${String(e)}`;
}

// Run only when executed directly (tests import runCli).
if (process.argv[1] && /cli[\\/]main\.(ts|js|mjs)$/.test(process.argv[1])) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`paper-review: ${oneLine(e)}\n`);
      process.exitCode = e instanceof UsageError ? 2 : 1;
    },
  );
}
