import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Autosave, SaveState } from './autosave';
import './conflict-banner.css';

interface Props {
  autosave: Autosave;
  /** "Keep mine": save this tab's text over the other writer's. */
  onKeepMine(): void;
  /** "Load theirs": drop this tab's unsaved edits and show the stored text. */
  onLoadTheirs(): void;
}

/**
 * The autosave's two problem states, shown where the annotator cannot miss them: another
 * writer saved first (a choice to make, nothing is sent until it is made), or saves keep
 * failing (edits kept, next try counting down, a "Retry now").
 */
export function ConflictBanner({ autosave, onKeepMine, onLoadTheirs }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<SaveState>(autosave.saveState);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => autosave.subscribe((s) => setState(s)), [autosave]);
  // The countdown to the next try ticks only while saves are failing.
  useEffect(() => {
    if (state !== 'error') return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [state]);

  const conflict = autosave.conflict;
  if (state === 'conflict' && conflict) {
    return (
      <div role="alert" aria-label={t('review.conflict.region')} className="conflict-banner">
        <p>
          {t('review.conflict.message', {
            revision: conflict.revision,
            time: new Date(conflict.updatedAt).toLocaleTimeString(),
          })}
        </p>
        <button type="button" onClick={onKeepMine}>
          {t('review.conflict.keepMine')}
        </button>
        <button type="button" onClick={onLoadTheirs}>
          {t('review.conflict.loadTheirs')}
        </button>
      </div>
    );
  }
  const failure = autosave.failure;
  if (state !== 'error' || !failure) return null;
  const seconds = Math.max(0, Math.ceil((failure.retryAt - now) / 1000));
  return (
    <div role="alert" aria-label={t('review.saveFailed.region')} className="conflict-banner">
      <p>{t('review.saveFailed.message', { count: failure.failures, message: failure.message, seconds })}</p>
      <button type="button" onClick={() => void autosave.retryNow()}>
        {t('review.saveFailed.retry')}
      </button>
    </div>
  );
}
