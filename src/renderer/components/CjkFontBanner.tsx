import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cjkGlyphsMissing } from './cjk-glyphs';

/**
 * In a Chinese UI on a machine with no CJK font, every label is a row of boxes: say so,
 * and say it in English too (the Chinese sentence is itself drawn as boxes there).
 */
export function CjkFontBanner() {
  const { t, i18n } = useTranslation();
  const [missing, setMissing] = useState(false);
  const zh = i18n.language === 'zh-CN';
  useEffect(() => {
    if (!zh) return setMissing(false);
    setMissing(cjkGlyphsMissing(getComputedStyle(document.body).fontFamily || 'sans-serif'));
  }, [zh]);
  if (!missing) return null;
  return (
    <div className="cjk-font-banner" role="alert" aria-label={t('fonts.label', { lng: 'en' })}>
      <p lang="en">{t('fonts.missing', { lng: 'en' })}</p>
      <p>{t('fonts.missing')}</p>
    </div>
  );
}
