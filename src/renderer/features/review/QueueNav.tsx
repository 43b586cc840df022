import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewQueue } from '../../../shared/contract/review';
import { api } from '../../api/client';
import { loadLibraryFilter, positionHint, savePosition } from './queue-filter';
import { withKey } from './shortcut-keys';

export function formatDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** Previous/next within the library's filter, refreshed whenever papers change. */
export function useQueue(paperId: string) {
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const load = useCallback(() => {
    const hint = positionHint(paperId);
    void api
      .getReviewQueue({ paperId, filter: loadLibraryFilter(), ...(hint !== undefined ? { hint } : {}) })
      .then((r) => {
        if (!r.ok) return;
        setQueue(r.value);
        if (r.value.position !== null) savePosition(paperId, r.value.position);
      });
  }, [paperId]);
  useEffect(() => {
    load();
    return api.on('papersChanged', load);
  }, [load]);
  return queue;
}

export function QueueNav({ queue, onGo }: { queue: ReviewQueue | null; onGo(id: string): void }) {
  const { t } = useTranslation();
  return (
    <nav className="queue-nav" aria-label={t('review.queue.label')}>
      <button
        type="button"
        disabled={!queue?.prevId}
        onClick={() => queue?.prevId && onGo(queue.prevId)}
        title={withKey(t('review.action.previous'), 'previous')}
      >
        <span aria-hidden="true">← </span>
        {t('review.action.previous')}
      </button>
      {queue && (
        <span className="muted" aria-live="polite">
          {queue.position !== null &&
            `${t('review.queue.position', { n: queue.position + 1, total: queue.total })} · `}
          {t('review.queue.progress', { done: queue.done, all: queue.all })}
          {queue.etaMs !== null &&
            queue.all > queue.done &&
            ` · ${t('review.queue.eta', { time: formatDuration(queue.etaMs) })}`}
        </span>
      )}
      <button
        type="button"
        disabled={!queue?.nextId}
        onClick={() => queue?.nextId && onGo(queue.nextId)}
        title={withKey(t('review.action.next'), 'next')}
      >
        {t('review.action.next')}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
