import { Environment, Interpreter, type Template } from '@huggingface/jinja';

/**
 * Chat templates come inside GGUF files from anywhere, and Jinja is a language: a template
 * can loop for ever (`{% for i in range(10**9) %}`). This renders a parsed template with the
 * library's own interpreter under two bounds, at near-zero cost on the happy path:
 * - a deadline, checked on every AST node the interpreter evaluates (a clock read costs tens
 *   of nanoseconds; a real chat template evaluates a few thousand nodes per prompt);
 * - `range()` refuses more than MAX_RANGE items before building the list (the library's
 *   range builds the whole array in one native loop, which no step check could interrupt).
 * The globals are the library's own (transformers' set), with range replaced.
 */
export const RENDER_LIMIT_MS = 2_000;
export const MAX_RANGE = 100_000;

export class TemplateLimitError extends Error {}

type Statement = Parameters<Interpreter['evaluate']>[0];

class BoundedInterpreter extends Interpreter {
  constructor(
    env: Environment,
    private readonly deadline: number,
    private readonly limitMs: number,
  ) {
    super(env);
  }

  override evaluate(statement: Statement, environment: Environment) {
    if (performance.now() > this.deadline) {
      throw new TemplateLimitError(`it ran longer than ${this.limitMs / 1000} s`);
    }
    return super.evaluate(statement, environment);
  }
}

function boundedRange(start: number, stop?: number, step = 1): number[] {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0) throw new Error('range() step must not be zero');
  const count = Math.max(0, Math.ceil((to - from) / step));
  if (count > MAX_RANGE) {
    throw new TemplateLimitError(`it asked for range() of ${count} items (at most ${MAX_RANGE})`);
  }
  return Array.from({ length: count }, (_, i) => from + i * step);
}

/** The library's globals (Template.render sets them the same way), range bounded. */
function globalsOf(): Record<string, unknown> {
  return {
    false: false,
    true: true,
    none: null,
    False: false,
    True: true,
    None: null,
    raise_exception: (message: unknown) => {
      throw new Error(String(message));
    },
    range: boundedRange,
    strftime_now: strftimeNow,
  };
}

/** jinja's strftime_now: the directives transformers' templates use (%Y %m %d %b %B %H %M). */
function strftimeNow(format: string): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const month = (style: 'long' | 'short') => new Intl.DateTimeFormat(undefined, { month: style }).format(d);
  const parts: Record<string, () => string> = {
    '%Y': () => String(d.getFullYear()),
    '%m': () => pad(d.getMonth() + 1),
    '%d': () => pad(d.getDate()),
    '%b': () => month('short'),
    '%B': () => month('long'),
    '%H': () => pad(d.getHours()),
    '%M': () => pad(d.getMinutes()),
    '%%': () => '%',
  };
  return format.replace(/%[YmdbBHM%]/g, (t) => parts[t]?.() ?? t);
}

/** Renders `template` with `items`, or throws TemplateLimitError past a bound. */
export function renderBounded(
  template: Template,
  items: Record<string, unknown>,
  limitMs = RENDER_LIMIT_MS,
): string {
  const env = new Environment();
  for (const [key, value] of Object.entries({ ...globalsOf(), ...items })) env.set(key, value);
  const interpreter = new BoundedInterpreter(env, performance.now() + limitMs, limitMs);
  return String(interpreter.run(template.parsed).value);
}
