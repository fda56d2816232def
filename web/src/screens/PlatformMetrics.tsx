// ADMIN's platform metrics per day over a chosen range: active users, sign-ups, enrolments, orders
// and revenue (per currency), and the assistant's requests and tokens.
import { useQuery } from 'urql';
import { ChartFigure } from '../analytics/ChartFigure.tsx';
import { BarsChart, DayChart } from '../analytics/charts.tsx';
import { DateRange, useDayRange } from '../analytics/DateRange.tsx';
import { PlatformMetricsQuery } from '../analytics/queries.ts';
import { daySeriesSummary, formatCents, shortDay } from '../analytics/series.ts';
import type { PlatformMetricsQuery as PlatformMetricsData } from '../gql/graphql.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Empty, ErrorAlert, Loading, Stack } from '../ui/index.tsx';

type Day = NonNullable<PlatformMetricsData['platformMetrics']>['days'][number];

const COUNTS = [
  { title: 'Daily active users', key: 'activeUsers', name: 'Active users' },
  { title: 'Sign-ups per day', key: 'signUps', name: 'Sign-ups' },
  { title: 'Enrolments per day', key: 'enrolments', name: 'Enrolments' },
  { title: 'Orders per day', key: 'orders', name: 'Orders' },
  { title: 'Assistant requests per day', key: 'aiRequests', name: 'Requests' },
  { title: 'Assistant tokens per day', key: 'aiTokens', name: 'Tokens' },
] as const;

/** The currencies that had revenue in the range, most common first. */
function currencies(days: readonly Day[]): string[] {
  const seen = new Map<string, number>();
  for (const d of days) for (const m of d.revenue) seen.set(m.currency, (seen.get(m.currency) ?? 0) + 1);
  return [...seen.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
}

function RevenueChart({ days, currency }: { days: readonly Day[]; currency: string }) {
  const rows = days.map((d) => ({ day: d.day, cents: d.revenue.find((m) => m.currency === currency)?.cents ?? 0 }));
  const money = (cents: number) => formatCents(cents, currency);
  return (
    <ChartFigure
      title={`Revenue per day (${currency})`}
      summary={daySeriesSummary(rows, (d) => d.cents, money)}
      rows={rows}
      rowKey={(d) => d.day}
      columns={[{ label: 'Day', value: (d) => d.day }, { label: 'Revenue', value: (d) => money(d.cents) }]}
    >
      <BarsChart data={rows} label={(d) => shortDay(d.day)} series={[{ key: 'cents', name: 'Revenue' }]} format={money} />
    </ChartFigure>
  );
}

export function PlatformMetricsScreen() {
  const { session } = useSession();
  const admin = session?.user.roles.includes('ADMIN') ?? false;
  const [range, setRange] = useDayRange();
  const [{ data, fetching, error }] = useQuery({ query: PlatformMetricsQuery, variables: range, pause: !admin, requestPolicy: 'cache-and-network' });
  if (!session) return <Empty><Link to="/signin">Sign in</Link> as an administrator.</Empty>;
  if (!admin) return <Empty>Platform metrics are for administrators.</Empty>;
  const days = data?.platformMetrics?.days ?? [];
  return (
    <Stack gap={6}>
      <h1 style={{ margin: 0 }}>Platform metrics</h1>
      <DateRange range={range} onChange={setRange} />
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data?.platformMetrics && (
        <div className="charts">
          {COUNTS.map((c) => (
            <ChartFigure
              key={c.key}
              title={c.title}
              summary={daySeriesSummary(days, (d) => d[c.key])}
              rows={days}
              rowKey={(d) => d.day}
              columns={[{ label: 'Day', value: (d) => d.day }, { label: c.name, value: (d) => d[c.key] }]}
            >
              <DayChart data={days} series={[{ key: c.key, name: c.name }]} area={c.key === 'activeUsers'} />
            </ChartFigure>
          ))}
          {(currencies(days).length > 0 ? currencies(days) : ['EUR']).map((currency) => <RevenueChart key={currency} days={days} currency={currency} />)}
        </div>
      )}
    </Stack>
  );
}
