// The two chart shapes of the analytics screens, on recharts: a time series (line or area) and
// bars; both with tooltips and axes that stay readable on a 375 px screen.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { tokens } from '../theme/tokens.ts';
import { shortDay } from './series.ts';

export interface Series<T> {
  key: keyof T & string;
  name: string;
  /** A second, right-hand axis (e.g. attempts beside percentages). */
  right?: boolean;
}

const COLOURS = [tokens.color.primary, tokens.color.chartAccent, tokens.color.success, tokens.color.danger];
const AXIS = { fontSize: 12, stroke: tokens.color.muted } as const;

type Format = (value: number) => string;

/** Tooltip values: the left axis's format, plain numbers for a right-axis series. */
function tooltipFormatter<T>(series: Series<T>[], format: Format | undefined) {
  return (value: unknown, _name: unknown, item: { dataKey?: unknown }) => {
    const right = series.find((s) => s.key === item.dataKey)?.right;
    return format && !right ? format(Number(value)) : String(value);
  };
}

/** Days along the x axis (`max`: a fixed top, e.g. 100 for percentages) (YYYY-MM-DD in `day`), one line or filled area per series. */
export function DayChart<T extends { day: string }>({ data, series, area = false, format, max }: { data: readonly T[]; series: Series<T>[]; area?: boolean; format?: Format; max?: number }) {
  const Chart = area ? AreaChart : LineChart;
  return (
    <Chart data={[...data]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke={tokens.color.secondary} />
      <XAxis dataKey="day" tickFormatter={shortDay} tick={AXIS} minTickGap={16} />
      <YAxis tick={AXIS} width={48} tickFormatter={format} allowDecimals={false} domain={[0, max ?? 'auto']} />
      <Tooltip labelFormatter={(label) => shortDay(String(label))} formatter={tooltipFormatter(series, format)} />
      {series.length > 1 && <Legend />}
      {series.map((s, i) => (area
        ? <Area key={s.key} type="monotone" dataKey={s.key as string} name={s.name} stroke={COLOURS[i % COLOURS.length]} fill={COLOURS[i % COLOURS.length]} fillOpacity={0.2} isAnimationActive={false} />
        : <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} dot={data.length <= 14} isAnimationActive={false} connectNulls />))}
    </Chart>
  );
}

/** One bar per row, labelled by `label`; a series marked `right` gets its own axis. */
export function BarsChart<T>({ data, label, series, format, max }: { data: readonly T[]; label: (row: T) => string; series: Series<T>[]; format?: Format; max?: number }) {
  const rows = data.map((row) => ({ ...row, __label: label(row) }));
  const twoAxes = series.some((s) => s.right);
  return (
    <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid strokeDasharray="3 3" stroke={tokens.color.secondary} />
      <XAxis dataKey="__label" tick={AXIS} minTickGap={8} interval="preserveStartEnd" />
      <YAxis yAxisId="left" tick={AXIS} width={48} tickFormatter={format} allowDecimals={false} domain={[0, max ?? 'auto']} />
      {twoAxes && <YAxis yAxisId="right" orientation="right" tick={AXIS} width={40} allowDecimals={false} />}
      <Tooltip formatter={tooltipFormatter(series, format)} />
      {series.length > 1 && <Legend />}
      {series.map((s, i) => <Bar key={s.key} yAxisId={s.right ? 'right' : 'left'} dataKey={s.key as string} name={s.name} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />)}
    </BarChart>
  );
}
