import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HardwareInfo } from '../../shared/contract/engine';
import { api } from '../api/client';
import { CancelLoadButton, useModelLoad } from './ModelLoad';

/** The bottom bar: the engine's state (a snapshot, refreshed by events) and its hardware. */
export function StatusBar() {
  const { t } = useTranslation();
  const { status, loading } = useModelLoad();
  const [hardware, setHardware] = useState<HardwareInfo | null>(null);

  useEffect(() => {
    // Detecting hardware starts the engine worker; only ask once something ran.
    if (status && status.state !== 'stopped' && !hardware)
      void api.getHardware({}).then((r) => r.ok && setHardware(r.value));
  }, [status, hardware]);

  const state = status ? t(`status.state.${status.state}`) : t('status.engineIdle');
  return (
    <footer className="status-bar" role="status" aria-label={t('status.engine')}>
      <span>
        {t('status.engine')}: {status?.state === 'stopped' || !status ? t('status.engineIdle') : state}
        {loading?.progress != null && ` ${Math.floor(loading.progress * 100)}%`}
      </span>
      {loading && <CancelLoadButton modelId={loading.modelId} />}
      {hardware && (
        <span>
          {hardware.backend.toUpperCase()}
          {hardware.devices.length ? ` · ${hardware.devices.join(', ')}` : ''}
        </span>
      )}
      {status?.lastError && <span className="error">{status.lastError}</span>}
    </footer>
  );
}
