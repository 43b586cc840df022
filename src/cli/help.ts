import type { OptionSpec, Verb } from './verb';

export function formatOverview(verbs: readonly Verb[]): string {
  const width = Math.max(...verbs.map((v) => v.name.length));
  const lines = verbs.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`);
  return [
    'Usage: paper-review <command> [options]   (npm run cli -- <command> [options])',
    '',
    'Commands:',
    ...lines,
    '',
    'Every command takes --data-dir DIR and --help.',
    '',
  ].join('\n');
}

export function formatHelp(verb: Verb, specs: Record<string, OptionSpec>): string {
  const flags = Object.entries(specs).map(([name, s]) => {
    const flag = `${s.short ? `-${s.short}, ` : ''}--${name}${s.type === 'string' ? ` ${s.value ?? 'VALUE'}` : ''}`;
    return [flag, s.description] as const;
  });
  const width = Math.max(...flags.map(([f]) => f.length));
  return [
    `Usage: paper-review ${verb.name}${verb.args ? ` ${verb.args}` : ''} [options]`,
    '',
    verb.summary,
    '',
    'Options:',
    ...flags.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    '',
  ].join('\n');
}
