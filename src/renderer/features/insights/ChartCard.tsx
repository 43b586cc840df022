import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, type TableData } from './DataTable';
import { toCsv } from './format';
import { chartToPng, download, fileSlug, type LegendEntry } from './save';

interface Props {
  title: string;
  table: TableData;
  /** The chart; absent for a table-only card, whose table is always shown. */
  children?: ReactNode;
  legend?: readonly LegendEntry[];
  /** Controls shown above the chart (e.g. the round pickers). */
  controls?: ReactNode;
  /** How the numbers are defined, shown under the title. */
  note?: string;
}

/** A chart with its data: "Show table" gives the same values as an accessible table; PNG and CSV. */
export function ChartCard({ title, table, children, legend = [], controls, note }: Props) {
  const { t } = useTranslation();
  const [showTable, setShowTable] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);
  const headingId = useId();
  const tableId = useId();
  const hasChart = children !== undefined;

  const savePng = async () => {
    const svg = chartRef.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
    if (!svg) return;
    try {
      setError(null);
      download(await chartToPng(svg, title, legend), `${fileSlug(title)}.png`);
    } catch (e) {
      setError(t('insights.chart.saveFailed', { message: (e as Error).message }));
    }
  };
  const saveCsv = () => {
    const csv = toCsv(
      table.columns,
      table.rows.map((r) => r.map((c) => c.raw)),
    );
    download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${fileSlug(title)}.csv`);
  };

  return (
    <section className="insights-card" aria-labelledby={headingId}>
      <header className="insights-card-head">
        <h2 id={headingId}>{title}</h2>
        <div className="insights-card-actions">
          {hasChart && (
            <button
              type="button"
              aria-expanded={showTable}
              aria-controls={tableId}
              onClick={() => setShowTable((v) => !v)}
            >
              {showTable ? t('insights.chart.hideTable') : t('insights.chart.showTable')}
            </button>
          )}
          {hasChart && (
            <button type="button" onClick={() => void savePng()}>
              {t('insights.chart.savePng')}
            </button>
          )}
          <button type="button" onClick={saveCsv}>
            {t('insights.chart.saveCsv')}
          </button>
        </div>
      </header>
      {note && <p className="insights-note">{note}</p>}
      {controls}
      {error && <p role="alert">{error}</p>}
      {hasChart && (
        <div className="insights-chart" ref={chartRef} role="img" aria-label={title}>
          {children}
        </div>
      )}
      {(!hasChart || showTable) && <DataTable id={tableId} caption={title} data={table} />}
    </section>
  );
}
