import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaperDetail } from '../../../shared/contract/library';
import { api } from '../../api/client';
import { useSettings } from '../../settings-context';
import './i18n';
import './review.css';
import { AnchorsPanel } from './AnchorsPanel';
import { CiteBar } from './CiteBar';
import { ConflictBanner } from './ConflictBanner';
import { AnnotatorDialog, EmptySectionsDialog, ReasonDialog, ShortcutsDialog } from './dialogs';
import { DiffView } from './DiffView';
import { DraftPanel } from './DraftPanel';
import { HistoryPanel } from './HistoryPanel';
import { QueueNav } from './QueueNav';
import type { ReaderBridge, ReaderSelection } from './reader-bridge';
import { LabelsField, NotesField, ScoreFields } from './ReviewFields';
import { ReviewActions, SaveIndicator } from './ReviewActions';
import { SectionEditor } from './SectionEditor';
import type { Autosave } from './autosave';
import type { ReviewView } from '../../../shared/contract/review';
import { useReviewPane, type ReviewPaneModel } from './use-review-pane';

interface Props {
  paper: PaperDetail;
  selection: ReaderSelection | null;
  reader: ReaderBridge;
}

/** What the parts below draw from: the pane's model, with the review loaded. */
interface Loaded {
  m: ReviewPaneModel;
  review: ReviewView;
  autosave: Autosave;
}

/** The right half of the workspace: the annotator's review of one paper. */
export function ReviewPane({ paper, selection, reader }: Props) {
  const { t } = useTranslation();
  const { update } = useSettings();
  const m = useReviewPane(paper, selection, reader);
  const pane = useRef<HTMLElement>(null);
  const { review, error, annotatorMissing, autosave, loadTheirs } = m.r;
  const { p, act } = m;

  if (annotatorMissing) return <AnnotatorDialog onSave={(name) => void update({ annotator: name })} />;
  if (error) return <p role="alert">{error.message}</p>;
  if (!review || !autosave) return <p aria-busy="true">{t('review.loading')}</p>;
  const id = review.id;
  const loaded: Loaded = { m, review, autosave };

  return (
    <section className="review-pane" aria-label={t('review.region')} ref={pane} tabIndex={-1}>
      <header className="review-top">
        <QueueNav queue={m.queue} onGo={m.go} />
        <SaveIndicator autosave={autosave} />
        <button
          type="button"
          className="link"
          onClick={() => p.setHelp(true)}
          aria-label={t('review.action.shortcuts')}
          title={t('review.action.shortcuts')}
        >
          ?
        </button>
      </header>
      <ConflictBanner
        autosave={autosave}
        onKeepMine={() => void autosave.keepMine(m.ed.read())}
        onLoadTheirs={() => void loadTheirs()}
      />
      <DraftPanel
        ref={m.drafts}
        paper={paper}
        basedOn={review.draftId}
        onFinished={m.onDraftFinished}
        onUse={(d) => void act(() => api.baseReviewOnDraft({ reviewId: id, draftId: d }), true)}
      />
      <ReviewActions
        review={review}
        diff={p.diff}
        history={p.history}
        onApprove={m.approve}
        onApproveUnchanged={() => void act(() => api.approveUnchanged({ reviewId: id }))}
        onSkip={() => p.setReason('skipped')}
        onReject={() => p.setReason('rejected')}
        onReopen={() => void act(() => api.setReviewStatus({ reviewId: id, status: 'in_progress' }))}
        onToggleDiff={() => p.setDiff((d) => !d)}
        onToggleHistory={() => p.setHistory((h) => !h)}
      />
      {p.notice && (
        <p role="alert" className="notice">
          {p.notice}
        </p>
      )}
      <CiteBar selection={selection} target={m.targetTitle} citedInto={p.citedInto} onCite={m.cite} />
      <ComparePanels {...loaded} />
      <ReviewSections {...loaded} onLeave={() => pane.current?.focus()} />
      <AnchorsPanel anchors={m.anchors} unresolved={m.unresolved} onShow={(a) => void m.showAnchor(a)} />
      <PaneDialogs {...loaded} />
    </section>
  );
}

/** The diff against the draft and the revision history, when shown. */
function ComparePanels({ m, review, autosave }: Loaded) {
  const { p } = m;
  return (
    <>
      {p.diff && (
        <DiffView
          key={`diff-${m.r.epoch}`}
          sideBySide={p.sideBySide}
          onSideBySide={p.setSideBySide}
          template={review.template}
          draft={review.draft?.sections ?? null}
          read={m.ed.read}
          autosave={autosave}
        />
      )}
      {p.history && (
        <HistoryPanel
          reviewId={review.id}
          revisionCount={review.revisionCount}
          template={review.template}
          read={m.ed.read}
          onRestore={(rev) =>
            void m.act(() => api.restoreReviewRevision({ reviewId: review.id, revisionId: rev }), true)
          }
        />
      )}
    </>
  );
}

/** One editor per template section, then scores, notes and labels; remounted on a new epoch. */
function ReviewSections({ m, review, autosave, onLeave }: Loaded & { onLeave(): void }) {
  const { t } = useTranslation();
  const epoch = m.r.epoch;
  return (
    <div className="review-sections" key={`sections-${epoch}`}>
      {m.sections.map((s) => (
        <SectionEditor
          key={s.id}
          section={s}
          initial={review.sections[s.id] ?? ''}
          placeholderText={t('review.section.empty')}
          citeTarget={s.id === m.targetId}
          onEdit={(sid, get) => autosave.section(sid, get)}
          onFocus={(sid) => m.p.setTarget(sid)}
          onLeave={onLeave}
          onCite={(quote, page) => void m.showAnchor({ page, quote, before: '', after: '' })}
          register={(sid, view) =>
            view ? m.ed.editors.current.set(sid, view) : m.ed.editors.current.delete(sid)
          }
        />
      ))}
      <ScoreFields
        key={`scores-${epoch}`}
        scores={review.template.scores}
        initial={review.scores}
        onChange={(sc) => autosave.set('scores', sc)}
      />
      <NotesField key={`notes-${epoch}`} initial={review.notes} onChange={(n) => autosave.set('notes', n)} />
      <LabelsField labels={m.labels} onChange={m.changeLabels} />
    </div>
  );
}

/** Skip/reject with a reason, "approve with empty sections?", and the shortcuts list. */
function PaneDialogs({ m, review }: Loaded) {
  const { p, act } = m;
  const id = review.id;
  const reason = p.reason;
  return (
    <>
      {reason && (
        <ReasonDialog
          status={reason}
          onClose={() => p.setReason(null)}
          onConfirm={(why) => {
            p.setReason(null);
            void act(() => api.setReviewStatus({ reviewId: id, status: reason, reason: why }));
          }}
        />
      )}
      {p.emptyAsk && (
        <EmptySectionsDialog
          titles={p.emptyAsk}
          onBack={() => {
            const first = m.sections.find((s) => s.title === p.emptyAsk?.[0]);
            p.setEmptyAsk(null);
            // After the dialog has closed and handed focus back.
            setTimeout(() => m.ed.focusSection(first?.id), 0);
          }}
          onConfirm={() => {
            p.setEmptyAsk(null);
            void act(() => api.setReviewStatus({ reviewId: id, status: 'approved' }));
          }}
        />
      )}
      {p.help && <ShortcutsDialog onClose={() => p.setHelp(false)} />}
    </>
  );
}
