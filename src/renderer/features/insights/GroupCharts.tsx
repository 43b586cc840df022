import { useTranslation } from 'react-i18next';
import type { GroupInsight, InsightsResult } from '../../../shared/contract/insights';
import { BarsChart, type Series } from './BarsChart';
import { ChartCard } from './ChartCard';
import { cell, type TableData } from './DataTable';
import { COLORS, formatValue, type Kind } from './format';

/** The per-group charts (one bar per model / adapter / round / annotator) and the all-measures table. */

export function useFormat() {
  const { i18n } = useTranslation();
  return (kind: Kind, v: number | null, signed = false) => formatValue(kind, v, i18n.language, signed);
}

export function useGroupName() {
  const { t } = useTranslation();
  return (g: GroupInsight) => g.label || t('insights.none');
}

export function GroupCharts({ data }: { data: InsightsResult }) {
  const { t } = useTranslation();
  const f = useFormat();
  const cells = useCells(data);
  const { name, labelNames, labelText } = cells;
  const byLower = cells.by.toLowerCase();
  const tables = groupTables(data.groups, cells);

  const bars = data.groups.map((g) => ({
    name: name(g),
    unchanged: g.unchangedShare,
    median: g.editDistance.median,
    recall: g.points.recall,
    precision: g.points.precision,
    ...Object.fromEntries(g.labels.map((l) => [`label:${l.label}`, l.per100])),
  }));
  const labelSeries = labelNames.map((l, i) => ({
    key: `label:${l}`,
    name: labelText(l),
    color: COLORS[i % COLORS.length]!,
  }));
  const pointSeries = [
    { key: 'recall', name: t('insights.col.recall'), color: COLORS[0]! },
    { key: 'precision', name: t('insights.col.precision'), color: COLORS[1]! },
  ];
  const share = (v: number) => f('share', v);

  return (
    <>
      <ShareCard
        title={t('insights.chart.unchanged', { by: byLower })}
        table={tables.unchanged}
        bars={bars}
        series={{ key: 'unchanged', name: t('insights.measure.unchangedShare'), color: COLORS[2]! }}
        format={share}
      />
      <ShareCard
        title={t('insights.chart.editDistance', { by: byLower })}
        table={tables.distance}
        bars={bars}
        series={{ key: 'median', name: t('insights.col.median'), color: COLORS[0]! }}
        format={(v) => f('distance', v)}
      />
      <ChartCard
        title={t('insights.chart.labels', { by: byLower })}
        table={tables.labels}
        legend={labelSeries}
      >
        <BarsChart data={bars} xKey="name" series={labelSeries} stacked format={(v) => f('rate', v)} />
      </ChartCard>
      <ChartCard
        title={t('insights.chart.points', { by: byLower })}
        table={tables.points}
        legend={pointSeries}
        note={t('insights.rules.points', { threshold: data.pointRule.threshold })}
      >
        <BarsChart data={bars} xKey="name" series={pointSeries} yMax={1} format={share} />
      </ChartCard>
      <ChartCard title={t('insights.chart.groups', { by: byLower })} table={allMeasuresTable(data, cells)} />
    </>
  );
}

/** A card with one bar per group of a measure between 0 and 1. */
function ShareCard(p: {
  title: string;
  table: TableData;
  bars: ReadonlyArray<Record<string, string | number | null>>;
  series: Series;
  format(v: number): string;
}) {
  return (
    <ChartCard title={p.title} table={p.table}>
      <BarsChart data={p.bars} xKey="name" series={[p.series]} yMax={1} format={p.format} />
    </ChartCard>
  );
}

/** What the tables are built from: translated names and formatted cells. */
function useCells(data: InsightsResult) {
  const { t } = useTranslation();
  const f = useFormat();
  const name = useGroupName();
  return {
    t,
    name,
    by: t(`insights.by.${data.by}`),
    c: (kind: Kind, v: number | null) => cell(v, f(kind, v)),
    head: (g: GroupInsight) => cell(name(g)),
    labelNames: data.overall.labels.map((l) => l.label),
    labelText: (l: string) => t(`insights.label.${l}`, { defaultValue: l }),
  };
}
type Cells = ReturnType<typeof useCells>;

