import type { Db } from '../store/open';
import type { QueueFilter, ReviewQueue } from '../../shared/contract/review';
import { listPapers } from '../store/repos/papers';
import { finishedTimes } from '../store/repos/reviews';

const DONE = new Set(['approved', 'skipped', 'rejected']);
/** Ids are cheap; beyond this a queue is not something one person walks paper by paper. */
const MAX_QUEUE = 50_000;

/**
 * Previous/next within the library's current filter and sort. A paper may have left the
 * filter since it was opened (approving it under "status: new"); then `hint`, its last
 * known position, says where it was, so "next" is the paper that slid into its place.
 * Progress ignores the status filter (under "new" it would always read 0 done).
 */
export function reviewQueue(
  db: Db,
  paperId: string,
  filter: QueueFilter,
  annotator: string | null,
  hint?: number,
): ReviewQueue {
  // Everything but the status narrows both the walk and the progress scope.
  const query = {
    ...(filter.query?.trim() ? { query: filter.query.trim() } : {}),
    ...(filter.author?.trim() ? { author: filter.author.trim() } : {}),
    ...(filter.venue?.trim() ? { venue: filter.venue.trim() } : {}),
    ...(filter.year !== undefined ? { year: filter.year } : {}),
    ...(filter.flag ? { flag: filter.flag } : {}),
  };
  const rows = listPapers(db, {
    ...query,
    ...(filter.status ? { status: filter.status } : {}),
    sort: filter.sort,
    dir: filter.dir,
    limit: MAX_QUEUE,
  });
  const ids = rows.map((p) => p.id);
  const index = ids.indexOf(paperId);
  // Not in the list any more: the paper that slid into its place is next.
  const at = index >= 0 ? index : Math.min(hint ?? 0, ids.length);
  const prevId = ids[at - 1] ?? null;
  const nextId = ids[index >= 0 ? at + 1 : at] ?? null;
  const scope = filter.status ? listPapers(db, { ...query, limit: MAX_QUEUE }) : rows;
  const all = scope.length;
  const done = scope.filter((p) => DONE.has(p.status)).length;
  // No annotator yet (the first paper opened asks for one): the queue works, only the ETA waits.
  const times = annotator ? finishedTimes(db, annotator) : [];
  const median = times.length ? times[Math.floor((times.length - 1) / 2)]! : null;
  return {
    position: index >= 0 ? index : null,
    total: ids.length,
    prevId,
    nextId,
    done,
    all,
    etaMs: median === null ? null : median * (all - done),
  };
}
