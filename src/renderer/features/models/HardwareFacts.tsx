import { useTranslation } from 'react-i18next';
import type { HardwareInfo } from '../../../shared/contract/engine';
import { formatBytes } from './format';

/** The backend, devices and memory the engine found (and why it fell back, where it did). */
export function HardwareFacts({ hw }: { hw: HardwareInfo }) {
  const { t } = useTranslation();
  return (
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
  );
}
