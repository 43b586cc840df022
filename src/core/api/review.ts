import type { Services } from '../services';
import type { HandlerGroup } from './types';
import {
  approveUnchanged,
  baseOnDraft,
  getReviewView,
  listRevisionSummaries,
  mustReview,
  openReview,
  resolveAnnotator,
  restoreRevision,
  reviewQueue,
  revisionDetail,
  saveReview,
  setReviewStatus,
} from '../review';

type ReviewMethod =
  | 'openReview'
  | 'getReview'
  | 'saveReview'
  | 'setReviewStatus'
  | 'approveUnchanged'
  | 'listReviewRevisions'
  | 'getReviewRevision'
  | 'restoreReviewRevision'
  | 'baseReviewOnDraft'
  | 'getReviewQueue';

export function reviewHandlers(s: Services): HandlerGroup<ReviewMethod> {
  return {
    openReview: ({ paperId, draftId }) => openReview(s, { paperId, ...(draftId ? { draftId } : {}) }),
    getReview: ({ paperId, annotator }) => getReviewView(s, paperId, annotator),
    saveReview: (input) => saveReview(s, input),
    setReviewStatus: (input) => setReviewStatus(s, input),
    approveUnchanged: ({ reviewId }) => approveUnchanged(s, reviewId),
    listReviewRevisions: ({ reviewId }) => {
      mustReview(s.db, reviewId);
      return listRevisionSummaries(s.db, reviewId);
    },
    getReviewRevision: ({ revisionId }) => revisionDetail(s.db, revisionId),
    restoreReviewRevision: ({ reviewId, revisionId }) => restoreRevision(s, reviewId, revisionId),
    baseReviewOnDraft: ({ reviewId, draftId }) => baseOnDraft(s, reviewId, draftId),
    getReviewQueue: ({ paperId, filter, hint }) => reviewQueue(s.db, paperId, filter, resolveAnnotator(s), hint),
  };
}
