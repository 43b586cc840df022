import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineSettings } from '../../../shared/contract/engine';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { formatBytes } from './format';

/** What the engine runs on, the manual override, and a diagnostics block for bug reports. */
export function SystemPanel() {
  const { t } = useTranslation();
  const hardware = useResult(() => api.getHardware({}), []);
  const settings = useResult(() => api.getEngineSettings({}), []);
  const [copied, setCopied] = useState(false);
  const [diagnostics, setDiagnostics] = useState<string | null>(null);
  const ids = {
    gpu: useId(),
    threads: useId(),
    ctx: useId(),
    fa: useId(),
    kv: useId(),
    seq: useId(),
    batch: useId(),
    batchHelp: useId(),
    predictor: useId(),
  };

  const update = async (patch: Partial<EngineSettings>) => {
    const r = await api.updateEngineSettings(patch);
    if (r.ok) {
      settings.reload();
      hardware.reload();
    }
  };
  const copy = async () => {
    const r = await api.getEngineDiagnostics({});
    if (!r.ok) return;
    setDiagnostics(r.value.text);
    try {
      await navigator.clipboard.writeText(r.value.text);
      setCopied(true);
    } catch {
      setCopied(false); // clipboard refused (e.g. no permission): the text is shown to copy by hand
    }
  };

  const hw = hardware.data;
  const s = settings.data;
  return (
    <section className="system-panel" aria-label={t('system.title')}>
      <h2>{t('system.title')}</h2>
      {hardware.error && <p role="alert">{hardware.error.message}</p>}
      {!hw && !hardware.error && <p aria-busy="true">{t('system.detecting')}</p>}
      {hw && (
        <dl className="model-meta">
          <dt>{t('system.backend')}</dt>
          <dd>
            {hw.backend}
            {hw.fallbackReason && (
              <span className="warning-chip" title={hw.fallbackReason}>
                {' '}
                {t('system.fallback')}
              </span>
            )}
          </dd>
          <dt>{t('system.devices')}</dt>
          <dd>{hw.devices.join(', ') || '—'}</dd>
          <dt>VRAM</dt>
          <dd>{hw.vramTotal ? `${formatBytes(hw.vramFree)} / ${formatBytes(hw.vramTotal)}` : '—'}</dd>
          <dt>RAM</dt>
          <dd>{`${formatBytes(hw.ramFree)} / ${formatBytes(hw.ramTotal)}`}</dd>
          <dt>{t('system.threads')}</dt>
          <dd>{`${hw.threads} / ${hw.cpuThreads}`}</dd>
          <dt>llama.cpp</dt>
          <dd>{hw.llamaCppRelease}</dd>
        </dl>
      )}
      {s && (
        <div className="engine-settings">
          <div className="field">
            <label htmlFor={ids.gpu}>{t('system.gpu')}</label>
            <select
              id={ids.gpu}
              value={s.gpu}
              onChange={(e) => void update({ gpu: e.target.value as EngineSettings['gpu'] })}
            >
              {['auto', 'cuda', 'vulkan', 'metal', 'cpu'].map((g) => (
                <option key={g} value={g}>
                  {t(`system.gpuChoice.${g}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.threads}>{t('system.threadSetting')}</label>
            <input
              id={ids.threads}
              type="number"
              min={0}
              max={256}
              value={s.threads}
              onChange={(e) => void update({ threads: Number(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.ctx}>{t('system.contextSize')}</label>
            <input
              id={ids.ctx}
              type="number"
              min={256}
              step={256}
              value={s.contextSize}
              onChange={(e) => void update({ contextSize: Number(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.fa}>{t('system.flashAttention')}</label>
            <select
              id={ids.fa}
              value={String(s.flashAttention)}
              onChange={(e) =>
                void update({
                  flashAttention: e.target.value === 'auto' ? 'auto' : e.target.value === 'true',
                })
              }
            >
              <option value="auto">{t('system.auto')}</option>
              <option value="true">{t('system.on')}</option>
              <option value="false">{t('system.off')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.kv}>{t('system.kvCache')}</label>
            <select
              id={ids.kv}
              value={s.kvCacheType}
              onChange={(e) => void update({ kvCacheType: e.target.value as EngineSettings['kvCacheType'] })}
            >
              <option value="f16">f16</option>
              <option value="q8_0">q8_0</option>
              <option value="q4_0">q4_0</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.seq}>{t('system.parallelDrafts')}</label>
            <input
              id={ids.seq}
              type="number"
              min={0}
              max={64}
              value={s.sequences}
              onChange={(e) => void update({ sequences: Number(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.batch}>{t('system.batchSize')}</label>
            <input
              id={ids.batch}
              type="number"
              min={1}
              step={256}
              placeholder={t('system.auto')}
              value={s.batchSize ?? ''}
              aria-describedby={ids.batchHelp}
              // Empty: the engine picks per load (estimate.ts resolveBatchSize).
              onChange={(e) =>
                void update({ batchSize: e.target.value === '' ? null : Number(e.target.value) })
              }
            />
            <small id={ids.batchHelp}>{t('system.batchSizeHelp')}</small>
          </div>
          <div className="field">
            <label htmlFor={ids.predictor}>{t('system.tokenPredictor')}</label>
            <select
              id={ids.predictor}
              value={s.tokenPredictor}
              onChange={(e) =>
                void update({ tokenPredictor: e.target.value as EngineSettings['tokenPredictor'] })
              }
            >
              <option value="none">{t('system.off')}</option>
              <option value="input-lookup">{t('system.inputLookup')}</option>
            </select>
          </div>
        </div>
      )}
      <button type="button" onClick={() => void copy()}>
        {t('system.copyDiagnostics')}
      </button>
      {copied && <span role="status"> {t('system.copied')}</span>}
      {diagnostics && (
        <textarea
          readOnly
          className="diagnostics"
          aria-label={t('system.diagnostics')}
          value={diagnostics}
          rows={8}
        />
      )}
    </section>
  );
}
