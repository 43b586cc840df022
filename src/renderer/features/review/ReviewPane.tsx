import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorView } from '@codemirror/view';
import type { Anchor, ReviewView } from '../../../shared/contract/review';
import type { PaperDetail } from '../../../shared/contract/library';
import type { Result } from '../../../shared/errors';
import { api } from '../../api/client';
import { useSettings } from '../../settings-context';
import { navigate } from '../../navigation';
import './i18n';
import './review.css';
import { AnchorsPanel } from './AnchorsPanel';
import { ConflictBanner } from './ConflictBanner';
import { AnnotatorDialog, ReasonDialog, ShortcutsDialog } from './dialogs';
import { DiffView } from './DiffView';
import { DraftPanel, type DraftPanelHandle } from './DraftPanel';
import { HistoryPanel } from './HistoryPanel';
import { QueueNav, useQueue } from './QueueNav';
import type { ReaderBridge, ReaderSelection } from './reader-bridge';
import { LabelsField, NotesField, ScoreFields } from './ReviewFields';
import { ReviewActions, SaveIndicator } from './ReviewActions';
import { SectionEditor, insertCitation } from './SectionEditor';
import { useWorkspaceShortcuts } from './use-shortcuts';
import { useReview } from './use-review';
import { rememberLastPaper } from './queue-filter';

interface Props {
  paper: PaperDetail;
  selection: ReaderSelection | null;
  reader: ReaderBridge;
}

