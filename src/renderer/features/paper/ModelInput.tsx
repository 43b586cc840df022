import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';

/** Exactly the extracted sections the model will be given, with the extractor's warnings. */
export function ModelInput({ paperId }: { paperId: string }) {
  const { t } = useTranslation();
  const { data, error } = useResult(() => api.getPaperText({ id: paperId }), [paperId]);
  if (error) return <p role="alert">{error.message}</p>;
  if (!data) return <p aria-busy="true">{t('library.loading')}</p>;
  return (
    <article className="model-input" aria-label={t('paper.modelInput')}>
      <p className="muted">{t('paper.extractor', { version: data.extractorVersion })}</p>
      {data.warnings.map((w) => (
        <p key={w.code} className="warning" role="note">
          {w.message}
        </p>
      ))}
      {data.sections.length === 0 && <p>{t('paper.noSections')}</p>}
      {data.sections.map((s, i) => (
        <section key={i} className={`input-section kind-${s.kind}`}>
          <h3>
            {s.heading || t(`paper.kind.${s.kind}`)}{' '}
            <small className="muted">
              {t(`paper.kind.${s.kind}`)}
              {s.pages[0] > 0 && ` · ${t('paper.pagesSpan', { first: s.pages[0], last: s.pages[1] })}`}
            </small>
          </h3>
          <p className="section-text">{s.text}</p>
        </section>
      ))}
      {data.captions.length > 0 && (
        <section className="input-section">
          <h3>{t('paper.captions')}</h3>
          <ul>
            {data.captions.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}
