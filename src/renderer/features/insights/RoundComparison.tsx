import { useTranslation } from 'react-i18next';
import type {
  MeasureChange,
  MeasureName,
  RoundComparison as Comparison,
} from '../../../shared/contract/insights';
import { BarsChart } from './BarsChart';
import { ChartCard } from './ChartCard';
import { cell, type Cell } from './DataTable';
import { COLORS, MEASURE_KIND, formatRelative } from './format';
import { useFormat } from './GroupCharts';

/** The measures in [0, 1] that share one axis in the chart; the table lists every measure. */
const CHARTED: MeasureName[] = ['unchangedShare', 'editDistanceMedian', 'pointRecall', 'pointPrecision'];

interface Props {
  rounds: string[];
  selected: [string, string];
  onSelect(next: [string, string]): void;
  comparison: Comparison | null;
}

export function RoundComparison({ rounds, selected, onSelect, comparison }: Props) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const title = t('insights.compare.title');
  const [a, b] = selected;

  const picker = (label: string, value: string, set: (v: string) => void) => (
    <label className="insights-filter">
      <span>{label}</span>
      <select value={value} onChange={(e) => set(e.target.value)}>
        <option value="">{t('insights.compare.pick')}</option>
        {rounds.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
    </label>
  );
  const controls = (
    <div className="insights-filters">
      {picker(t('insights.compare.roundA'), a, (v) => onSelect([v, b]))}
      {picker(t('insights.compare.roundB'), b, (v) => onSelect([a, v]))}
    </div>
  );

  if (rounds.length < 2 || !comparison) {
    return (
      <section className="insights-card" aria-label={title}>
        <h2>{title}</h2>
        {rounds.length >= 2 && controls}
        <p className="insights-note">
          {rounds.length < 2 ? t('insights.compare.needTwo') : t('insights.compare.chooseTwo')}
        </p>
      </section>
    );
  }

  const measureName = (m: MeasureChange) => {
    const param =
      m.measure === 'labelPer100' && m.param
        ? t(`insights.label.${m.param}`, { defaultValue: m.param })
        : m.param;
    return t(`insights.measure.${m.measure}`, { param });
  };
  const direction = (m: MeasureChange): Cell => {
    if (m.better === null || m.abs === null) return cell(null, '');
    if (m.abs === 0) return cell('same', t('insights.compare.same'));
    const improved = m.abs > 0 === (m.better === 'higher');
    return improved
      ? cell('better', t('insights.compare.better'), 'better')
      : cell('worse', t('insights.compare.worse'), 'worse');
  };
  const table = {
    columns: [
      t('insights.col.measure'),
      comparison.a.label,
      comparison.b.label,
      t('insights.col.change'),
      t('insights.col.relative'),
      t('insights.col.direction'),
    ],
    rows: comparison.changes.map((m) => {
      const kind = MEASURE_KIND[m.measure];
      return [
        cell(measureName(m)),
        cell(m.a, f(kind, m.a)),
        cell(m.b, f(kind, m.b)),
        cell(m.abs, f(kind, m.abs, true)),
        cell(m.rel, formatRelative(m.rel, i18n.language)),
        direction(m),
      ];
    }),
  };
  const bars = CHARTED.map((measure) => {
    const m = comparison.changes.find((x) => x.measure === measure && x.param === null);
    return { name: t(`insights.measure.${measure}`), a: m?.a ?? null, b: m?.b ?? null };
  });
  const series = [
    { key: 'a', name: comparison.a.label, color: COLORS[5]! },
    { key: 'b', name: comparison.b.label, color: COLORS[0]! },
  ];

  return (
    <ChartCard title={title} table={table} legend={series} controls={controls}>
      <BarsChart data={bars} xKey="name" series={series} yMax={1} format={(v) => f('distance', v)} />
    </ChartCard>
  );
}
