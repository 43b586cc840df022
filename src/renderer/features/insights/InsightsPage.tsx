import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './i18n';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { EmptyState } from '../../components/EmptyState';
import type { InsightsQuery, InsightsGroupBy, InsightsResult } from '../../../shared/contract/insights';
import { FilterSelect } from '../../components/FilterSelect';
import { DateFilter, asOptions } from './FilterFields';
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
  // useResult keeps the last answer while a new one loads, and drops a slower earlier one.
  const { data, error } = useResult(() => api.getInsights(insightsQuery(filters, rounds)), [filters, rounds]);

  // Until the user picks, compare the two latest rounds: the question the page exists for.
  useEffect(() => {
    if (!data || rounds[0] || rounds[1] || data.rounds.length < 2) return;
    setRounds([data.rounds[data.rounds.length - 2]!, data.rounds[data.rounds.length - 1]!]);
  }, [data, rounds]);

  const filtered = filters.from !== '' || filters.to !== '' || filters.template !== '';
  if (!error && data && data.overall.drafts === 0 && !filtered) {
    return (
      <div className="page">
        <h1>{t('insights.title')}</h1>
        <EmptyState title={t('insights.empty.title')} body={t('insights.empty.body')} />
      </div>
    );
  }
  let body;
  if (error) body = <p role="alert">{t('errors.generic', { message: error.message })}</p>;
  else if (!data) body = <p aria-busy="true">{t('insights.loading')}</p>;
  else if (data.overall.drafts === 0) body = <p className="insights-note">{t('insights.noMatch')}</p>;
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
      <FilterForm
        filters={filters}
        templates={data?.templates ?? []}
        filtered={filtered}
        onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))}
      />
      {body}
    </div>
  );
}

function insightsQuery(filters: Filters, [a, b]: [string, string]): InsightsQuery {
  return {
    by: filters.by,
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.template ? { template: filters.template } : {}),
    ...(a && b ? { compareRounds: [a, b] as [string, string] } : {}),
  };
}

function FilterForm({
  filters,
  templates,
  filtered,
  onChange,
}: {
  filters: Filters;
  templates: readonly string[];
  filtered: boolean;
  onChange(patch: Partial<Filters>): void;
}) {
  const { t } = useTranslation();
  return (
    <form
      className="insights-filters"
      aria-label={t('insights.filters.label')}
      onSubmit={(e) => e.preventDefault()}
    >
      <DateFilter
        label={t('insights.filters.from')}
        value={filters.from}
        max={filters.to}
        onChange={(from) => onChange({ from })}
      />
      <DateFilter
        label={t('insights.filters.to')}
        value={filters.to}
        min={filters.from}
        onChange={(to) => onChange({ to })}
      />
      <FilterSelect
        className="insights-filter"
        label={t('insights.filters.template')}
        value={filters.template}
        any={t('insights.filters.allTemplates')}
        options={asOptions(templates)}
        onChange={(template) => onChange({ template })}
      />
      <FilterSelect
        className="insights-filter"
        label={t('insights.filters.by')}
        value={filters.by}
        options={BY.map((b) => ({ value: b, label: t(`insights.by.${b}`) }))}
        onChange={(by) => by && onChange({ by })}
      />
      {filtered && (
        <button type="button" onClick={() => onChange({ from: '', to: '', template: '' })}>
          {t('insights.filters.clear')}
        </button>
      )}
    </form>
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
