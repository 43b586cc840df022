import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReviewsResult, MergeResult } from '../../../shared/contract/dataset';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';

/** Bring in an existing review dataset (round 0) or merge another annotator's export. */
export function DatasetImportPanel({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [path, setPath] = useState('');
  const [mergeDir, setMergeDir] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [imported, setImported] = useState<ImportReviewsResult | null>(null);
  const [merged, setMerged] = useState<MergeResult | null>(null);

  const importReviews = async () => {
    setBusy(true);
    setError(null);
    const r = await api.importReviews({ paths: [path.trim()] });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setImported(r.value);
    onDone();
  };
  const merge = async () => {
    setBusy(true);
    setError(null);
    const r = await api.mergeExport({ dir: mergeDir.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setMerged(r.value);
    onDone();
  };

  return (
    <section className="dataset-import" aria-label={t('exportPage.bringIn')}>
      <h2>{t('exportPage.bringIn')}</h2>
      <div className="row">
        <label htmlFor={`${id}-reviews`}>{t('exportPage.reviewsPath')}</label>
        <input
          id={`${id}-reviews`}
          className="wide-input"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="button" disabled={busy || !path.trim()} onClick={() => void importReviews()}>
          {t('exportPage.importReviews')}
        </button>
      </div>
      {imported && (
        <p role="status">
          {t('exportPage.importedReviews', {
            papers: imported.papersAdded,
            reviews: imported.reviewsAdded,
            present: imported.reviewsPresent,
            errors: imported.errors,
          })}
        </p>
      )}
      <div className="row">
        <label htmlFor={`${id}-merge`}>{t('exportPage.mergePath')}</label>
        <input
          id={`${id}-merge`}
          className="wide-input"
          value={mergeDir}
          onChange={(e) => setMergeDir(e.target.value)}
        />
        <button type="button" disabled={busy || !mergeDir.trim()} onClick={() => void merge()}>
          {t('exportPage.mergeButton')}
        </button>
      </div>
      {merged && (
        <div role="status">
          <p>
            {t('exportPage.merged', {
              reviews: merged.reviewsAdded,
              papers: merged.papersAdded,
              conflicts: merged.conflicts.length,
            })}
          </p>
          <ul>
            {merged.agreement.scores.map((s) => (
              <li key={s.score}>
                {s.score}: α = {s.alpha === null ? '—' : s.alpha.toFixed(3)} ({s.units})
              </li>
            ))}
            {merged.agreement.text.meanEditDistance !== null && (
              <li>
                {t('exportPage.textAgreement', {
                  value: merged.agreement.text.meanEditDistance.toFixed(3),
                  pairs: merged.agreement.text.pairs,
                })}
              </li>
            )}
          </ul>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </section>
  );
}
