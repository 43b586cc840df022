import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevisionSummary } from '../../../shared/contract/review';
import { api } from '../../api/client';

/** Saved revisions, newest first; restoring one is itself a new revision. */
export function HistoryPanel({ reviewId, revisionCount, onRestore }: { reviewId: string; revisionCount: number; onRestore(id: number): void }) {
  const { t, i18n } = useTranslation();
  const [revs, setRevs] = useState<RevisionSummary[]>([]);
  useEffect(() => {
    let live = true;
    void api.listReviewRevisions({ reviewId }).then((r) => live && r.ok && setRevs(r.value));
    return () => {
      live = false;
    };
  }, [reviewId, revisionCount]);
  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <section className="history-panel" aria-label={t('review.history.title')}>
      <h3>{t('review.history.title')}</h3>
      <ol reversed>
        {revs
          .map((r, i) => ({ r, n: i + 1 }))
          .reverse()
          .map(({ r, n }) => (
            <li key={r.id}>
              <span>
                {t('review.history.item', { n, time: time(r.createdAt), status: t(`review.status.${r.status}`), words: r.words })}
              </span>{' '}
              {n < revs.length && (
                <button
                  type="button"
                  aria-label={t('review.history.restoreLabel', { n })}
                  onClick={() => window.confirm(t('review.history.confirm', { n })) && onRestore(r.id)}
                >
                  {t('review.history.restore')}
                </button>
              )}
            </li>
          ))}
      </ol>
    </section>
  );
}