/** The right half of the workspace: the annotator's review of one paper. */
export function ReviewPane({ paper, selection, reader }: Props) {
  const { t } = useTranslation();
  const { update } = useSettings();
  const { review, error, annotatorMissing, autosave, epoch, adopt, loadTheirs } = useReview(paper.id);
  const queue = useQueue(paper.id);
  const editors = useRef(new Map<string, EditorView>());
  const focused = useRef<{ id: string; view: EditorView } | null>(null);
  const drafts = useRef<DraftPanelHandle>(null);
  const [anchors, setAnchors] = useState<Anchor[]>([]);
  const [unresolved, setUnresolved] = useState<ReadonlySet<string>>(new Set());
  const [diff, setDiff] = useState(false);
  const [history, setHistory] = useState(false);
  const [reason, setReason] = useState<'skipped' | 'rejected' | null>(null);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => rememberLastPaper({ id: paper.id, title: paper.title }), [paper.id, paper.title]);
  // Reset the local anchor list only when a (re)loaded review replaces the text.
  useEffect(() => setAnchors(review?.anchors ?? []), [review?.id, epoch]);

  const read = useCallback(
    () => Object.fromEntries([...editors.current].map(([id, v]) => [id, v.state.doc.toString()])),
    [],
  );

  /** Runs a server-side change after pending edits are stored, and shows its outcome. */
  const act = useCallback(
    async (call: () => Promise<Result<ReviewView>>, remount = false) => {
      if (!autosave) return;
      if (!(await autosave.flush())) return;
      const r = await call();
      if (r.ok) {
        adopt(r.value, remount);
        setNotice(null);
      } else setNotice(r.error.message);
    },
    [autosave, adopt],
  );

  const go = useCallback(
    (id: string | null | undefined) => {
      if (!id) return;
      void (autosave?.flush() ?? Promise.resolve()).then(() => navigate({ page: 'paper', paperId: id }));
    },
    [autosave],
  );

  const showAnchor = useCallback(
    async (a: Pick<Anchor, 'page' | 'quote' | 'before' | 'after'> & { id?: string }) => {
      const found = await reader.scrollToQuote(a.page, a.quote, { before: a.before, after: a.after });
      const match = a.id ?? anchors.find((x) => x.quote === a.quote && x.page === a.page)?.id;
      if (!match) return;
      setUnresolved((s) => {
        const next = new Set(s);
        if (found) next.delete(match);
        else next.add(match);
        return next;
      });
    },
    [reader, anchors],
  );

  const cite = useCallback(() => {
    if (!selection || !autosave) return setNotice(t('review.anchors.noSelection'));
    const target = focused.current;
    if (!target || !target.view.dom.isConnected) return setNotice(t('review.anchors.noFocus'));
    insertCitation(target.view, selection.text, selection.page);
    const anchor: Anchor = {
      id: crypto.randomUUID(),
      sectionId: target.id,
      page: selection.page,
      quote: selection.text.replace(/\s+/g, ' ').trim(),
      before: selection.before,
      after: selection.after,
      createdAt: new Date().toISOString(),
    };
    setAnchors((list) => {
      const next = [...list, anchor];
      autosave.set('anchors', next);
      return next;
    });
    setNotice(null);
  }, [selection, autosave, t]);

  useWorkspaceShortcuts({
    approve: () => review && void act(() => api.setReviewStatus({ reviewId: review.id, status: 'approved' })),
    previous: () => go(queue?.prevId),
    next: () => go(queue?.nextId),
    toggleDiff: () => setDiff((d) => !d),
    regenerate: () => drafts.current?.regenerate(),
    find: () => reader.openFind(),
    help: () => setHelp(true),
  });

  const onDraftFinished = useCallback(
    (draftId: string) => {
      // A review nobody has written in yet simply starts from the new draft.
      if (review && Object.values(read()).every((x) => !x.trim())) {
        void act(() => api.baseReviewOnDraft({ reviewId: review.id, draftId }), true);
      }
    },
    [review, read, act],
  );

  if (annotatorMissing) return <AnnotatorDialog onSave={(name) => void update({ annotator: name })} />;
  if (error) return <p role="alert">{error.message}</p>;
  if (!review || !autosave) return <p aria-busy="true">{t('review.loading')}</p>;
  const id = review.id;

  return (
    <section className="review-pane" aria-label={t('review.region')}>
      <header className="review-top">
        <QueueNav queue={queue} onGo={go} />
        <SaveIndicator autosave={autosave} />
        <button type="button" className="link" onClick={() => setHelp(true)} aria-label={t('review.action.shortcuts')}>
          ?
        </button>
      </header>
      <ConflictBanner autosave={autosave} onKeepMine={() => void autosave.keepMine(read())} onLoadTheirs={() => void loadTheirs()} />
      <DraftPanel ref={drafts} paper={paper} basedOn={review.draftId} onFinished={onDraftFinished} onUse={(d) => void act(() => api.baseReviewOnDraft({ reviewId: id, draftId: d }), true)} />
      <ReviewActions
        review={review}
        diff={diff}
        history={history}
        onApprove={() => void act(() => api.setReviewStatus({ reviewId: id, status: 'approved' }))}
        onApproveUnchanged={() => void act(() => api.approveUnchanged({ reviewId: id }))}
        onSkip={() => setReason('skipped')}
        onReject={() => setReason('rejected')}
        onReopen={() => void act(() => api.setReviewStatus({ reviewId: id, status: 'in_progress' }))}
        onToggleDiff={() => setDiff((d) => !d)}
        onToggleHistory={() => setHistory((h) => !h)}
      />
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      <div className="cite-bar">
        <button type="button" onClick={cite} disabled={!selection} onMouseDown={(e) => e.preventDefault()}>
          {t('review.action.cite')}
        </button>
        {selection && <small className="muted">“{selection.text.slice(0, 80)}” (p. {selection.page})</small>}
      </div>
      {diff && <DiffView key={`diff-${epoch}`} template={review.template} draft={review.draft?.sections ?? null} read={read} autosave={autosave} />}
      {history && <HistoryPanel reviewId={id} revisionCount={review.revisionCount} onRestore={(rev) => void act(() => api.restoreReviewRevision({ reviewId: id, revisionId: rev }), true)} />}
      <div className="review-sections" key={`sections-${epoch}`}>
        {review.template.sections.map((s) => (
          <SectionEditor
            key={s.id}
            section={s}
            initial={review.sections[s.id] ?? ''}
            placeholderText={t('review.section.empty')}
            onEdit={(sid, get) => autosave.section(sid, get)}
            onFocus={(sid, view) => (focused.current = { id: sid, view })}
            onCite={(quote, page) => void showAnchor({ page, quote, before: '', after: '' })}
            register={(sid, view) => (view ? editors.current.set(sid, view) : editors.current.delete(sid))}
          />
        ))}
        <ScoreFields key={`scores-${epoch}`} scores={review.template.scores} initial={review.scores} onChange={(sc) => autosave.set('scores', sc)} />
        <NotesField key={`notes-${epoch}`} initial={review.notes} onChange={(n) => autosave.set('notes', n)} />
        <LabelsField initial={review.labels} onChange={(l) => autosave.set('labels', l)} />
      </div>
      <AnchorsPanel anchors={anchors} unresolved={unresolved} onShow={(a) => void showAnchor(a)} />
      {reason && (
        <ReasonDialog
          status={reason}
          onClose={() => setReason(null)}
          onConfirm={(why) => {
            setReason(null);
            void act(() => api.setReviewStatus({ reviewId: id, status: reason, reason: why }));
          }}
        />
      )}
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </section>
  );
}
