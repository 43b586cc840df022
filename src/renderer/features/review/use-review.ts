import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReviewView, SaveReviewInput, SaveReviewResult } from '../../../shared/contract/review';
import type { ApiError, Result } from '../../../shared/errors';
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
  // Built once per review, from the revision it was loaded at; later revisions reach it
  // through its own save results and adopt(), not by rebuilding it.
  const autosave = useMemo(
    () =>
      reviewId
        ? new Autosave(
            reviewId,
            (input) => saveOnceStored(input, ensureStored),
            unloadSave,
            review?.revision,
            {
              scores: review?.scores,
              notes: review?.notes,
            },
          )
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- not review?.revision: see above
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
    const timer = setInterval(() => autosave.reportTime(), TIME_REPORT_MS);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      window.removeEventListener('pagehide', onUnload);
      clearInterval(timer);
      offChange();
      stopTime();
      void autosave.flush().then(() => autosave.dispose());
    };
  }, [autosave, ensureStored]);

  /** Replace the review after a server-side change; `remount` re-creates the editors. */
  const adopt = (v: ReviewView, remount: boolean) => {
    // Only a replaced text moves the autosave on; a status change leaves the editors (and so
    // the revision they were based on) as they are, or another tab's save would go unseen.
    if (remount) autosave?.adopt(v.revision, { scores: v.scores, notes: v.notes });
    setReview(v);
    if (remount) setEpoch((n) => n + 1);
  };

  /** Conflict: "load theirs" drops this tab's edits and shows what the other writer stored. */
  const loadTheirs = async () => {
    if (!autosave) return;
    autosave.loadTheirs();
    const r = await api.openReview({ paperId });
    if (r.ok) adopt(r.value, true);
    else setError(r.error);
  };
  return {
    review,
    error,
    annotatorMissing: settings !== null && !annotator,
    autosave,
    epoch,
    adopt,
    ensureStored,
    loadTheirs,
  };
}

/**
 * Time alone is not an edit: an untouched preview stays unstored and its time is dropped
 * (answered as a save that changed nothing, at the preview's revision 0).
 */
async function saveOnceStored(
  input: SaveReviewInput,
  ensureStored: (contentEdit: boolean) => Promise<boolean>,
): Promise<Result<SaveReviewResult>> {
  const content = Object.keys(input).some((k) => k !== 'reviewId' && k !== 'timeDeltaMs');
  if (!(await ensureStored(content)))
    return {
      ok: true,
      value: { updatedAt: new Date().toISOString(), revisionCount: 0, changed: false, revision: 0 },
    };
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
