import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportFormat, type ExportRequestInput } from '../../../shared/contract/dataset';
import { BUILT_IN_TEMPLATES } from '../../../shared/templates';
import { CheckField, NumberField, SelectField, TextField, type FormBinding } from './form-fields';

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
  const form: FormBinding<ExportFormValues> = {
    values: v,
    id: useId(),
    set: (key, value) => onChange({ ...v, [key]: value }),
  };
  const any = t('exportPage.any');
  return (
    <div className="export-form">
      <SelectField
        form={form}
        name="format"
        label={t('exportPage.format')}
        options={ExportFormat.options.map((f) => ({ value: f, label: t(`exportPage.formats.${f}`) }))}
      />
      <TextField form={form} name="outDir" label={t('exportPage.outDir')} wide />
      <StatusesField statuses={v.statuses} onChange={(statuses) => form.set('statuses', statuses)} />
      <TextField form={form} name="round" label={t('exportPage.round')} placeholder="round-2" />
      <SelectField
        form={form}
        name="sinceRound"
        label={t('exportPage.sinceRound')}
        any={t('exportPage.everything')}
        options={rounds.map((r) => ({ value: r, label: r }))}
      />
      <NumberField form={form} name="valRatio" label={t('exportPage.valRatio')} min={0} max={1} step={0.05} />
      <NumberField
        form={form}
        name="seed"
        label={t('exportPage.seed')}
        step={1}
        parse={(s) => Math.trunc(Number(s))}
      />
      {v.format === 'dpo' && (
        <NumberField
          form={form}
          name="threshold"
          label={t('exportPage.threshold')}
          min={0}
          max={1}
          step={0.01}
        />
      )}
      <TextField form={form} name="annotator" label={t('exportPage.annotator')} placeholder={any} />
      <SelectField
        form={form}
        name="template"
        label={t('exportPage.template')}
        any={any}
        options={BUILT_IN_TEMPLATES.map((tpl) => ({ value: tpl.id, label: tpl.name }))}
      />
      <SelectField
        form={form}
        name="forModel"
        label={t('exportPage.forModel')}
        wide
        any={t('exportPage.defaultModel')}
        options={models.map((m) => ({ value: m.id, label: m.fileName }))}
        help={t('exportPage.forModelHelp')}
      />
      <TextField form={form} name="modelRound" label={t('exportPage.modelRound')} placeholder={any} />
      <TextField form={form} name="tag" label={t('exportPage.tag')} placeholder={any} />
      <TextField form={form} name="from" label={t('exportPage.from')} type="date" />
      <TextField form={form} name="to" label={t('exportPage.to')} type="date" />
      <CheckField form={form} name="bare" label={t('exportPage.bare')} />
      <CheckField form={form} name="includeFlagged" label={t('exportPage.includeFlagged')} />
      <CheckField form={form} name="excludeLowInformation" label={t('exportPage.excludeLowInformation')} />
    </div>
  );
}

function StatusesField({ statuses, onChange }: { statuses: string[]; onChange(next: string[]): void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field">
      <legend>{t('exportPage.statuses')}</legend>
      {STATUSES.map((s) => (
        <label key={s} className="check">
          <input
            type="checkbox"
            checked={statuses.includes(s)}
            onChange={(e) => onChange(e.target.checked ? [...statuses, s] : statuses.filter((x) => x !== s))}
          />
          {t(`status.paper.${s}`)}
        </label>
      ))}
    </fieldset>
  );
}
