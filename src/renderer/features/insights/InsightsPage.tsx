import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './i18n';
import { api } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import type { InsightsGroupBy, InsightsResult } from '../../../shared/contract/insights';
import type { ApiError } from '../../../shared/errors';
import { GroupCharts, useFormat } from './GroupCharts';
import { OverallCharts } from './OverallCharts';
import { RoundComparison } from './RoundComparison';
import './insights.css';

interface Filters {
  from: string;
  to: string;
  template: string;
  by: InsightsGroupBy;
}

const NO_FILTERS: Filters = { from: '', to: '', template: '', by: 'round' };
const BY: InsightsGroupBy[] = ['round', 'model', 'adapter', 'annotator', 'section'];

export function InsightsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [rounds, setRounds] = useState<[string, string]>(['', '']);
  const [data, setData] = useState<InsightsResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true; // a slower earlier answer must not overwrite a later one
    const [a, b] = rounds;
    void api
      .getInsights({
        by: filters.by,
        ...(filters.from ? { from: filters.from } : {}),
        ...(filters.to ? { to: filters.to } : {}),
        ...(filters.template ? { template: filters.template } : {}),
        ...(a && b ? { compareRounds: [a, b] as [string, string] } : {}),
      })
      .then((r) => {
        if (!live) return;
        if (r.ok) {
          setData(r.value);
          setError(null);
        } else setError(r.error);
      });
    return () => {
      live = false;
    };
  }, [filters, rounds]);

  // Until the user picks, compare the two latest rounds: the question the page exists for.
  useEffect(() => {
    if (!data || rounds[0] || rounds[1] || data.rounds.length < 2) return;
    setRounds([data.rounds[data.rounds.length - 2]!, data.rounds[data.rounds.length - 1]!]);
  }, [data, rounds]);

  const filtered = filters.from !== '' || filters.to !== '' || filters.template !== '';
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  let body;
  if (error) body = <p role="alert">{t('errors.generic', { message: error.message })}</p>;
  else if (!data) body = <p aria-busy="true">{t('insights.loading')}</p>;
  else if (data.overall.drafts === 0 && !filtered) {
    return (
      <div className="page">
        <h1>{t('insights.title')}</h1>
        <EmptyState title={t('insights.empty.title')} body={t('insights.empty.body')} />
      </div>
    );
  } else if (data.overall.drafts === 0) body = <p className="insights-note">{t('insights.noMatch')}</p>;
  else {
    body = (
      <>
        <Summary data={data} />
        <RoundComparison
          rounds={data.rounds}
          selected={rounds}
          onSelect={setRounds}
          comparison={data.comparison}
        />
        {data.by !== 'section' && <GroupCharts data={data} />}
        <OverallCharts data={data} />
        <Rules threshold={data.pointRule.threshold} />
      </>
    );
  }

  return (
    <div className="page insights-page">
      <h1>{t('insights.title')}</h1>
      <p className="insights-note">{t('insights.intro')}</p>
      <form
        className="insights-filters"
        aria-label={t('insights.filters.label')}
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="insights-filter">
          <span>{t('insights.filters.from')}</span>
          <input
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label className="insights-filter">
          <span>{t('insights.filters.to')}</span>
          <input
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
        <label className="insights-filter">
          <span>{t('insights.filters.template')}</span>
          <select value={filters.template} onChange={(e) => set({ template: e.target.value })}>
            <option value="">{t('insights.filters.allTemplates')}</option>
            {(data?.templates ?? []).map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label className="insights-filter">
          <span>{t('insights.filters.by')}</span>
          <select value={filters.by} onChange={(e) => set({ by: e.target.value as InsightsGroupBy })}>
            {BY.map((b) => (
              <option key={b} value={b}>
                {t(`insights.by.${b}`)}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" onClick={() => set({ from: '', to: '', template: '' })}>
            {t('insights.filters.clear')}
          </button>
        )}
      </form>
      {body}
    </div>
  );
}

function Summary({ data }: { data: InsightsResult }) {
  const { t } = useTranslation();
  const f = useFormat();
  const o = data.overall;
  const items: Array<[string, string]> = [
    [t('insights.summary.drafts'), f('int', o.drafts)],
    [t('insights.summary.approved'), f('int', o.approved)],
    [t('insights.summary.unchangedShare'), f('share', o.unchangedShare)],
    [t('insights.summary.skipped'), f('int', o.skipped)],
    [t('insights.summary.medianEditDistance'), f('distance', o.editDistance.median)],
    [t('insights.summary.pointRecall'), f('share', o.points.recall)],
    [t('insights.summary.labelsPer100'), f('rate', o.labelsPer100)],
    [t('insights.summary.timeOnTask'), f('minutes', o.timeOnTask.medianMs)],
  ];
  return (
    <dl className="insights-summary" aria-label={t('insights.summary.label')}>
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Rules({ threshold }: { threshold: number }) {
  const { t } = useTranslation();
  return (
    <section className="insights-card insights-rules" aria-label={t('insights.rules.title')}>
      <h2>{t('insights.rules.title')}</h2>
      <p>{t('insights.rules.editDistance')}</p>
      <p>{t('insights.rules.points', { threshold })}</p>
      <p>{t('insights.rules.labels')}</p>
    </section>
  );
}
