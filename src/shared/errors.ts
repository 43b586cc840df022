import { z } from 'zod';

/**
 * The closed set of error codes that may cross a process boundary. A renderer, a CLI or a
 * script can switch on these; the message is for people.
 */
export const ErrorCode = z.enum([
  'invalid_input', // the payload failed validation
  'not_found',
  'conflict', // e.g. a duplicate, or a state change that is not allowed
  'unsupported', // a file or architecture we cannot handle
  'bad_file', // zero bytes, not a PDF/GGUF, truncated, unreadable
  'encrypted',
  'no_text_layer',
  'does_not_fit', // the paper cannot fit the model's context even after trimming
  'out_of_memory',
  'engine_crashed',
  'engine_error',
  'cancelled',
  'newer_database', // written by a newer app version: refused and left untouched
  'corrupt_database',
  'io_error',
  'unauthorized',
  'forbidden',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({ code: ErrorCode, message: z.string() });
export type ApiError = z.infer<typeof ApiError>;

/** Every call across a boundary resolves to one of these; nothing is thrown across. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown inside core; converted to `{code, message}` at the boundary. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into a boundary-safe error without leaking stack traces. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof AppError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: 'internal', message: e.message || e.name };
  return { code: 'internal', message: String(e) };
}
