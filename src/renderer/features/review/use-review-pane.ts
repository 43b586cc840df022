import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorView } from '@codemirror/view';
import { ReviewLabel, type Anchor, type ReviewView } from '../../../shared/contract/review';
import type { PaperDetail } from '../../../shared/contract/library';
import type { Result } from '../../../shared/errors';
import { api } from '../../api/client';
import { navigate } from '../../navigation';
import type { DraftPanelHandle } from './DraftPanel';
import { useQueue } from './QueueNav';
import type { ReaderBridge, ReaderSelection } from './reader-bridge';
import { toggleLabel } from './ReviewFields';
import { insertCitation } from './SectionEditor';
import { useWorkspaceShortcuts } from './use-shortcuts';
import { useAnchors } from './use-anchors';
import { useReview } from './use-review';
import { rememberLastPaper } from './queue-filter';

const FLASH_MS = 1500;

/** The pane's own switches: panels shown, dialogs open, the cite target, the last notice. */
function usePaneState() {
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
  return {
    ...{ diff, setDiff, sideBySide, setSideBySide, history, setHistory, reason, setReason },
    ...{
      emptyAsk,
      setEmptyAsk,
      help,
      setHelp,
      notice,
      setNotice,
      target,
      setTarget,
      citedInto,
      setCitedInto,
    },
  };
}

type PaneState = ReturnType<typeof usePaneState>;
type ReviewState = ReturnType<typeof useReview>;

/**
 * `act` runs a server-side change after the review exists and pending edits are stored, and
 * shows its outcome; `go` opens another paper once the edits here are saved.
 */
function useServerActions(r: ReviewState, setNotice: (m: string | null) => void) {
  const { autosave, adopt, ensureStored } = r;
  const act = useCallback(
    async (call: () => Promise<Result<ReviewView>>, remount = false) => {
      if (!autosave) return;
      if (!(await ensureStored()) || !(await autosave.flush())) return;
      const res = await call();
      if (res.ok) {
        adopt(res.value, remount);
        setNotice(null);
      } else setNotice(res.error.message);
    },
    [autosave, adopt, ensureStored, setNotice],
  );
  const go = useCallback(
    (id: string | null | undefined) => {
      if (!id) return;
      void (autosave?.flush() ?? Promise.resolve()).then(() => navigate({ page: 'paper', paperId: id }));
    },
    [autosave],
  );
  return { act, go };
}

/** Scrolls the reader to an anchor's quote; one it cannot find is marked unresolved. */
function useShowAnchor(reader: ReaderBridge, anchors: Anchor[]) {
  const [unresolved, setUnresolved] = useState<ReadonlySet<string>>(new Set());
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
  return { unresolved, showAnchor };
}

/** The section editors by id, and their texts now. */
function useEditors() {
  const editors = useRef(new Map<string, EditorView>());
  const read = useCallback(
    () => Object.fromEntries([...editors.current].map(([id, v]) => [id, v.state.doc.toString()])),
    [],
  );
  const focusSection = (id: string | undefined) => {
    const view = id ? editors.current.get(id) : undefined;
    if (!view) return;
    view.focus();
    view.dom.scrollIntoView({ block: 'nearest' });
  };
  return { editors, read, focusSection };
}

/** "Cite": the reader's selection as a quote in the target section, kept as an anchor. */
function useCite(
  p: PaneState,
  selection: ReaderSelection | null,
  ctx: { r: ReviewState; editors: ReturnType<typeof useEditors>; addAnchor: (a: Anchor) => void },
) {
  const { t } = useTranslation();
  const sections = ctx.r.review?.template.sections ?? [];
  const targetId = p.target ?? sections[0]?.id ?? '';
  const targetTitle = sections.find((s) => s.id === targetId)?.title ?? '';
  const cite = () => {
    if (!selection || !ctx.r.autosave) return p.setNotice(t('review.anchors.noSelection'));
    const view = ctx.editors.editors.current.get(targetId);
    if (!view) return;
    // Never focused yet: the quote goes at the end, not before the text already there.
    if (p.target === null) view.dispatch({ selection: { anchor: view.state.doc.length } });
    insertCitation(view, selection.text, selection.page);
    ctx.addAnchor({
      id: crypto.randomUUID(),
      sectionId: targetId,
      page: selection.page,
      quote: selection.text.replace(/\s+/g, ' ').trim(),
      before: selection.before,
      after: selection.after,
      createdAt: new Date().toISOString(),
    });
    p.setTarget(targetId);
    p.setNotice(null);
    p.setCitedInto(targetTitle);
    flash(targetId);
  };
  return { cite, targetId, targetTitle };
}

