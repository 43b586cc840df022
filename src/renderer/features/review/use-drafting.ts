import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftPlan, ModelInfo } from '../../../shared/contract/engine';
import type { PaperDetail } from '../../../shared/contract/library';
import { api } from '../../api/client';
import { DraftStream } from './draft-stream';

type SetError = (message: string | null) => void;

/** The registered models and the chosen one (the first, until the annotator picks). */
function useModelChoice(setError: SetError) {
  const { t } = useTranslation();
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [modelId, setModelId] = useState('');
  useEffect(() => {
    void api.listModels({}).then((r) => {
      if (!r.ok) return setError(t('review.draft.unavailable', { message: r.error.message }));
      setModels(r.value);
      setModelId((m) => m || r.value[0]?.id || '');
    });
  }, [t, setError]);
  return { models, modelId, setModelId };
}

/** The fit plan of this paper with this model, asked before anything runs. */
function usePlan(paperId: string, modelId: string, noText: boolean, setError: SetError) {
  const [plan, setPlan] = useState<DraftPlan | null>(null);
  /** Why this paper cannot be drafted with this model (the plan was refused); scoped to the paper. */
  const [planError, setPlanError] = useState<string | null>(null);
  useEffect(() => {
    setPlanError(null);
    if (!modelId || noText) return setPlan(null);
    let live = true;
    void api.planDraft({ paperId, modelId }).then((r) => {
      if (!live) return;
      setPlan(r.ok ? r.value : null);
      // Too long for this model is a fact about the paper: it disables Draft here, and only here.
      if (!r.ok && r.error.code === 'does_not_fit') setPlanError(r.error.message);
      else setError(r.ok ? null : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [modelId, paperId, noText, setError]);
  return { plan, setPlan, planError };
}

interface Running {
  requestId: string;
  draftId: string;
}

/** The draft being streamed: its text and tokens so far, fed by draftDelta/draftFinished events. */
function useDraftStream(paperId: string, onFinished: (draftId: string) => void, setError: SetError) {
  const [running, setRunning] = useState<Running | null>(null);
  const [text, setText] = useState('');
  const [tokens, setTokens] = useState(0);
  const [listVersion, setListVersion] = useState(0);
  const runningRef = useRef(running);
  runningRef.current = running;
  const startingRef = useRef(false);
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;
  const stream = useMemo(
    () =>
      new DraftStream(paperId, {
        delta: (d) => {
          setText((x) => x + d.text);
          setTokens(d.tokensOut);
        },
        finished: (d) => {
          setRunning(null);
          setListVersion((v) => v + 1);
          if (d.error) setError(d.error.message);
          if (d.endReason !== 'error') onFinishedRef.current(d.draftId);
        },
      }),
    [paperId, setError],
  );
  useEffect(() => {
    const offDelta = api.on('draftDelta', (d) => stream.delta(d));
    const offDone = api.on('draftFinished', (d) => stream.finished(d));
    return () => {
      offDelta();
      offDone();
    };
  }, [stream]);
  useResumeRunning(paperId, stream, { runningRef, startingRef, setRunning, setText, setTokens });
  return {
    stream,
    running,
    setRunning,
    text,
    setText,
    tokens,
    setTokens,
    listVersion,
    setListVersion,
    runningRef,
    startingRef,
  };
}

/**
 * Back on a paper whose draft is still running: show its text so far and carry on
 * streaming. Events that arrive while asking are held by the stream, then deduplicated.
 */
function useResumeRunning(
  paperId: string,
  stream: DraftStream,
  s: {
    runningRef: { current: Running | null };
    startingRef: { current: boolean };
    setRunning(r: Running): void;
    setText(t: string): void;
    setTokens(n: number): void;
  },
) {
  const { runningRef, startingRef, setRunning, setText, setTokens } = s;
  useEffect(() => {
    let live = true;
    startingRef.current = true;
    stream.begin();
    void api.getRunningDrafts({ paperId }).then((r) => {
      if (!live) return;
      startingRef.current = false;
      const d = r.ok ? r.value[0] : undefined;
      if (!d || runningRef.current) return stream.failed();
      setRunning({ requestId: d.requestId, draftId: d.draftId });
      setText(d.textSoFar);
      setTokens(d.tokensOut);
      stream.resumed(d.requestId, d.textSoFar.length);
    });
    return () => {
      live = false;
      startingRef.current = false;
      stream.failed();
    };
  }, [stream, paperId, runningRef, startingRef, setRunning, setText, setTokens]);
}

/**
 * Drafting one paper from the engine contract: models, the fit plan, the running draft, and
 * start (a regenerate is a new random seed at the chosen temperature). Why drafting is
 * disabled (no text layer, too long for the model) is one string, or null.
 */
export function useDrafting(paper: PaperDetail, onFinished: (draftId: string) => void) {
  const { t } = useTranslation();
  const [error, setErrorState] = useState<string | null>(null);
  const setError = useCallback((m: string | null) => setErrorState(m), []);
  const [temperature, setTemperature] = useState(0.7);
  const noText = paper.warnings.find((w) => w.code === 'no_text_layer');
  const choice = useModelChoice(setError);
  const { plan, setPlan, planError } = usePlan(paper.id, choice.modelId, !!noText, setError);
  const run = useDraftStream(paper.id, onFinished, setError);
  const disabledReason: string | null = noText
    ? t('review.draft.noText', { reason: noText.message })
    : planError
      ? t('review.draft.cannotDraft', { reason: planError })
      : null;
  const disabledRef = useRef(disabledReason);
  disabledRef.current = disabledReason;
  const { modelId } = choice;
  const { stream, runningRef, startingRef, setRunning, setText, setTokens, setListVersion } = run;

  const start = useCallback(
    async (again: boolean) => {
      if (!modelId || runningRef.current || startingRef.current || disabledRef.current) return;
      setText('');
      setTokens(0);
      setError(null);
      // The stream holds events that beat the answer; `starting` guards a second click meanwhile.
      startingRef.current = true;
      stream.begin();
      const r = await api.startDraft({ paperId: paper.id, modelId, sampling: { temperature } });
      startingRef.current = false;
      if (!r.ok) {
        stream.failed();
        return setError(r.error.message);
      }
      setRunning({ requestId: r.value.requestId, draftId: r.value.draftId });
      setPlan(r.value.plan);
      if (again) setListVersion((v) => v + 1);
      stream.started(r.value.requestId); // may finish it at once (setRunning(null) wins)
    },
    [
      modelId,
      paper.id,
      temperature,
      stream,
      runningRef,
      startingRef,
      setRunning,
      setText,
      setTokens,
      setListVersion,
      setPlan,
      setError,
    ],
  );
  return { ...choice, ...run, temperature, setTemperature, plan, error, disabledReason, start };
}
