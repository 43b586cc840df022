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
}

const AXIS = '#7a8394'; // mid grey: legible on light and dark pages and in saved PNGs

/** The one chart shape Insights needs: grouped (or stacked) bars, no animation (stable for PNG and tests). */
export function BarsChart({ data, xKey, series, yMax, stacked, format }: Props) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={data as Array<Record<string, string | number | null>>} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={AXIS} strokeOpacity={0.3} />
        <XAxis dataKey={xKey} tick={{ fill: AXIS, fontSize: 12 }} stroke={AXIS} interval={0} />
        <YAxis
          tick={{ fill: AXIS, fontSize: 12 }}
          stroke={AXIS}
          domain={yMax !== undefined ? [0, yMax] : [0, 'auto']}
          {...(format ? { tickFormatter: format } : {})}
        />
        <Tooltip {...(format ? { formatter: (v: unknown) => (typeof v === 'number' ? format(v) : String(v)) } : {})} />
        {series.length > 1 && <Legend />}
        {series.map((s) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} {...(stacked ? { stackId: 'a' } : {})} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
