import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorView } from '@codemirror/view';
import { ReviewLabel, type Anchor, type ReviewView } from '../../../shared/contract/review';
import type { PaperDetail } from '../../../shared/contract/library';
import type { Result } from '../../../shared/errors';
import { api } from '../../api/client';
import { useSettings } from '../../settings-context';
import { navigate } from '../../navigation';
import './i18n';
import './review.css';
import { AnchorsPanel } from './AnchorsPanel';
import { CiteBar } from './CiteBar';
import { ConflictBanner } from './ConflictBanner';
import { AnnotatorDialog, EmptySectionsDialog, ReasonDialog, ShortcutsDialog } from './dialogs';
import { DiffView } from './DiffView';
import { DraftPanel, type DraftPanelHandle } from './DraftPanel';
import { HistoryPanel } from './HistoryPanel';
import { QueueNav, useQueue } from './QueueNav';
import type { ReaderBridge, ReaderSelection } from './reader-bridge';
import { LabelsField, NotesField, ScoreFields, toggleLabel } from './ReviewFields';
import { ReviewActions, SaveIndicator } from './ReviewActions';
import { SectionEditor, insertCitation } from './SectionEditor';
import { useWorkspaceShortcuts } from './use-shortcuts';
import { useAnchors } from './use-anchors';
import { useReview } from './use-review';
import { rememberLastPaper } from './queue-filter';

interface Props {
  paper: PaperDetail;
  selection: ReaderSelection | null;
  reader: ReaderBridge;
}

const FLASH_MS = 1500;

