import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Draft, DraftSummary, ModelInfo } from '../../../shared/contract/engine';
import { api } from '../../api/client';
import { useDraftNames } from './draft-names';

interface Props {
  paperId: string;
  version: number;
  basedOn: string | null;
  /** Registered models, to name each draft's model (a removed one shows its id). */
  models: readonly ModelInfo[];
  onUse(id: string): void;
}

/** Every draft of the paper with its provenance; marks the one the review is based on. */
export function DraftList({ paperId, version, basedOn, models, onUse }: Props) {
  const { t } = useTranslation();
  const names = useDraftNames();
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  useEffect(() => {
    let live = true;
    void api.listDrafts({ paperId }).then((r) => live && r.ok && setDrafts(r.value));
    return () => {
      live = false;
    };
  }, [paperId, version, basedOn]);
  if (!drafts.length) return null;
  return (
    <section className="draft-list" aria-label={t('review.draft.list')}>
      <h4>{t('review.draft.list')}</h4>
      <ul>
        {drafts.map((d) => (
          <li key={d.id} aria-current={d.id === basedOn ? 'true' : undefined}>
            <span>
              <time dateTime={d.createdAt}>{names.time(d.createdAt)}</time> ·{' '}
              {t('review.draft.row', {
                model: modelName(models, d.modelId),
                end: names.endReason(d.endReason),
                tokensOut: d.tokensOut ?? 0,
                ttft: d.ttftMs === null ? '–' : Math.round(d.ttftMs),
                tps: d.tokensPerSecond === null ? '–' : d.tokensPerSecond.toFixed(1),
              })}
            </span>{' '}
            {d.id === basedOn ? (
              <strong>{t('review.draft.based')}</strong>
            ) : (
              <button
                type="button"
                onClick={() => window.confirm(t('review.draft.useConfirm')) && onUse(d.id)}
                disabled={d.endReason === 'running'}
              >
                {t('review.draft.use')}
              </button>
            )}
            <Provenance draftId={d.id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function modelName(models: readonly ModelInfo[], id: string | null): string {
  const m = models.find((x) => x.id === id);
  return m ? (m.name ?? m.fileName) : (id?.slice(0, 8) ?? '?');
}

/** The provenance rows of one draft: label key (review.draft.prov.*) and value. */
function provenanceRows(draft: Draft, names: ReturnType<typeof useDraftNames>): Array<[string, unknown]> {
  return [
    ['model', draft.modelId],
    ['modelSha256', draft.modelSha256],
    ['adapters', draft.adapters.map((a) => `${a.path} (${a.sha256 ?? '?'}, ×${a.scale})`).join('; ') || '—'],
    ['prompt', draft.promptId],
    ['template', draft.templateId],
    ['promptHash', draft.promptHash],
    ['seed', draft.seed],
    ['sampling', JSON.stringify(draft.sampling)],
    ['runtime', `${draft.contextSize} / ${draft.gpuLayers} / ${draft.backend} / ${draft.threads}`],
    ['tokens', `${draft.tokensIn} / ${draft.tokensOut}`],
    ['speed', `${draft.ttftMs} / ${draft.tokensPerSecond} / ${draft.durationMs}`],
    ['endReason', names.endReason(draft.endReason) + (draft.error ? `: ${draft.error}` : '')],
    ['trimmed', draft.trimmed.map(names.trimEntry).join('; ') || '—'],
  ];
}

/** Loaded on opening: the full record is large (text, sampling, trimmed parts). */
function Provenance({ draftId }: { draftId: string }) {
  const { t } = useTranslation();
  const names = useDraftNames();
  const [draft, setDraft] = useState<Draft | null>(null);
  return (
    <details
      onToggle={(e) =>
        e.currentTarget.open && !draft
          ? void api.getDraft({ draftId }).then((r) => r.ok && setDraft(r.value))
          : undefined
      }
    >
      <summary>{t('review.draft.provenance')}</summary>
      {draft && (
        <dl className="provenance">
          {provenanceRows(draft, names).map(([k, v]) => (
            <div key={k}>
              <dt>{t(`review.draft.prov.${k}`)}</dt>
              <dd>{String(v ?? '—')}</dd>
            </div>
          ))}
        </dl>
      )}
    </details>
  );
}
