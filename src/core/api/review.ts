import type { Services } from '../services';
import type { HandlerGroup } from './types';
import { readSettings } from '../store/repos/settings';
import {
  approveUnchanged,
  baseOnDraft,
  getReviewView,
  listRevisionSummaries,
  mustReview,
  openReview,
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
    openReview: ({ paperId, draftId, preview, id }) =>
      openReview(s, {
        paperId,
        ...(draftId ? { draftId } : {}),
        ...(preview ? { preview } : {}),
        ...(id ? { id } : {}),
      }),
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
    // No annotator yet (the first paper opened asks for one): the queue still works, without an ETA.
    getReviewQueue: ({ paperId, filter, hint }) =>
      reviewQueue(s.db, paperId, filter, readSettings(s.db).annotator.trim() || null, hint),
  };
}
