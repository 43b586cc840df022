import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReviewsResult, MergeResult } from '../../../shared/contract/dataset';
import type { ApiError, Result } from '../../../shared/errors';
import { api } from '../../api/client';

/** Bring in an existing review dataset (round 0) or merge another annotator's export. */
export function DatasetImportPanel({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [imported, setImported] = useState<ImportReviewsResult | null>(null);
  const [merged, setMerged] = useState<MergeResult | null>(null);

  /** One action at a time; its error replaces the last one, its result is shown under its row. */
  const run = async <T,>(call: () => Promise<Result<T>>, show: (value: T) => void) => {
    setBusy(true);
    setError(null);
    const r = await call();
    setBusy(false);
    if (!r.ok) return setError(r.error);
    show(r.value);
    onDone();
  };

  return (
    <section className="dataset-import" aria-label={t('exportPage.bringIn')}>
      <h2>{t('exportPage.bringIn')}</h2>
      <PathRow
        label={t('exportPage.reviewsPath')}
        button={t('exportPage.importReviews')}
        busy={busy}
        onRun={(path) => run(() => api.importReviews({ paths: [path] }), setImported)}
      />
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
      <PathRow
        label={t('exportPage.mergePath')}
        button={t('exportPage.mergeButton')}
        busy={busy}
        onRun={(dir) => run(() => api.mergeExport({ dir }), setMerged)}
      />
      {merged && <MergeOutcome merged={merged} />}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </section>
  );
}

/** A path field and the button that acts on it (with the path trimmed). */
function PathRow(p: { label: string; button: string; busy: boolean; onRun(path: string): Promise<void> }) {
  const id = useId();
  const [path, setPath] = useState('');
  return (
    <div className="row">
      <label htmlFor={id}>{p.label}</label>
      <input id={id} className="wide-input" value={path} onChange={(e) => setPath(e.target.value)} />
      <button type="button" disabled={p.busy || !path.trim()} onClick={() => void p.onRun(path.trim())}>
        {p.button}
      </button>
    </div>
  );
}

/** What a merge added, and how far the annotators agree. */
function MergeOutcome({ merged }: { merged: MergeResult }) {
  const { t } = useTranslation();
  return (
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
  );
}
