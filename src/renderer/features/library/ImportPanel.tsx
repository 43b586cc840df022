import { useTranslation } from 'react-i18next';
import type { Store } from './import-store';
import { useStore } from './import-store';
import { fileFraction, type ImportState } from './use-import';

/**
 * The running batch: an overall bar that moves with every page extracted, a bar per file
 * in flight; then a summary with what failed and why, and one line per file.
 */
export function ImportPanel({ store, onDismiss }: { store: Store<ImportState>; onDismiss: () => void }) {
  const { t } = useTranslation();
  const state = useStore(store);
  if (!state.running && state.results.length === 0) return null;
  const failed = state.results.filter((r) => r.status === 'failed');
  const overall = state.done + state.active.reduce((a, f) => a + fileFraction(f), 0);
  return (
    <section className="import-panel" aria-label={t('library.import.panel')}>
      {state.running ? (
        <>
          <progress
            max={Math.max(1, state.total)}
            value={overall}
            aria-label={t('library.import.progress')}
          />
          <span aria-live="polite">
            {' '}
            {t('library.import.runningMany', { done: state.done, total: state.total })}
          </span>
          <ul className="import-active" aria-label={t('library.import.inFlight')}>
            {state.active.map((f) => (
              <li key={f.key}>
                <progress max={1} value={fileFraction(f)} aria-label={f.file} /> <strong>{f.file}</strong>:{' '}
                {t(`library.import.phase.${f.phase}`, { page: f.page ?? 0, pages: f.pages ?? 0 })}
              </li>
            ))}
          </ul>
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
      {!state.running && failed.length > 0 && (
        <section className="import-failures" aria-label={t('library.import.failedTitle')}>
          <strong>{t('library.import.failedTitle')}</strong>
          <ul>
            {failed.map((r, i) => (
              <li key={i}>
                {r.file} — {r.error?.message ?? t('library.import.status.failed')}
              </li>
            ))}
          </ul>
        </section>
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
