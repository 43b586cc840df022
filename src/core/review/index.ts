/** The correction workspace's core: reviews opened from drafts, autosaved, approved. */
export { openReview, getReviewView, saveReview, resolveAnnotator, toView, mustReview } from './service';
export { setReviewStatus, approveUnchanged, restoreRevision, baseOnDraft } from './status';
export { listRevisionSummaries, revisionDetail, BURST_GAP_MS, MAX_BURST_MS } from './revisions';
export { reviewQueue } from './queue';
