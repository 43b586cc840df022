import type { z } from 'zod';

/** One request/response method of the contract. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for readers of the contract and for generated docs. */
  summary: string;
}

export type MethodTable = Record<string, MethodSpec>;

export function method<I extends z.ZodType, O extends z.ZodType>(
  summary: string,
  input: I,
  output: O,
): MethodSpec<I, O> {
  return { input, output, summary };
}
