import type { Services } from '../services';
import type { HandlerGroup } from './types';
import { AppError } from '../../shared/errors';
import { runExport } from '../export/run';
import { importReviews } from '../import-reviews';
import { mergeExport } from '../merge';
import { listExports } from '../store/repos/exports';

/** Running exports per library, so cancelExport can find them by request id. */
const running = new WeakMap<Services, Map<string, AbortController>>();

export function datasetHandlers(
  s: Services,
): HandlerGroup<
  'exportDataset' | 'previewExport' | 'cancelExport' | 'listExports' | 'importReviews' | 'mergeExport'
> {
  const ctx = { db: s.db, dataDir: s.paths.root, schemaVersion: s.schemaVersion, keys: s.keys };
  const active = running.get(s) ?? new Map<string, AbortController>();
  running.set(s, active);
  return {
    exportDataset: async (req) => {
      const requestId = req.requestId ?? crypto.randomUUID();
      if (active.has(requestId)) throw new AppError('conflict', `Export ${requestId} is already running.`);
      const abort = new AbortController();
      active.set(requestId, abort);
      try {
        const { maxRssKb: _rss, ...result } = await runExport(
          ctx,
          { ...req, requestId },
          {
            signal: abort.signal,
            onProgress: (p) => s.events.emit('exportProgress', p),
          },
        );
        return result;
      } finally {
        active.delete(requestId);
      }
    },
    previewExport: async (req) => {
      const { maxRssKb: _rss, ...result } = await runExport(ctx, req, { dryRun: true });
      return result;
    },
    cancelExport: ({ requestId }) => {
      const abort = active.get(requestId);
      abort?.abort();
      return { cancelled: abort !== undefined };
    },
    listExports: () => listExports(s.db),
    importReviews: async ({ paths, source, batchId }) => {
      const result = await importReviews(s.db, paths, {
        ...(source ? { source } : {}),
        ...(batchId ? { batchId } : {}),
        onProgress: (p) => s.events.emit('importReviewsProgress', p),
      });
      if (result.papersAdded > 0) s.events.emit('papersChanged', { ids: [] });
      return result;
    },
    mergeExport: async ({ dir }) => {
      const result = await mergeExport(s.db, dir);
      if (result.papersAdded > 0) s.events.emit('papersChanged', { ids: [] });
      return result;
    },
  };
}
