import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineSettings } from '../../../shared/contract/engine';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { EngineSettingsForm } from './EngineSettingsForm';
import { HardwareFacts } from './HardwareFacts';

/** What the engine runs on, the manual override, and a diagnostics block for bug reports. */
export function SystemPanel() {
  const { t } = useTranslation();
  const hardware = useResult(() => api.getHardware({}), []);
  const settings = useResult(() => api.getEngineSettings({}), []);

  const update = async (patch: Partial<EngineSettings>) => {
    const r = await api.updateEngineSettings(patch);
    if (r.ok) {
      settings.reload();
      hardware.reload();
    }
  };

  return (
    <section className="system-panel" aria-label={t('system.title')}>
      <h2>{t('system.title')}</h2>
      {hardware.error && <p role="alert">{hardware.error.message}</p>}
      {!hardware.data && !hardware.error && <p aria-busy="true">{t('system.detecting')}</p>}
      {hardware.data && <HardwareFacts hw={hardware.data} />}
      {settings.data && <EngineSettingsForm settings={settings.data} update={(p) => void update(p)} />}
      <Diagnostics />
    </section>
  );
}

/** The engine's diagnostics, copied to the clipboard and shown (to copy by hand where the clipboard refuses). */
function Diagnostics() {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const [diagnostics, setDiagnostics] = useState<string | null>(null);
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
  return (
    <>
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
    </>
  );
}
