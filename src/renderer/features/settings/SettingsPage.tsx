import { useEffect, useState, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../shared/contract/system';
import { api } from '../../api/client';
import { useSettings } from '../../settings-context';

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, update, error } = useSettings();
  const [annotator, setAnnotator] = useState('');
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [info, setInfo] = useState<AppInfo | null>(null);
  const ids = { lang: useId(), theme: useId(), annotator: useId(), help: useId() };

  useEffect(() => {
    if (settings) setAnnotator(settings.annotator);
  }, [settings]);
  useEffect(() => {
    void api.getAppInfo({}).then((r) => r.ok && setInfo(r.value));
  }, []);

  if (!settings) return <div className="page" aria-busy="true" />;

  const save = async (patch: Parameters<typeof update>[0]) => {
    setSaveState('saving');
    const ok = await update(patch);
    setSaveState(ok ? 'saved' : 'idle');
  };
  const saveAnnotator = () => {
    if (annotator.trim() !== settings.annotator) void save({ annotator: annotator.trim() });
  };

  return (
    <div className="page settings">
      <h1>{t('settings.title')}</h1>
      <div className="field">
        <label htmlFor={ids.lang}>{t('settings.language')}</label>
        <select
          id={ids.lang}
          value={settings.language ?? ''}
          onChange={(e) =>
            void save({ language: e.target.value === '' ? null : (e.target.value as 'en' | 'zh-CN') })
          }
        >
          <option value="">{t('settings.languageSystem')}</option>
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.theme}>{t('settings.theme')}</label>
        <select
          id={ids.theme}
          value={settings.theme}
          onChange={(e) => void save({ theme: e.target.value as 'system' | 'light' | 'dark' })}
        >
          <option value="system">{t('settings.themeSystem')}</option>
          <option value="light">{t('settings.themeLight')}</option>
          <option value="dark">{t('settings.themeDark')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.annotator}>{t('settings.annotator')}</label>
        <input
          id={ids.annotator}
          value={annotator}
          aria-describedby={ids.help}
          maxLength={200}
          onChange={(e) => setAnnotator(e.target.value)}
          onBlur={saveAnnotator}
          onKeyDown={(e) => e.key === 'Enter' && saveAnnotator()}
        />
        <small id={ids.help}>{t('settings.annotatorHelp')}</small>
      </div>
      <p className="save-state" aria-live="polite">
        {saveState === 'saving' ? t('settings.saving') : saveState === 'saved' ? t('settings.saved') : ''}
      </p>
      {error && <p role="alert">{t('errors.generic', { message: error.message })}</p>}
      {info && (
        <dl className="about">
          <dt>{t('settings.dataDir')}</dt>
          <dd>{info.dataDir}</dd>
          <dt>{t('settings.version')}</dt>
          <dd>
            {info.version} (schema {info.schemaVersion})
          </dd>
        </dl>
      )}
    </div>
  );
}
