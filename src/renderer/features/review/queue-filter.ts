import type { QueueFilter } from '../../../shared/contract/review';
import { PaperSort, SortDir } from '../../../shared/contract/library';
import { PaperStatus } from '../../../shared/paper';

/**
 * The library's current filter, shared with the workspace through sessionStorage (per tab,
 * like the filter itself): the library writes it, Next/Previous paper walk it. The last
 * opened paper is remembered across sessions (localStorage) so the library can offer
 * "resume where I left off".
 */
const FILTER_KEY = 'library.filter';
const LAST_KEY = 'review.lastPaper';
const POSITION_KEY = 'review.position';

export function saveLibraryFilter(f: { status?: string; query?: string; sort: string; dir: string }): void {
  try {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(f));
  } catch {
    // Storage full or disabled: the queue falls back to the whole library.
  }
}

export function loadLibraryFilter(): QueueFilter {
  try {
    const raw = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}') as Record<string, unknown>;
    const status = PaperStatus.safeParse(raw.status);
    const sort = PaperSort.safeParse(raw.sort);
    const dir = SortDir.safeParse(raw.dir);
    return {
      ...(status.success ? { status: status.data } : {}),
      ...(typeof raw.query === 'string' && raw.query.trim() ? { query: raw.query } : {}),
      sort: sort.success ? sort.data : 'added',
      dir: dir.success ? dir.data : 'desc',
    };
  } catch {
    return { sort: 'added', dir: 'desc' };
  }
}

export interface LastPaper {
  id: string;
  title: string;
}

export function rememberLastPaper(p: LastPaper): void {
  try {
    localStorage.setItem(LAST_KEY, JSON.stringify(p));
  } catch {
    /* not essential */
  }
}

export function lastPaper(): LastPaper | null {
  try {
    const v = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null') as LastPaper | null;
    return v && typeof v.id === 'string' && typeof v.title === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** The paper's last known position in the queue, for when it leaves the filter. */
export function positionHint(paperId: string): number | undefined {
  const raw = sessionStorage.getItem(POSITION_KEY);
  if (!raw) return undefined;
  const [id, n] = raw.split(':');
  return id === paperId && n ? Number(n) : undefined;
}

export function savePosition(paperId: string, position: number): void {
  sessionStorage.setItem(POSITION_KEY, `${paperId}:${position}`);
}
