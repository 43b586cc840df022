import { useEffect, useMemo, useState } from 'react';
import type { ReviewView } from '../../../shared/contract/review';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useSettings } from '../../settings-context';
import { Autosave } from './autosave';
import { trackActiveTime, unloadSave } from './unload';

/** How often active time is reported when nothing else is being saved. */
const TIME_REPORT_MS = 15_000;

/**
 * Opens (or creates) the annotator's review of a paper and wires its autosave: flushed on
 * unmount (route change) and handed to a keepalive request on beforeunload/pagehide.
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
    void api.openReview({ paperId }).then((r) => {
      if (!live) return;
      if (r.ok) setReview(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [paperId, annotator]);

  const reviewId = review?.id ?? null;
  // Built once per review, from the revision it was loaded at; later revisions reach it
  // through its own save results and adopt(), not by rebuilding it.
  const autosave = useMemo(
    () => (reviewId ? new Autosave(reviewId, (input) => api.saveReview(input), unloadSave, review?.revision) : null),
    [reviewId],
  );

  useEffect(() => {
    if (!autosave) return;
    const onUnload = () => autosave.flushOnUnload();
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('pagehide', onUnload);
    const stopTime = trackActiveTime((ms) => autosave.addTime(ms));
    const timer = setInterval(() => autosave.reportTime(), TIME_REPORT_MS);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      window.removeEventListener('pagehide', onUnload);
      clearInterval(timer);
      stopTime();
      void autosave.flush().then(() => autosave.dispose());
    };
  }, [autosave]);

  /** Replace the review after a server-side change; `remount` re-creates the editors. */
  const adopt = (v: ReviewView, remount: boolean) => {
    // Only a replaced text moves the autosave on; a status change leaves the editors (and so
    // the revision they were based on) as they are, or another tab's save would go unseen.
    if (remount) autosave?.adopt(v.revision);
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
  return { review, error, annotatorMissing: settings !== null && !annotator, autosave, epoch, adopt, loadTheirs };
}
