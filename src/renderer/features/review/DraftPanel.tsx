import { useImperativeHandle, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { DraftPlan } from '../../../shared/contract/engine';
import type { PaperDetail } from '../../../shared/contract/library';
import { api } from '../../api/client';
import { CancelLoadButton, useModelLoad } from '../../components/ModelLoad';
import { DraftList } from './DraftList';
import { useDraftNames } from './draft-names';
import { withKey } from './shortcut-keys';
import { useDrafting } from './use-drafting';

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

type Drafting = ReturnType<typeof useDrafting>;

/**
 * Drafting from the engine contract (src/shared/contract/engine.ts): pick a model, see the
 * fit plan (what would be trimmed) before anything runs, stream the text as draftDelta
 * events arrive, stop, regenerate with another seed/temperature. Each run is a new draft.
 * Reopening a paper whose draft still runs picks it up again (getRunningDrafts); a model
 * load in progress shows here with "Cancel loading".
 */
export function DraftPanel({ paper, basedOn, onUse, onFinished, ref }: Props) {
  const { t } = useTranslation();
  const d = useDrafting(paper, onFinished);
  const { start } = d;
  useImperativeHandle(ref, () => ({ regenerate: () => void start(true) }), [start]);
  return (
    <section className="draft-panel" aria-label={t('review.draft.title')}>
      {d.disabledReason && (
        <p className="warning" role="note" id={`draft-disabled-${paper.id}`}>
          {d.disabledReason}
        </p>
      )}
      {d.models && d.models.length === 0 && <p className="muted">{t('review.draft.noModels')}</p>}
      <DraftToolbar d={d} paperId={paper.id} />
      <ModelLoading modelId={d.modelId} running={!!d.running} />
      {d.plan && !d.running && <PlanView plan={d.plan} />}
      {d.error && <p role="alert">{d.error}</p>}
      {(d.running || d.text) && (
        <>
          {d.running && (
            <p className="muted" aria-live="polite">
              {t('review.draft.streaming', { tokens: d.tokens })}
            </p>
          )}
          <pre className="draft-stream" aria-label={t('review.draft.stream')}>
            {d.text}
          </pre>
        </>
      )}
      <DraftList
        paperId={paper.id}
        version={d.listVersion}
        basedOn={basedOn}
        models={d.models ?? []}
        onUse={onUse}
      />
    </section>
  );
}

/** Model, temperature, and Draft / Stop / Regenerate. */
function DraftToolbar({ d, paperId }: { d: Drafting; paperId: string }) {
  const { t } = useTranslation();
  const { running, disabledReason, modelId } = d;
  return (
    <div className="toolbar">
      <label>
        {t('review.draft.model')}{' '}
        <select
          value={modelId}
          onChange={(e) => d.setModelId(e.target.value)}
          disabled={!d.models?.length || !!running}
        >
          {(d.models ?? []).map((m) => (
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
          value={d.temperature}
          onChange={(e) => d.setTemperature(Number(e.target.value))}
        />
      </label>
      <button
        type="button"
        disabled={!modelId || !!running || !!disabledReason}
        title={disabledReason ?? undefined}
        aria-describedby={disabledReason ? `draft-disabled-${paperId}` : undefined}
        onClick={() => void d.start(false)}
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
        onClick={() => void d.start(true)}
      >
        {t('review.draft.regenerate')}
      </button>
    </div>
  );
}

/** "Loading the model… 40 %" with Cancel, while the chosen model loads and nothing runs. */
function ModelLoading({ modelId, running }: { modelId: string; running: boolean }) {
  const { t } = useTranslation();
  const { loading } = useModelLoad();
  if (!loading || loading.modelId !== modelId || running) return null;
  return (
    <p className="muted" aria-live="polite">
      {t('review.draft.loadingModel', { percent: Math.floor((loading.progress ?? 0) * 100) })}{' '}
      <CancelLoadButton modelId={loading.modelId} />
    </p>
  );
}

function PlanView({ plan }: { plan: DraftPlan }) {
  const { t } = useTranslation();
  const names = useDraftNames();
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
                  kind: names.kind(x.kind),
                  action: names.trimAction(x.action),
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
