import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReviewView, SaveReviewInput } from '../../../shared/contract/review';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useSettings } from '../../settings-context';
import { Autosave } from './autosave';
import { trackActiveTime, unloadSave } from './unload';

/** How often active time is reported when nothing else is being saved. */
const TIME_REPORT_MS = 15_000;

/**
 * Opens the annotator's review of a paper and wires its autosave: flushed on unmount (route
 * change) and handed to a keepalive request on beforeunload/pagehide. A paper nobody has
 * worked on is opened as a preview: the review is created (with the preview's id) at the
 * first real edit or action, so opening a paper adds no revision and changes no status.
 */
export function useReview(paperId: string) {
  const { settings } = useSettings();
  const annotator = settings?.annotator ?? null;
  const [review, setReview] = useState<ReviewView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  /** Bumped when the text is replaced from outside the editors (restore, rebase). */
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    if (!annotator) return;
    let live = true;
    void api.openReview({ paperId, preview: true }).then((r) => {
      if (!live) return;
      if (r.ok) setReview(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [paperId, annotator]);

  const ensureStored = useStoredReview(review, setReview);
  const reviewId = review?.id ?? null;
  const autosave = useMemo(
    () =>
      reviewId ? new Autosave(reviewId, (input) => saveOnceStored(input, ensureStored), unloadSave) : null,
    [reviewId, ensureStored],
  );

  useEffect(() => {
    if (!autosave) return;
    // The first edit creates the review at once, so a save or an unload finds it stored.
    const offChange = autosave.onChange(() => void ensureStored());
    const onUnload = () => autosave.flushOnUnload();
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('pagehide', onUnload);
    const stopTime = trackActiveTime((ms) => autosave.addTime(ms));
    const timer = setInterval(() => void autosave.flush(), TIME_REPORT_MS);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      window.removeEventListener('pagehide', onUnload);
      clearInterval(timer);
      offChange();
      stopTime();
      void autosave.flush().then(() => autosave.dispose());
    };
  }, [autosave]);

  /** Replace the review after a server-side change; `remount` re-creates the editors. */
  const adopt = (v: ReviewView, remount: boolean) => {
    setReview(v);
    if (remount) setEpoch((n) => n + 1);
  };
  return {
    review,
    error,
    annotatorMissing: settings !== null && !annotator,
    autosave,
    epoch,
    adopt,
    ensureStored,
  };
}

/** Time alone is not an edit: an untouched preview stays unstored and its time is dropped. */
async function saveOnceStored(
  input: SaveReviewInput,
  ensureStored: (contentEdit: boolean) => Promise<boolean>,
) {
  const content = Object.keys(input).some((k) => k !== 'reviewId' && k !== 'timeDeltaMs');
  if (!(await ensureStored(content))) return { ok: true as const, value: null };
  return api.saveReview(input);
}

/**
 * Creates a previewed review once (concurrent callers share the request). Resolves true
 * when the review is stored; false for a time-only call on a preview.
 */
function useStoredReview(review: ReviewView | null, setReview: (v: ReviewView) => void) {
  const current = useRef(review);
  current.current = review;
  const creating = useRef<Promise<boolean> | null>(null);
  return useCallback(
    async (contentEdit = true): Promise<boolean> => {
      const v = current.current;
      if (!v || v.stored !== false) return true;
      if (!contentEdit && !creating.current) return false;
      creating.current ??= api
        .openReview({ paperId: v.paperId, id: v.id, ...(v.draftId ? { draftId: v.draftId } : {}) })
        .then((r) => {
          if (r.ok) setReview(r.value);
          else creating.current = null;
          return r.ok;
        });
      return creating.current;
    },
    [setReview],
  );
}