/** The data tables behind the four charts. */
function groupTables(groups: readonly GroupInsight[], { t, by, c, head, labelNames, labelText }: Cells) {
  return {
    unchanged: {
      columns: [
        by,
        t('insights.measure.approved'),
        t('insights.measure.approvedUnchanged'),
        t('insights.measure.unchangedShare'),
      ],
      rows: groups.map((g) => [
        head(g),
        c('int', g.approved),
        c('int', g.approvedUnchanged),
        c('share', g.unchangedShare),
      ]),
    },
    distance: {
      columns: [by, t('insights.col.reviews'), t('insights.col.median'), t('insights.col.mean')],
      rows: groups.map((g) => [
        head(g),
        c('int', g.editDistance.n),
        c('distance', g.editDistance.median),
        c('distance', g.editDistance.mean),
      ]),
    },
    labels: {
      columns: [by, t('insights.col.reviews'), ...labelNames.map(labelText), t('insights.col.total')],
      rows: groups.map((g) => [
        head(g),
        c('int', g.judged),
        ...labelNames.map((l) => c('rate', g.labels.find((x) => x.label === l)?.per100 ?? null)),
        c('rate', g.labelsPer100),
      ]),
    },
    points: {
      columns: [
        by,
        t('insights.col.draftPoints'),
        t('insights.col.correctedPoints'),
        t('insights.col.matched'),
        t('insights.col.recall'),
        t('insights.col.precision'),
      ],
      rows: groups.map((g) => [
        head(g),
        c('int', g.points.draftPoints),
        c('int', g.points.correctedPoints),
        c('int', g.points.matched),
        c('share', g.points.recall),
        c('share', g.points.precision),
      ]),
    },
  };
}

/** Every measure for every group, and a last row for all of them. */
function allMeasuresTable(data: InsightsResult, { t, by, c, head }: Cells): TableData {
  const scoreNames = [...new Set(data.groups.flatMap((g) => g.scores.map((s) => s.score)))];
  return {
    columns: [
      by,
      t('insights.measure.drafts'),
      t('insights.measure.papersDrafted'),
      t('insights.measure.reviewed'),
      t('insights.measure.approved'),
      t('insights.measure.unchangedShare'),
      t('insights.measure.skipped'),
      t('insights.measure.rejected'),
      t('insights.measure.editDistanceMedian'),
      t('insights.measure.editDistanceMean'),
      t('insights.col.recall'),
      t('insights.col.precision'),
      t('insights.measure.labelsPer100'),
      ...scoreNames.map((s) => t('insights.measure.scoreMeanAbsDiff', { param: s })),
      t('insights.measure.timeOnTaskMedianMs'),
      t('insights.measure.timeOnTaskMeanMs'),
      t('insights.measure.tokensPerSecondMedian'),
      t('insights.measure.ttftMedianMs'),
    ],
    rows: [...data.groups, data.overall].map((g) => [
      g === data.overall ? cell(t('insights.all')) : head(g),
      c('int', g.drafts),
      c('int', g.papersDrafted),
      c('int', g.reviewed),
      c('int', g.approved),
      c('share', g.unchangedShare),
      c('int', g.skipped),
      c('int', g.rejected),
      c('distance', g.editDistance.median),
      c('distance', g.editDistance.mean),
      c('share', g.points.recall),
      c('share', g.points.precision),
      c('rate', g.labelsPer100),
      ...scoreNames.map((s) => c('number', g.scores.find((x) => x.score === s)?.meanAbsDiff ?? null)),
      c('minutes', g.timeOnTask.medianMs),
      c('minutes', g.timeOnTask.meanMs),
      c('speed', g.speed.medianTokensPerSecond),
      c('ms', g.speed.medianTtftMs),
    ]),
  };
}
