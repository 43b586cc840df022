import { useTranslation } from 'react-i18next';
import { HISTOGRAM_BINS, type InsightsResult } from '../../../shared/contract/insights';
import { BarsChart } from './BarsChart';
import { ChartCard } from './ChartCard';
import { cell } from './DataTable';
import { COLORS, type Kind } from './format';
import { useFormat } from './GroupCharts';

/** Charts over everything the filters select: distribution, sections, drafting speed. */
export function OverallCharts({ data }: { data: InsightsResult }) {
  return (
    <>
      <HistogramCard data={data} />
      <SectionsCard data={data} />
      <SpeedCard data={data} />
    </>
  );
}

/** Formatted table cells of one kind of number. */
function useCell() {
  const f = useFormat();
  return { f, c: (kind: Kind, v: number | null) => cell(v, f(kind, v)) };
}

function HistogramCard({ data }: { data: InsightsResult }) {
  const { t, i18n } = useTranslation();
  const { c } = useCell();
  const tenth = (i: number) =>
    (i / HISTOGRAM_BINS).toLocaleString(i18n.language, { minimumFractionDigits: 1 });
  const bins = data.overall.editDistance.histogram.map((count, i) => ({
    bin: `${tenth(i)}–${tenth(i + 1)}`,
    count,
  }));
  const histogram = {
    columns: [t('insights.col.bin'), t('insights.col.reviews')],
    rows: bins.map((b) => [cell(b.bin), c('int', b.count)]),
  };
  return (
    <ChartCard title={t('insights.chart.histogram')} table={histogram}>
      <BarsChart
        data={bins}
        xKey="bin"
        series={[{ key: 'count', name: t('insights.col.reviews'), color: COLORS[0]! }]}
      />
    </ChartCard>
  );
}

function SectionsCard({ data }: { data: InsightsResult }) {
  const { t } = useTranslation();
  const { f, c } = useCell();
  const o = data.overall;
  // Section titles are unique within a template; prefix the template only when several are shown.
  const several = new Set(o.sections.map((s) => s.templateId)).size > 1;
  const sectionName = (s: (typeof o.sections)[number]) =>
    several ? `${s.templateId.split('@')[0]}: ${s.title}` : s.title;
  const sectionBars = o.sections.map((s) => ({
    name: sectionName(s),
    median: s.editDistance.median,
    mean: s.editDistance.mean,
  }));
  const sections = {
    columns: [
      t('insights.col.template'),
      t('insights.col.section'),
      t('insights.col.reviews'),
      t('insights.col.median'),
      t('insights.col.mean'),
      t('insights.col.recall'),
      t('insights.col.precision'),
    ],
    rows: o.sections.map((s) => [
      cell(s.templateId),
      cell(s.title),
      c('int', s.editDistance.n),
      c('distance', s.editDistance.median),
      c('distance', s.editDistance.mean),
      c('share', s.points.recall),
      c('share', s.points.precision),
    ]),
  };
  const sectionSeries = [
    { key: 'median', name: t('insights.col.median'), color: COLORS[0]! },
    { key: 'mean', name: t('insights.col.mean'), color: COLORS[1]! },
  ];
  return (
    <ChartCard title={t('insights.chart.sections')} table={sections} legend={sectionSeries}>
      <BarsChart
        data={sectionBars}
        xKey="name"
        series={sectionSeries}
        yMax={1}
        format={(v) => f('distance', v)}
        horizontal
      />
    </ChartCard>
  );
}

function SpeedCard({ data }: { data: InsightsResult }) {
  const { t } = useTranslation();
  const { f, c } = useCell();
  const speedName = (r: InsightsResult['speed'][number]) =>
    `${r.model || t('insights.none')} · ${r.backend ?? t('insights.none')}`;
  const speedBars = data.speed.map((r) => ({ name: speedName(r), tps: r.medianTokensPerSecond }));
  const speed = {
    columns: [
      t('insights.col.model'),
      t('insights.col.backend'),
      t('insights.col.n'),
      t('insights.col.tokensPerSecond'),
      t('insights.col.ttft'),
    ],
    rows: data.speed.map((r) => [
      cell(r.model || t('insights.none')),
      cell(r.backend ?? t('insights.none')),
      c('int', r.n),
      c('speed', r.medianTokensPerSecond),
      c('ms', r.medianTtftMs),
    ]),
  };
  return (
    <ChartCard title={t('insights.chart.speed')} table={speed}>
      <BarsChart
        data={speedBars}
        xKey="name"
        series={[{ key: 'tps', name: t('insights.col.tokensPerSecond'), color: COLORS[2]! }]}
        format={(v) => f('speed', v)}
      />
    </ChartCard>
  );
}
