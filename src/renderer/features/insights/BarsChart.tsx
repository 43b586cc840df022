import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface Series {
  key: string;
  name: string;
  color: string;
}

interface Props {
  data: ReadonlyArray<Record<string, string | number | null>>;
  xKey: string;
  series: readonly Series[];
  /** Fixed domain for measures in [0, 1], so rounds are compared on the same scale. */
  yMax?: number;
  stacked?: boolean;
  format?: (v: number) => string;
  /** Bars run left to right with the categories down the side: for long names (section titles). */
  horizontal?: boolean;
}

const AXIS = '#7a8394'; // mid grey: legible on light and dark pages and in saved PNGs

/** The one chart shape Insights needs: grouped (or stacked) bars, no animation (stable for PNG and tests). */
export function BarsChart({ data, xKey, series, yMax, stacked, format, horizontal }: Props) {
  const tick = { fill: AXIS, fontSize: 12 };
  const domain: [number, number | 'auto'] = [0, yMax ?? 'auto'];
  const valueAxis = {
    tick,
    stroke: AXIS,
    type: 'number' as const,
    domain,
    ...(format ? { tickFormatter: format } : {}),
  };
  const categoryAxis = { dataKey: xKey, tick, stroke: AXIS, type: 'category' as const, interval: 0 };
  const height = horizontal
    ? Math.max(160, 48 + data.length * (stacked ? 1 : series.length) * 14 + data.length * 10)
    : 260;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={data as Array<Record<string, string | number | null>>}
        layout={horizontal ? 'vertical' : 'horizontal'}
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke={AXIS} strokeOpacity={0.3} />
        {horizontal ? <XAxis {...valueAxis} /> : <XAxis {...categoryAxis} />}
        {horizontal ? <YAxis {...categoryAxis} width={240} /> : <YAxis {...valueAxis} />}
        <Tooltip
          {...(format ? { formatter: (v: unknown) => (typeof v === 'number' ? format(v) : String(v)) } : {})}
        />
        {series.length > 1 && <Legend />}
        {series.map((s) => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            fill={s.color}
            maxBarSize={56}
            isAnimationActive={false}
            {...(stacked ? { stackId: 'a' } : {})}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
