import type { Services } from '../services';
import type { Handlers } from './types';
import { settingsHandlers, systemHandlers } from './system';
import { libraryHandlers } from './library';
import { reviewHandlers } from './review';
import { insightsHandlers } from './insights';
import { engineHandlers } from './engine';
import { datasetHandlers } from './dataset';

/** Every contract method bound to core for one data directory. */
export function createHandlers(s: Services): Handlers {
  return {
    ...systemHandlers(s),
    ...settingsHandlers(s),
    ...libraryHandlers(s),
    ...reviewHandlers(s),
    ...insightsHandlers(s),
    ...engineHandlers(s),
    ...datasetHandlers(s),
  };
}

export { dispatch } from './dispatch';
export type { Handlers } from './types';
