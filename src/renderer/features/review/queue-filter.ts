import { QueueFilter } from '../../../shared/contract/review';

/**
 * The library's current filter, shared with the workspace through sessionStorage (per tab,
 * like the filter itself): the library writes it, Next/Previous paper walk it. The last
 * opened paper is remembered across sessions (localStorage) so the library can offer
 * "resume where I left off".
 */
const FILTER_KEY = 'library.filter';
const LAST_KEY = 'review.lastPaper';
const POSITION_KEY = 'review.position';

export function saveLibraryFilter(f: QueueFilter): void {
  try {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(f));
  } catch {
    // Storage full or disabled: the queue falls back to the whole library.
  }
}

/** The stored filter, field by field: one stale or unknown field is dropped, not the rest. */
export function loadLibraryFilter(): QueueFilter {
  const out: Record<string, unknown> = {};
  try {
    const raw = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}') as Record<string, unknown>;
    for (const [key, schema] of Object.entries(QueueFilter.shape)) {
      const v = schema.safeParse(raw[key]);
      if (v.success && v.data !== undefined && v.data !== '') out[key] = v.data;
    }
  } catch {
    // Unreadable: the whole library, newest first.
  }
  return QueueFilter.parse(out);
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