/** The right half of the workspace: the annotator's review of one paper. */
export function ReviewPane({ paper, selection, reader }: Props) {
  const { t } = useTranslation();
  const { update } = useSettings();
  const { review, error, annotatorMissing, autosave, epoch, adopt, ensureStored, loadTheirs } = useReview(
    paper.id,
  );
  const queue = useQueue(paper.id);
  const editors = useRef(new Map<string, EditorView>());
  const pane = useRef<HTMLElement>(null);
  const drafts = useRef<DraftPanelHandle>(null);
  const [unresolved, setUnresolved] = useState<ReadonlySet<string>>(new Set());
  const [diff, setDiff] = useState(false);
  const [sideBySide, setSideBySide] = useState(false);
  const [history, setHistory] = useState(false);
  const [reason, setReason] = useState<'skipped' | 'rejected' | null>(null);
  const [emptyAsk, setEmptyAsk] = useState<string[] | null>(null);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** The section "Cite" inserts into: the one focused last (the first until one is). */
  const [target, setTarget] = useState<string | null>(null);
  const [citedInto, setCitedInto] = useState<string | null>(null);
  const [labels, setLabels] = useState<ReviewLabel[]>([]);

  const read = useCallback(
    () => Object.fromEntries([...editors.current].map(([id, v]) => [id, v.state.doc.toString()])),
    [],
  );
  const resetKey = `${review?.id ?? ''}:${epoch}`;
  const { anchors, add: addAnchor } = useAnchors(review?.anchors, resetKey, autosave, read);
  useEffect(() => rememberLastPaper({ id: paper.id, title: paper.title }), [paper.id, paper.title]);
  const resetLabels = useEffectEvent(() => setLabels(review?.labels ?? []));
  useEffect(() => resetLabels(), [resetKey]);

  /** Runs a server-side change after the review exists and pending edits are stored, and shows its outcome. */
  const act = useCallback(
    async (call: () => Promise<Result<ReviewView>>, remount = false) => {
      if (!autosave) return;
      if (!(await ensureStored()) || !(await autosave.flush())) return;
      const r = await call();
      if (r.ok) {
        adopt(r.value, remount);
        setNotice(null);
      } else setNotice(r.error.message);
    },
    [autosave, adopt, ensureStored],
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

  const sections = review?.template.sections ?? [];
  const targetId = target ?? sections[0]?.id ?? '';
  const targetTitle = sections.find((s) => s.id === targetId)?.title ?? '';

  const cite = () => {
    if (!selection || !autosave) return setNotice(t('review.anchors.noSelection'));
    const view = editors.current.get(targetId);
    if (!view) return;
    // Never focused yet: the quote goes at the end, not before the text already there.
    if (target === null) view.dispatch({ selection: { anchor: view.state.doc.length } });
    insertCitation(view, selection.text, selection.page);
    addAnchor({
      id: crypto.randomUUID(),
      sectionId: targetId,
      page: selection.page,
      quote: selection.text.replace(/\s+/g, ' ').trim(),
      before: selection.before,
      after: selection.after,
      createdAt: new Date().toISOString(),
    });
    setTarget(targetId);
    setNotice(null);
    setCitedInto(targetTitle);
    flash(targetId);
  };

  const approve = () => {
    if (!review) return;
    const texts = read();
    const empty = sections.filter((s) => !(texts[s.id] ?? '').trim());
    // All empty is refused by the server with its own message; some empty is the annotator's call.
    if (empty.length > 0 && empty.length < sections.length) return setEmptyAsk(empty.map((s) => s.title));
    void act(() => api.setReviewStatus({ reviewId: review.id, status: 'approved' }));
  };

  const focusSection = (id: string | undefined) => {
    const view = id ? editors.current.get(id) : undefined;
    if (!view) return;
    view.focus();
    view.dom.scrollIntoView({ block: 'nearest' });
  };

  const changeLabels = (next: ReviewLabel[]) => {
    setLabels(next);
    autosave?.set('labels', next);
  };

  useWorkspaceShortcuts({
    approve,
    approveUnchanged: () => review && void act(() => api.approveUnchanged({ reviewId: review.id })),
    skip: () => review && setReason('skipped'),
    reject: () => review && setReason('rejected'),
    previous: () => go(queue?.prevId),
    next: () => go(queue?.nextId),
    cite,
    toggleDiff: () => setDiff((d) => !d),
    sideBySide: () => {
      setDiff(true);
      setSideBySide((s) => !s);
    },
    regenerate: () => drafts.current?.regenerate(),
    find: () => reader.openFind(),
    help: () => setHelp(true),
    label: (n) => {
      const l = ReviewLabel.options[n - 1];
      if (l && review) changeLabels(toggleLabel(labels, l));
    },
    section: (n) => focusSection(sections[n - 1]?.id),
  });

  const onDraftFinished = useCallback(
    (draftId: string) => {
      if (!review) return;
      // Still only a preview: a blank one is opened again from the new draft (nothing is
      // stored yet); one already showing a draft keeps it, as a written review would.
      if (review.stored === false) {
        if (review.draftId === null) {
          void api
            .openReview({ paperId: review.paperId, draftId, preview: true })
            .then((r) => r.ok && adopt(r.value, true));
        }
        return;
      }
      // A review nobody has written in yet simply starts from the new draft.
      if (Object.values(read()).every((x) => !x.trim())) {
        void act(() => api.baseReviewOnDraft({ reviewId: review.id, draftId }), true);
      }
    },
    [review, read, act, adopt],
  );

  if (annotatorMissing) return <AnnotatorDialog onSave={(name) => void update({ annotator: name })} />;
  if (error) return <p role="alert">{error.message}</p>;
  if (!review || !autosave) return <p aria-busy="true">{t('review.loading')}</p>;
  const id = review.id;

  return (
    <section className="review-pane" aria-label={t('review.region')} ref={pane} tabIndex={-1}>
      <header className="review-top">
        <QueueNav queue={queue} onGo={go} />
        <SaveIndicator autosave={autosave} />
        <button
          type="button"
          className="link"
          onClick={() => setHelp(true)}
          aria-label={t('review.action.shortcuts')}
          title={t('review.action.shortcuts')}
        >
          ?
        </button>
      </header>
      <ConflictBanner
        autosave={autosave}
        onKeepMine={() => void autosave.keepMine(read())}
        onLoadTheirs={() => void loadTheirs()}
      />
      <DraftPanel
        ref={drafts}
        paper={paper}
        basedOn={review.draftId}
        onFinished={onDraftFinished}
        onUse={(d) => void act(() => api.baseReviewOnDraft({ reviewId: id, draftId: d }), true)}
      />
      <ReviewActions
        review={review}
        diff={diff}
        history={history}
        onApprove={approve}
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
      <CiteBar selection={selection} target={targetTitle} citedInto={citedInto} onCite={cite} />
      {diff && (
        <DiffView
          key={`diff-${epoch}`}
          sideBySide={sideBySide}
          onSideBySide={setSideBySide}
          template={review.template}
          draft={review.draft?.sections ?? null}
          read={read}
          autosave={autosave}
        />
      )}
      {history && (
        <HistoryPanel
          reviewId={id}
          revisionCount={review.revisionCount}
          template={review.template}
          read={read}
          onRestore={(rev) =>
            void act(() => api.restoreReviewRevision({ reviewId: id, revisionId: rev }), true)
          }
        />
      )}
      <div className="review-sections" key={`sections-${epoch}`}>
        {sections.map((s) => (
          <SectionEditor
            key={s.id}
            section={s}
            initial={review.sections[s.id] ?? ''}
            placeholderText={t('review.section.empty')}
            citeTarget={s.id === targetId}
            onEdit={(sid, get) => autosave.section(sid, get)}
            onFocus={(sid) => setTarget(sid)}
            onLeave={() => pane.current?.focus()}
            onCite={(quote, page) => void showAnchor({ page, quote, before: '', after: '' })}
            register={(sid, view) => (view ? editors.current.set(sid, view) : editors.current.delete(sid))}
          />
        ))}
        <ScoreFields
          key={`scores-${epoch}`}
          scores={review.template.scores}
          initial={review.scores}
          onChange={(sc) => autosave.set('scores', sc)}
        />
        <NotesField
          key={`notes-${epoch}`}
          initial={review.notes}
          onChange={(n) => autosave.set('notes', n)}
        />
        <LabelsField labels={labels} onChange={changeLabels} />
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
      {emptyAsk && (
        <EmptySectionsDialog
          titles={emptyAsk}
          onBack={() => {
            const first = sections.find((s) => s.title === emptyAsk[0]);
            setEmptyAsk(null);
            // After the dialog has closed and handed focus back.
            setTimeout(() => focusSection(first?.id), 0);
          }}
          onConfirm={() => {
            setEmptyAsk(null);
            void act(() => api.setReviewStatus({ reviewId: id, status: 'approved' }));
          }}
        />
      )}
      {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
    </section>
  );
}

/** Brings a section into view and flashes it, so the annotator sees where a quote went. */
function flash(sectionId: string): void {
  const el = document.querySelector<HTMLElement>(
    `section.review-section[data-section="${CSS.escape(sectionId)}"]`,
  );
  if (!el) return;
  el.scrollIntoView({ block: 'nearest' });
  el.classList.add('cite-flash');
  setTimeout(() => el.classList.remove('cite-flash'), FLASH_MS);
}
