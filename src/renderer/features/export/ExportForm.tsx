import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportFormat, type ExportRequestInput } from '../../../shared/contract/dataset';
import { BUILT_IN_TEMPLATES } from '../../../shared/templates';

export interface ExportFormValues {
  format: ExportFormat;
  outDir: string;
  round: string;
  sinceRound: string;
  statuses: string[];
  valRatio: number;
  seed: number;
  threshold: number;
  bare: boolean;
  includeFlagged: boolean;
  /** A registered model id; '' fits for the library's default model. */
  forModel: string;
  excludeLowInformation: boolean;
  /** Narrowing filters; empty means "any". */
  annotator: string;
  template: string;
  modelRound: string;
  tag: string;
  from: string;
  to: string;
}

const STATUSES = ['approved', 'in_progress', 'skipped', 'rejected'] as const;

export function toRequest(v: ExportFormValues): ExportRequestInput {
  return {
    format: v.format,
    outDir: v.outDir.trim(),
    ...(v.round.trim() ? { round: v.round.trim() } : {}),
    filters: {
      status: v.statuses as Array<(typeof STATUSES)[number]>,
      ...(v.sinceRound ? { sinceRound: v.sinceRound } : {}),
      ...(v.annotator.trim() ? { annotators: [v.annotator.trim()] } : {}),
      ...(v.template ? { templateIds: [v.template] } : {}),
      ...(v.modelRound.trim() ? { modelRounds: [v.modelRound.trim()] } : {}),
      ...(v.tag.trim() ? { tags: [v.tag.trim()] } : {}),
      ...(v.from ? { from: v.from } : {}),
      ...(v.to ? { to: v.to } : {}),
    },
    valRatio: v.valRatio,
    seed: v.seed,
    threshold: v.threshold,
    bare: v.bare,
    include: v.includeFlagged ? ['all'] : [],
    exclude: v.excludeLowInformation ? ['low_information'] : [],
    ...(v.forModel ? { forModel: v.forModel } : {}),
  };
}

interface Props {
  values: ExportFormValues;
  rounds: string[];
  /** Registered models, for "fit prompts for". */
  models: Array<{ id: string; fileName: string }>;
  onChange(v: ExportFormValues): void;
}

/** The export's options; every field has a sensible default so "Export" works at once. */
export function ExportForm({ values: v, rounds, models, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const set = <K extends keyof ExportFormValues>(key: K, value: ExportFormValues[K]) =>
    onChange({ ...v, [key]: value });
  return (
    <div className="export-form">
      <div className="field">
        <label htmlFor={`${id}-format`}>{t('exportPage.format')}</label>
        <select
          id={`${id}-format`}
          value={v.format}
          onChange={(e) => set('format', e.target.value as ExportFormat)}
        >
          {ExportFormat.options.map((f) => (
            <option key={f} value={f}>
              {t(`exportPage.formats.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-out`}>{t('exportPage.outDir')}</label>
        <input id={`${id}-out`} value={v.outDir} onChange={(e) => set('outDir', e.target.value)} />
      </div>
      <fieldset className="field">
        <legend>{t('exportPage.statuses')}</legend>
        {STATUSES.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={v.statuses.includes(s)}
              onChange={(e) =>
                set('statuses', e.target.checked ? [...v.statuses, s] : v.statuses.filter((x) => x !== s))
              }
            />
            {t(`status.paper.${s}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-round`}>{t('exportPage.round')}</label>
        <input
          id={`${id}-round`}
          value={v.round}
          placeholder="round-2"
          onChange={(e) => set('round', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-since`}>{t('exportPage.sinceRound')}</label>
        <select id={`${id}-since`} value={v.sinceRound} onChange={(e) => set('sinceRound', e.target.value)}>
          <option value="">{t('exportPage.everything')}</option>
          {rounds.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-val`}>{t('exportPage.valRatio')}</label>
        <input
          id={`${id}-val`}
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={v.valRatio}
          onChange={(e) => set('valRatio', Number(e.target.value))}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-seed`}>{t('exportPage.seed')}</label>
        <input
          id={`${id}-seed`}
          type="number"
          step={1}
          value={v.seed}
          onChange={(e) => set('seed', Math.trunc(Number(e.target.value)))}
        />
      </div>
      {v.format === 'dpo' && (
        <div className="field">
          <label htmlFor={`${id}-thr`}>{t('exportPage.threshold')}</label>
          <input
            id={`${id}-thr`}
            type="number"
            min={0}
            max={1}
            step={0.01}
            value={v.threshold}
            onChange={(e) => set('threshold', Number(e.target.value))}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-annotator`}>{t('exportPage.annotator')}</label>
        <input
          id={`${id}-annotator`}
          value={v.annotator}
          placeholder={t('exportPage.any')}
          onChange={(e) => set('annotator', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-template`}>{t('exportPage.template')}</label>
        <select id={`${id}-template`} value={v.template} onChange={(e) => set('template', e.target.value)}>
          <option value="">{t('exportPage.any')}</option>
          {BUILT_IN_TEMPLATES.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-for-model`}>{t('exportPage.forModel')}</label>
        <select
          id={`${id}-for-model`}
          value={v.forModel}
          aria-describedby={`${id}-for-model-help`}
          onChange={(e) => set('forModel', e.target.value)}
        >
          <option value="">{t('exportPage.defaultModel')}</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.fileName}
            </option>
          ))}
        </select>
        <small id={`${id}-for-model-help`} className="muted">
          {t('exportPage.forModelHelp')}
        </small>
      </div>
      <div className="field">
        <label htmlFor={`${id}-model-round`}>{t('exportPage.modelRound')}</label>
        <input
          id={`${id}-model-round`}
          value={v.modelRound}
          placeholder={t('exportPage.any')}
          onChange={(e) => set('modelRound', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-tag`}>{t('exportPage.tag')}</label>
        <input
          id={`${id}-tag`}
          value={v.tag}
          placeholder={t('exportPage.any')}
          onChange={(e) => set('tag', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('exportPage.from')}</label>
        <input id={`${id}-from`} type="date" value={v.from} onChange={(e) => set('from', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('exportPage.to')}</label>
        <input id={`${id}-to`} type="date" value={v.to} onChange={(e) => set('to', e.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={v.bare} onChange={(e) => set('bare', e.target.checked)} />
        {t('exportPage.bare')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={v.includeFlagged}
          onChange={(e) => set('includeFlagged', e.target.checked)}
        />
        {t('exportPage.includeFlagged')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={v.excludeLowInformation}
          onChange={(e) => set('excludeLowInformation', e.target.checked)}
        />
        {t('exportPage.excludeLowInformation')}
      </label>
    </div>
  );
}
