import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevisionSummary } from '../../../shared/contract/review';
import type { ReviewTemplate } from '../../../shared/templates';
import { api } from '../../api/client';
import { RevisionPreview, type PreviewTarget } from './RevisionPreview';

interface Props {
  reviewId: string;
  revisionCount: number;
  template: ReviewTemplate;
  /** The current text of every section (read from the editors), for the preview. */
  read(): Record<string, string>;
  onRestore(id: number): void;
}

/** Saved revisions, newest first; restoring one shows it against the current text first, and is itself a new revision. */
export function HistoryPanel({ reviewId, revisionCount, template, read, onRestore }: Props) {
  const { t, i18n } = useTranslation();
  const [revs, setRevs] = useState<RevisionSummary[]>([]);
  const [preview, setPreview] = useState<PreviewTarget | null>(null);
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
                {t('review.history.item', {
                  n,
                  time: time(r.createdAt),
                  status: t(`review.status.${r.status}`),
                  words: r.words,
                })}
              </span>{' '}
              {n < revs.length && (
                <button
                  type="button"
                  aria-label={t('review.history.previewLabel', { n })}
                  onClick={() => setPreview({ id: r.id, n })}
                >
                  {t('review.history.restore')}
                </button>
              )}
            </li>
          ))}
      </ol>
      {preview && (
        <RevisionPreview
          target={preview}
          template={template}
          current={read()}
          onCancel={() => setPreview(null)}
          onRestore={() => {
            setPreview(null);
            onRestore(preview.id);
          }}
        />
      )}
    </section>
  );
}
