import type { z } from 'zod';
import type { MethodName, MethodOutput, Methods } from '../../shared/contract';

/** What a handler receives: the validated (defaults-applied) input. */
export type HandlerInput<M extends MethodName> = z.output<Methods[M]['input']>;

export type Handler<M extends MethodName> = (
  input: HandlerInput<M>,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** Each area provides the handlers for its slice of the contract. */
export type HandlerGroup<K extends MethodName> = { [M in K]: Handler<M> };
