import { z } from 'zod';
import { ImportProgress } from './library';
import { engineEvents } from './engine';
import { ExportProgress, ImportReviewsProgress } from './dataset';

/**
 * Events pushed from core to the UI. Streams are deltas keyed by a request id; status is
 * a snapshot. Each area adds its events here.
 */
export const events = {
  /** Settings changed (in another window or tab too). */
  settingsChanged: z.object({ keys: z.array(z.string()) }),
  /** One import batch's progress: a file starts, extracts page by page, finishes. */
  importProgress: ImportProgress,
  /** Papers were added or changed (import, status); lists showing them should refresh. */
  papersChanged: z.object({ ids: z.array(z.string()) }),
  /** Draft deltas, engine status, model hash/load and batch progress. */
  ...engineEvents,
  /** An export's progress, keyed by the request id the caller chose. */
  exportProgress: ExportProgress,
  /** import-reviews progress through a (possibly large) JSON Lines file. */
  importReviewsProgress: ImportReviewsProgress,
};
export type EventTable = typeof events;
export type EventName = keyof EventTable;
export type EventPayload<E extends EventName> = z.infer<EventTable[E]>;
