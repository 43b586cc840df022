import type { Services } from '../services';
import type { HandlerGroup } from './types';
import { getInsights } from '../insights';

export function insightsHandlers(s: Services): HandlerGroup<'getInsights'> {
  return {
    getInsights: (q) =>
      getInsights(s.db, {
        from: q.from,
        to: q.to,
        template: q.template,
        by: q.by,
        compareRounds: q.compareRounds,
      }),
  };
}
