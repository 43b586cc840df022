import { useEffect, useState, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../../api/app-info';
import { useSettings } from '../../settings-context';

type Update = ReturnType<typeof useSettings>['update'];
type Settings = NonNullable<ReturnType<typeof useSettings>['settings']>;

export function SettingsPage() {
  const { t } = useTranslation();
  const { settings, update, error } = useSettings();
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const ids = { lang: useId(), theme: useId() };

  if (!settings) return <div className="page" aria-busy="true" />;

  const save = async (patch: Parameters<Update>[0]) => {
    setSaveState('saving');
    const ok = await update(patch);
    setSaveState(ok ? 'saved' : 'idle');
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
      <AnnotatorField settings={settings} onSave={(annotator) => void save({ annotator })} />
      <p className="save-state" aria-live="polite">
        {saveState === 'saving' ? t('settings.saving') : saveState === 'saved' ? t('settings.saved') : ''}
      </p>
      {error && <p role="alert">{t('errors.generic', { message: error.message })}</p>}
      <About />
    </div>
  );
}

/** The annotator's name: edited freely, saved (trimmed) on blur or Enter when it changed. */
function AnnotatorField({ settings, onSave }: { settings: Settings; onSave(annotator: string): void }) {
  const { t } = useTranslation();
  const [annotator, setAnnotator] = useState(settings.annotator);
  const ids = { input: useId(), help: useId() };
  // Show the stored name whenever settings arrive or change.
  useEffect(() => setAnnotator(settings.annotator), [settings]);
  const saveAnnotator = () => {
    if (annotator.trim() !== settings.annotator) onSave(annotator.trim());
  };
  return (
    <div className="field">
      <label htmlFor={ids.input}>{t('settings.annotator')}</label>
      <input
        id={ids.input}
        value={annotator}
        aria-describedby={ids.help}
        maxLength={200}
        onChange={(e) => setAnnotator(e.target.value)}
        onBlur={saveAnnotator}
        onKeyDown={(e) => e.key === 'Enter' && saveAnnotator()}
      />
      <small id={ids.help}>{t('settings.annotatorHelp')}</small>
    </div>
  );
}

/** Where the data lives and which version (and schema) this is. */
function About() {
  const { t } = useTranslation();
  const info = useAppInfo();
  if (!info) return null;
  return (
    <dl className="about">
      <dt>{t('settings.dataDir')}</dt>
      <dd>{info.dataDir}</dd>
      <dt>{t('settings.version')}</dt>
      <dd>
        {info.version} (schema {info.schemaVersion})
      </dd>
    </dl>
  );
}
