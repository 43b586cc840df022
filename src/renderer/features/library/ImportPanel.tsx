import { useTranslation } from 'react-i18next';
import type { ImportState } from './use-import';

/** Progress of the running batch, then one line per file: imported, duplicate or why it failed. */
export function ImportPanel({ state, onDismiss }: { state: ImportState; onDismiss: () => void }) {
  const { t } = useTranslation();
  if (!state.running && state.results.length === 0) return null;
  const failed = state.results.filter((r) => r.status === 'failed');
  return (
    <section className="import-panel" aria-label={t('library.import.panel')}>
      {state.running ? (
        <>
          <progress max={state.total} value={state.done} aria-label={t('library.import.progress')} />
          <span aria-live="polite">
            {t('library.import.running', { done: state.done + 1, total: state.total, file: state.current ?? '' })}
          </span>
        </>
      ) : (
        <span role="status">
          {t('library.import.summary', {
            imported: state.results.filter((r) => r.status === 'imported').length,
            duplicates: state.results.filter((r) => r.status === 'duplicate').length,
            failed: failed.length,
          })}
        </span>
      )}
      <ul className="import-results">
        {state.results.map((r, i) => (
          <li key={i} className={`import-${r.status}`}>
            <strong>{r.file}</strong>: {t(`library.import.status.${r.status}`)}
            {r.error && <span role="alert"> — {r.error.message}</span>}
            {r.warnings.map((w) => (
              <span key={w.code} className="warning-chip" title={w.message}>
                {' '}
                {t(`library.warning.${w.code}`, { defaultValue: w.code })}
              </span>
            ))}
          </li>
        ))}
      </ul>
      {!state.running && (
        <button type="button" onClick={onDismiss}>
          {t('library.import.dismiss')}
        </button>
      )}
    </section>
  );
}
