import type { z } from 'zod';
import type { Result } from '../errors';
import type { MethodTable } from './define';
import { settingsMethods } from './settings';
import { systemMethods } from './system';
import { libraryMethods } from './library';
import { insightsMethods } from './insights';
import { engineMethods } from './engine';
import { reviewMethods } from './review';
import { datasetMethods } from './dataset';
import type { EventName, EventPayload } from './events';

export { events } from './events';
export type { EventName, EventPayload } from './events';

/**
 * The whole contract between the UI and core: every method with its input and output
 * schema. Electron IPC and the web host bind exactly this table; nothing else crosses.
 */
export const methods = {
  ...systemMethods,
  ...settingsMethods,
  ...libraryMethods,
  ...insightsMethods,
  ...engineMethods,
  ...reviewMethods,
  ...datasetMethods,
} satisfies MethodTable;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** The API as the renderer sees it, whatever the transport. */
export type Api = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
