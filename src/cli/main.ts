#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { AppError } from '../shared/errors';
import { resolveDataDir } from '../core/paths';
import { createServices, type Services } from '../core/services';
import { VERBS } from './verbs';
import { UsageError, type Verb, type OptionSpec, type OptionValues } from './verb';
import { formatHelp, formatOverview } from './help';

const COMMON: Record<string, OptionSpec> = {
  'data-dir': {
    type: 'string',
    value: 'DIR',
    description: 'library folder (default: $PAPER_REVIEW_HOME, else the OS app-data folder)',
  },
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
};

/**
 * Finds the verb among the words of argv, skipping the values of global string options
 * (so `--data-dir X papers` reads "papers" as the verb, not "X"). The verb's words are
 * removed by position, never by value, so a folder named like a verb stays an argument.
 */
function findVerb(argv: string[]): { verb: Verb; rest: string[] } | undefined {
  const wordAt: number[] = [];
  for (let i = 0; i < argv.length && wordAt.length < 2; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('-')) {
      if (COMMON[arg.slice(2)]?.type === 'string' && !arg.includes('=')) i++;
      continue;
    }
    wordAt.push(i);
  }
  const words = wordAt.map((i) => argv[i] ?? '');
  const byTwo = VERBS.find((v) => v.name === words.slice(0, 2).join(' '));
  const verb = byTwo ?? VERBS.find((v) => v.name === words[0]);
  if (!verb) return undefined;
  const drop = new Set(wordAt.slice(0, verb.name.split(' ').length));
  return { verb, rest: argv.filter((_, i) => !drop.has(i)) };
}

/** The first word that is not an option or a global option's value, for group help. */
function firstWord(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-')) return arg;
    if (COMMON[arg.slice(2)]?.type === 'string' && !arg.includes('=')) i++;
  }
  return undefined;
}

/**
 * `papers --json | head` closes stdout early: the write fails with EPIPE. That is the
 * reader saying "enough", not an error, so end quietly instead of printing a stack trace.
 */
export function quitOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(formatOverview(VERBS));
    return argv.length === 0 ? 2 : 0;
  }
  const found = findVerb(argv);
  const head = firstWord(argv);
  const group = VERBS.filter((v) => v.name.startsWith(`${head} `));
  if (!found && group.length) {
    process.stdout.write(formatOverview(group));
    return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
  }
  if (!found)
    throw new UsageError(`Unknown command "${argv.join(' ')}". Run with --help to see the commands.`);
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
  quitOnClosedPipe(process.stdout);
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