/** A finished draft becomes the review's text when nothing has been written yet. */
function useDraftFinished(r: ReviewState, read: () => Record<string, string>, act: ServerActions['act']) {
  const { review, adopt } = r;
  return useCallback(
    (draftId: string) => {
      if (!review) return;
      // Still only a preview: a blank one is opened again from the new draft (nothing is
      // stored yet); one already showing a draft keeps it, as a written review would.
      if (review.stored === false) {
        if (review.draftId === null) {
          void api
            .openReview({ paperId: review.paperId, draftId, preview: true })
            .then((res) => res.ok && adopt(res.value, true));
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
}

type ServerActions = ReturnType<typeof useServerActions>;

/**
 * Everything the review pane does, apart from drawing it: the review and its autosave, the
 * queue, the editors, citing, approving (asking first when some sections are empty),
 * labels, and the workspace's keyboard shortcuts.
 */
export function useReviewPane(paper: PaperDetail, selection: ReaderSelection | null, reader: ReaderBridge) {
  const r = useReview(paper.id);
  const queue = useQueue(paper.id);
  const ed = useEditors();
  const p = usePaneState();
  const drafts = useRef<DraftPanelHandle>(null);
  const [labels, setLabels] = useState<ReviewLabel[]>([]);
  const resetKey = `${r.review?.id ?? ''}:${r.epoch}`;
  const { anchors, add: addAnchor } = useAnchors(r.review?.anchors, resetKey, r.autosave, ed.read);
  useEffect(() => rememberLastPaper({ id: paper.id, title: paper.title }), [paper.id, paper.title]);
  // The labels follow the review only when another review (or a reload) comes in: resetKey.
  const resetLabels = useEffectEvent(() => setLabels(r.review?.labels ?? []));
  useEffect(() => resetLabels(), [resetKey]);
  const { act, go } = useServerActions(r, p.setNotice);
  const { unresolved, showAnchor } = useShowAnchor(reader, anchors);
  const { cite, targetId, targetTitle } = useCite(p, selection, { r, editors: ed, addAnchor });
  const sections = r.review?.template.sections ?? [];
  const approve = () => {
    if (!r.review) return;
    const texts = ed.read();
    const empty = sections.filter((s) => !(texts[s.id] ?? '').trim());
    // All empty is refused by the server with its own message; some empty is the annotator's call.
    if (empty.length > 0 && empty.length < sections.length) return p.setEmptyAsk(empty.map((s) => s.title));
    void act(() => api.setReviewStatus({ reviewId: r.review!.id, status: 'approved' }));
  };
  const changeLabels = (next: ReviewLabel[]) => {
    setLabels(next);
    r.autosave?.set('labels', next);
  };
  const review = r.review;
  useWorkspaceShortcuts({
    approve,
    approveUnchanged: () => review && void act(() => api.approveUnchanged({ reviewId: review.id })),
    skip: () => review && p.setReason('skipped'),
    reject: () => review && p.setReason('rejected'),
    previous: () => go(queue?.prevId),
    next: () => go(queue?.nextId),
    cite,
    toggleDiff: () => p.setDiff((d) => !d),
    sideBySide: () => {
      p.setDiff(true);
      p.setSideBySide((s) => !s);
    },
    regenerate: () => drafts.current?.regenerate(),
    find: () => reader.openFind(),
    help: () => p.setHelp(true),
    label: (n) => {
      const l = ReviewLabel.options[n - 1];
      if (l && review) changeLabels(toggleLabel(labels, l));
    },
    section: (n) => ed.focusSection(sections[n - 1]?.id),
  });
  const onDraftFinished = useDraftFinished(r, ed.read, act);
  return {
    ...{ r, queue, ed, p, drafts, labels, changeLabels, anchors, unresolved, showAnchor },
    ...{ act, go, cite, targetId, targetTitle, approve, onDraftFinished, sections },
  };
}

export type ReviewPaneModel = ReturnType<typeof useReviewPane>;

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
