import { useTranslation } from 'react-i18next';
import type {
  MeasureChange,
  MeasureName,
  RoundComparison as Comparison,
} from '../../../shared/contract/insights';
import { BarsChart } from './BarsChart';
import { ChartCard } from './ChartCard';
import { cell, type Cell, type TableData } from './DataTable';
import { FilterSelect } from '../../components/FilterSelect';
import { asOptions } from './FilterFields';
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
  const { t } = useTranslation();
  const f = useFormat();
  const table = useComparisonTable(comparison);
  const title = t('insights.compare.title');
  const controls = <RoundPickers rounds={rounds} selected={selected} onSelect={onSelect} />;

  if (rounds.length < 2 || !comparison || !table) {
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

function RoundPickers({ rounds, selected: [a, b], onSelect }: Omit<Props, 'comparison'>) {
  const { t } = useTranslation();
  return (
    <div className="insights-filters">
      {(['roundA', 'roundB'] as const).map((key, i) => (
        <FilterSelect
          className="insights-filter"
          key={key}
          label={t(`insights.compare.${key}`)}
          value={i === 0 ? a : b}
          any={t('insights.compare.pick')}
          options={asOptions(rounds)}
          onChange={(v) => onSelect(i === 0 ? [v, b] : [a, v])}
        />
      ))}
    </div>
  );
}

/** Every measure of the two rounds side by side, with the change and whether it is better. */
function useComparisonTable(comparison: Comparison | null): TableData | null {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  if (!comparison) return null;
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
  return {
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
}
