import { useTranslation } from 'react-i18next';

/** A paper's import warnings as chips: the translated name, the full message on hover. */
export function WarningChips({ warnings }: { warnings: ReadonlyArray<{ code: string; message: string }> }) {
  const { t } = useTranslation();
  return warnings.map((w) => (
    <span key={w.code} className="warning-chip" title={w.message}>
      {' '}
      {t(`library.warning.${w.code}`, { defaultValue: w.code })}
    </span>
  ));
}
