import { useTranslation } from 'react-i18next';
import type { EngineSettings } from '../../../shared/contract/engine';
import { Field } from './form-parts';

interface Props {
  settings: EngineSettings;
  /** Saves a change at once (each control saves on change: there is no submit). */
  update: (patch: Partial<EngineSettings>) => void;
}

/** The engine's manual overrides: where it runs, and how it drafts. */
export function EngineSettingsForm(props: Props) {
  return (
    <div className="engine-settings">
      <RuntimeFields {...props} />
      <DraftingFields {...props} />
    </div>
  );
}

/** Where the model runs: device, threads, context, attention kernel and KV-cache type. */
function RuntimeFields({ settings: s, update }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('system.gpu')}>
        {({ id }) => (
          <select
            id={id}
            value={s.gpu}
            onChange={(e) => update({ gpu: e.target.value as EngineSettings['gpu'] })}
          >
            {['auto', 'cuda', 'vulkan', 'metal', 'cpu'].map((g) => (
              <option key={g} value={g}>
                {t(`system.gpuChoice.${g}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('system.threadSetting')}>
        {({ id }) => (
          <input
            id={id}
            type="number"
            min={0}
            max={256}
            value={s.threads}
            onChange={(e) => update({ threads: Number(e.target.value) })}
          />
        )}
      </Field>
      <Field label={t('system.contextSize')}>
        {({ id }) => (
          <input
            id={id}
            type="number"
            min={256}
            step={256}
            value={s.contextSize}
            onChange={(e) => update({ contextSize: Number(e.target.value) })}
          />
        )}
      </Field>
      <Field label={t('system.flashAttention')}>
        {({ id }) => (
          <select
            id={id}
            value={String(s.flashAttention)}
            onChange={(e) =>
              update({ flashAttention: e.target.value === 'auto' ? 'auto' : e.target.value === 'true' })
            }
          >
            <option value="auto">{t('system.auto')}</option>
            <option value="true">{t('system.on')}</option>
            <option value="false">{t('system.off')}</option>
          </select>
        )}
      </Field>
      <Field label={t('system.kvCache')}>
        {({ id }) => (
          <select
            id={id}
            value={s.kvCacheType}
            onChange={(e) => update({ kvCacheType: e.target.value as EngineSettings['kvCacheType'] })}
          >
            <option value="f16">f16</option>
            <option value="q8_0">q8_0</option>
            <option value="q4_0">q4_0</option>
          </select>
        )}
      </Field>
    </>
  );
}

/** How drafts are run: papers at once, the batch size, and token prediction. */
function DraftingFields({ settings: s, update }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('system.parallelDrafts')}>
        {({ id }) => (
          <input
            id={id}
            type="number"
            min={0}
            max={64}
            value={s.sequences}
            onChange={(e) => update({ sequences: Number(e.target.value) })}
          />
        )}
      </Field>
      <Field label={t('system.batchSize')} help={t('system.batchSizeHelp')}>
        {({ id, helpId }) => (
          <input
            id={id}
            type="number"
            min={1}
            step={256}
            placeholder={t('system.auto')}
            value={s.batchSize ?? ''}
            aria-describedby={helpId}
            // Empty: the engine picks per load (estimate.ts resolveBatchSize).
            onChange={(e) => update({ batchSize: e.target.value === '' ? null : Number(e.target.value) })}
          />
        )}
      </Field>
      <Field label={t('system.tokenPredictor')}>
        {({ id }) => (
          <select
            id={id}
            value={s.tokenPredictor}
            onChange={(e) => update({ tokenPredictor: e.target.value as EngineSettings['tokenPredictor'] })}
          >
            <option value="none">{t('system.off')}</option>
            <option value="input-lookup">{t('system.inputLookup')}</option>
          </select>
        )}
      </Field>
    </>
  );
}
