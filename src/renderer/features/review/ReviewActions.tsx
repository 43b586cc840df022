import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../shared/contract/review';
import type { Autosave, SaveState } from './autosave';
import { withKey } from './shortcut-keys';

/** "Saved" / "Saving…": the only save feedback, since there is no Save button. */
export function SaveIndicator({ autosave }: { autosave: Autosave }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ s: SaveState; error: string }>({ s: autosave.saveState, error: '' });
  useEffect(() => autosave.subscribe((s, error) => setState({ s, error })), [autosave]);
  return (
    <span role="status" aria-label="Save status" className={`save-indicator save-${state.s}`}>
      {t(`review.save.${state.s}`, { message: state.error })}
    </span>
  );
}

interface Props {
  review: ReviewView;
  diff: boolean;
  history: boolean;
  onApprove(): void;
  onApproveUnchanged(): void;
  onSkip(): void;
  onReject(): void;
  onReopen(): void;
  onToggleDiff(): void;
  onToggleHistory(): void;
}

export function ReviewActions(p: Props) {
  const { t } = useTranslation();
  const r = p.review;
  const statusText =
    r.stored === false
      ? t('review.status.notStarted')
      : r.status === 'approved' && r.approvedUnchanged
        ? t('review.status.approvedUnchanged')
        : t(`review.status.${r.status}`);
  return (
    <div className="review-actions">
      <span
        className={`status-chip status-${r.status}`}
        aria-label={t('review.status.label', { status: statusText })}
      >
        {statusText}
        {r.statusReason ? `: ${r.statusReason}` : ''}
      </span>
      <button
        type="button"
        className="primary"
        onClick={p.onApprove}
        title={withKey(t('review.action.approve'), 'approve')}
      >
        {t('review.action.approve')}
      </button>
      <button
        type="button"
        onClick={p.onApproveUnchanged}
        disabled={!r.draftId}
        title={withKey(t('review.action.approveUnchanged'), 'approveUnchanged')}
      >
        {t('review.action.approveUnchanged')}
      </button>
      <button type="button" onClick={p.onSkip} title={withKey(t('review.action.skip'), 'skip')}>
        {t('review.action.skip')}
      </button>
      <button type="button" onClick={p.onReject} title={withKey(t('review.action.reject'), 'reject')}>
        {t('review.action.reject')}
      </button>
      {r.status !== 'in_progress' && (
        <button type="button" onClick={p.onReopen}>
          {t('review.action.reopen')}
        </button>
      )}
      <span className="spacer" />
      <button
        type="button"
        aria-pressed={p.diff}
        onClick={p.onToggleDiff}
        title={withKey(t('review.action.showDiff'), 'toggleDiff')}
      >
        {t('review.action.showDiff')}
      </button>
      <button type="button" aria-pressed={p.history} onClick={p.onToggleHistory}>
        {t('review.action.history')}
      </button>
    </div>
  );
}
