import type { Services } from '../core/services';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in --help, after the flag. */
  description: string;
  /** Placeholder in --help, e.g. "FILE". */
  value?: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface VerbContext {
  positionals: string[];
  values: OptionValues;
  dataDir: string;
  /** Opens the library (and migrates it) on first use; closed when the verb returns. */
  services(): Services;
  out(line: string): void;
  /** Progress and notes for people; never mixed into --json output on stdout. */
  note(line: string): void;
}

/**
 * One command-line verb. `name` may be two words ("db check"). `run` returns the exit
 * code; it throws AppError (or UsageError) for failures, which main prints as one line.
 */
export interface Verb {
  name: string;
  summary: string;
  /** Positional arguments as shown in usage, e.g. "<pdf|dir>...". */
  args?: string;
  options?: Record<string, OptionSpec>;
  run(ctx: VerbContext): Promise<number> | number;
}

export class UsageError extends Error {}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function numberOption(values: OptionValues, name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${raw}".`);
  return n;
}
