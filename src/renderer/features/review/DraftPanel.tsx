import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftPlan, ModelInfo } from '../../../shared/contract/engine';
import type { PaperDetail } from '../../../shared/contract/library';
import { api } from '../../api/client';
import { CancelLoadButton, useModelLoad } from '../../components/ModelLoad';
import { DraftList } from './DraftList';
import { DraftStream } from './draft-stream';
import { withKey } from './shortcut-keys';

export interface DraftPanelHandle {
  regenerate(): void;
}

interface Props {
  paper: PaperDetail;
  basedOn: string | null;
  onUse(draftId: string): void;
  /** A draft finished (done, stopped or cut at the length limit). */
  onFinished(draftId: string): void;
  ref?: Ref<DraftPanelHandle>;
}

/**
 * Drafting from the engine contract (src/shared/contract/engine.ts): pick a model, see the
 * fit plan (what would be trimmed) before anything runs, stream the text as draftDelta
 * events arrive, stop, regenerate with another seed/temperature. Each run is a new draft.
 * Reopening a paper whose draft still runs picks it up again (getRunningDrafts); a model
 * load in progress shows here with "Cancel loading".
 */
export function DraftPanel({ paper, basedOn, onUse, onFinished, ref }: Props) {
  const { t } = useTranslation();
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [modelId, setModelId] = useState('');
  const [temperature, setTemperature] = useState(0.7);
  const [plan, setPlan] = useState<DraftPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Why this paper cannot be drafted with this model (the plan was refused); scoped to the paper. */
  const [planError, setPlanError] = useState<string | null>(null);
  const [running, setRunning] = useState<{ requestId: string; draftId: string } | null>(null);
  const [text, setText] = useState('');
  const [tokens, setTokens] = useState(0);
  const [listVersion, setListVersion] = useState(0);
  const runningRef = useRef(running);
  runningRef.current = running;
  const startingRef = useRef(false);
  const { loading } = useModelLoad();

  const noText = paper.warnings.find((w) => w.code === 'no_text_layer');
  useEffect(() => {
    void api.listModels({}).then((r) => {
      if (!r.ok) return setError(t('review.draft.unavailable', { message: r.error.message }));
      setModels(r.value);
      setModelId((m) => m || r.value[0]?.id || '');
    });
  }, [t]);

  useEffect(() => {
    setPlanError(null);
    if (!modelId || noText) return setPlan(null);
    let live = true;
    void api.planDraft({ paperId: paper.id, modelId }).then((r) => {
      if (!live) return;
      setPlan(r.ok ? r.value : null);
      // Too long for this model is a fact about the paper: it disables Draft here, and only here.
      if (!r.ok && r.error.code === 'does_not_fit') setPlanError(r.error.message);
      else setError(r.ok ? null : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [modelId, paper.id, noText]);

  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;
  const stream = useMemo(
    () =>
      new DraftStream(paper.id, {
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
    [paper.id],
  );
  useEffect(() => {
    const offDelta = api.on('draftDelta', (d) => stream.delta(d));
    const offDone = api.on('draftFinished', (d) => stream.finished(d));
    return () => {
      offDelta();
      offDone();
    };
  }, [stream]);

  // Back on a paper whose draft is still running: show its text so far and carry on
  // streaming. Events that arrive while asking are held by the stream, then deduplicated.
  useEffect(() => {
    let live = true;
    startingRef.current = true;
    stream.begin();
    void api.getRunningDrafts({ paperId: paper.id }).then((r) => {
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
  }, [stream, paper.id]);

  const disabledReason: string | null = noText
    ? t('review.draft.noText', { reason: noText.message })
    : planError
      ? t('review.draft.cannotDraft', { reason: planError })
      : null;
  const disabledRef = useRef(disabledReason);
  disabledRef.current = disabledReason;

  const start = useCallback(
    async (again: boolean) => {
      if (!modelId || runningRef.current || startingRef.current || disabledRef.current) return;
      setText('');
      setTokens(0);
      setError(null);
      // A regenerate is a new random seed (the engine picks and records it) at the chosen temperature.
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
    [modelId, paper.id, temperature, stream],
  );
  useImperativeHandle(ref, () => ({ regenerate: () => void start(true) }), [start]);

  return (
    <section className="draft-panel" aria-label={t('review.draft.title')}>
      {disabledReason && (
        <p className="warning" role="note" id={`draft-disabled-${paper.id}`}>
          {disabledReason}
        </p>
      )}
      {models && models.length === 0 && <p className="muted">{t('review.draft.noModels')}</p>}
      <div className="toolbar">
        <label>
          {t('review.draft.model')}{' '}
          <select
            value={modelId}
            onChange={(e) => setModelId(e.target.value)}
            disabled={!models?.length || !!running}
          >
            {(models ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name ?? m.fileName}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('review.draft.temperature')}{' '}
          <input
            type="number"
            min={0}
            max={2}
            step={0.1}
            value={temperature}
            onChange={(e) => setTemperature(Number(e.target.value))}
          />
        </label>
        <button
          type="button"
          disabled={!modelId || !!running || !!disabledReason}
          title={disabledReason ?? undefined}
          aria-describedby={disabledReason ? `draft-disabled-${paper.id}` : undefined}
          onClick={() => void start(false)}
        >
          {t('review.draft.draft')}
        </button>
        <button
          type="button"
          disabled={!running}
          onClick={() => running && void api.stopDraft({ requestId: running.requestId })}
        >
          {t('review.draft.stop')}
        </button>
        <button
          type="button"
          disabled={!modelId || !!running || !!disabledReason}
          title={disabledReason ?? withKey(t('review.draft.regenerate'), 'regenerate')}
          onClick={() => void start(true)}
        >
          {t('review.draft.regenerate')}
        </button>
      </div>
      {loading && loading.modelId === modelId && !running && (
        <p className="muted" aria-live="polite">
          {t('review.draft.loadingModel', { percent: Math.floor((loading.progress ?? 0) * 100) })}{' '}
          <CancelLoadButton modelId={loading.modelId} />
        </p>
      )}
      {plan && !running && <PlanView plan={plan} />}
      {error && <p role="alert">{error}</p>}
      {(running || text) && (
        <>
          {running && (
            <p className="muted" aria-live="polite">
              {t('review.draft.streaming', { tokens })}
            </p>
          )}
          <pre className="draft-stream" aria-label={t('review.draft.stream')}>
            {text}
          </pre>
        </>
      )}
      <DraftList
        paperId={paper.id}
        version={listVersion}
        basedOn={basedOn}
        models={models ?? []}
        onUse={onUse}
      />
    </section>
  );
}

function PlanView({ plan }: { plan: DraftPlan }) {
  const { t } = useTranslation();
  return (
    <div className="draft-plan" role="note">
      <p>
        {t('review.draft.plan', {
          tokens: plan.promptTokens,
          ctxSize: plan.contextSize,
          output: plan.maxTokens,
        })}
      </p>
      {plan.trimmed.length === 0 ? (
        <p className="muted">{t('review.draft.planNothing')}</p>
      ) : (
        <>
          <p>{t('review.draft.planTrimmed')}</p>
          <ul>
            {plan.trimmed.map((x, i) => (
              <li key={i}>
                {t('review.draft.trim', {
                  heading: x.heading,
                  kind: x.kind,
                  action: x.action,
                  chars: x.charsRemoved,
                  tokens: x.tokensRemoved,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
