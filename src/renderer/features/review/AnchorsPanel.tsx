import { useTranslation } from 'react-i18next';
import type { Anchor } from '../../../shared/contract/review';

/**
 * The passages this review cites. `unresolved` holds anchors the reader could not find
 * again (the PDF or its text changed); they stay listed, marked, never silently dropped.
 */
export function AnchorsPanel({
  anchors,
  unresolved,
  onShow,
}: {
  anchors: Anchor[];
  unresolved: ReadonlySet<string>;
  onShow(a: Anchor): void;
}) {
  const { t } = useTranslation();
  return (
    <section className="anchors-panel" aria-label={t('review.anchors.title')}>
      <h3>{t('review.anchors.title')}</h3>
      {anchors.length === 0 ? (
        <p className="muted">{t('review.anchors.none')}</p>
      ) : (
        <ul>
          {anchors.map((a) => (
            <li key={a.id} className={unresolved.has(a.id) ? 'anchor unresolved' : 'anchor'}>
              <button
                type="button"
                className="link"
                onClick={() => onShow(a)}
                title={t('review.anchors.show')}
              >
                “{a.quote.length > 120 ? `${a.quote.slice(0, 117)}…` : a.quote}”
              </button>{' '}
              <small className="muted">{t('review.anchors.page', { page: a.page })}</small>
              {unresolved.has(a.id) && (
                <small className="warning" role="note">
                  {' '}
                  {t('review.anchors.unresolved')}
                </small>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
