import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineStatus, HardwareInfo } from '../../shared/contract/engine';
import { api } from '../api/client';

/** The bottom bar: the engine's state (a snapshot, refreshed by events) and its hardware. */
export function StatusBar() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [hardware, setHardware] = useState<HardwareInfo | null>(null);
  const [loaded, setLoaded] = useState<number | null>(null);

  useEffect(() => {
    void api.getEngineStatus({}).then((r) => r.ok && setStatus(r.value));
    const offStatus = api.on('engineStatus', setStatus);
    const offLoad = api.on('modelLoadProgress', (p) => setLoaded(p.progress));
    return () => {
      offStatus();
      offLoad();
    };
  }, []);
  useEffect(() => {
    // Detecting hardware starts the engine worker; only ask once something ran.
    if (status && status.state !== 'stopped' && !hardware) void api.getHardware({}).then((r) => r.ok && setHardware(r.value));
  }, [status, hardware]);

  const state = status ? t(`status.state.${status.state}`) : t('status.engineIdle');
  return (
    <footer className="status-bar" role="status" aria-label={t('status.engine')}>
      <span>
        {t('status.engine')}: {status?.state === 'stopped' || !status ? t('status.engineIdle') : state}
        {status?.state === 'loading' && loaded !== null && ` ${Math.floor(loaded * 100)}%`}
      </span>
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
