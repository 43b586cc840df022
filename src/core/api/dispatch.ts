import { methods, isMethodName } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { AppError, toApiError } from '../../shared/errors';
import type { Handlers } from './types';

/**
 * The single entry point for every call across a boundary (IPC, HTTP): checks the method
 * name, validates the input, runs the handler and turns any failure into `{code, message}`.
 * Nothing a caller sends can throw past this function.
 */
export async function dispatch(
  handlers: Handlers,
  name: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  try {
    if (!isMethodName(name)) throw new AppError('not_found', `Unknown method "${name}".`);
    const spec = methods[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw new AppError('invalid_input', `Invalid input for ${name}: ${formatIssues(parsed.error.issues)}`);
    }
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: toApiError(e) };
  }
}

function formatIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}
