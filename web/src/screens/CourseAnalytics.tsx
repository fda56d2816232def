// A course's analytics for its instructor (and ADMIN): enrolments, active learners per week, where
// learners drop off, which exercises are hard, how fast questions get answered and, for a paid
// course, revenue; over a range the instructor picks.
import { useQuery } from 'urql';
import { ChartFigure } from '../analytics/ChartFigure.tsx';
import { BarsChart, DayChart } from '../analytics/charts.tsx';
import { DateRange, useDayRange } from '../analytics/DateRange.tsx';
import { CourseAnalyticsQuery } from '../analytics/queries.ts';
import { daySeriesSummary, formatCents, formatDuration, formatPercent, shortDay } from '../analytics/series.ts';
import type { CourseAnalyticsQuery as CourseAnalyticsData } from '../gql/graphql.ts';
import { Link } from '../lib/router.tsx';
import { Empty, ErrorAlert, Loading, Row, Stack } from '../ui/index.tsx';

type Analytics = NonNullable<CourseAnalyticsData['courseAnalytics']>;

function funnelSummary(steps: Analytics['completionFunnel']): string {
  if (steps.length === 0) return 'The course has no lessons yet.';
  const first = steps[0]!;
  const last = steps.at(-1)!;
  let drop = { step: first, lost: 0 };
  for (let i = 1; i < steps.length; i += 1) {
    const lost = steps[i - 1]!.completed - steps[i]!.completed;
    if (lost > drop.lost) drop = { step: steps[i]!, lost };
  }
  const where = drop.lost > 0 ? ` The largest drop is at lesson ${drop.step.position}, ${drop.step.lesson.title} (${drop.lost} fewer completions than the lesson before).` : '';
  return `${steps.length} lessons: ${first.opened} learners opened the first, ${last.completed} completed the last.${where}`;
}

function difficultySummary(rows: Analytics['exerciseDifficulty']): string {
  if (rows.length === 0) return 'No exercise has been submitted yet.';
  const hardest = [...rows].sort((a, b) => a.averageScorePercent - b.averageScorePercent)[0]!;
  const attempts = rows.reduce((n, r) => n + r.attempts, 0);
  return `${rows.length} exercise${rows.length === 1 ? '' : 's'}, ${attempts} attempts; the hardest is ${hardest.title} with an average of ${formatPercent(hardest.averageScorePercent)}.`;
}

function ResponseTimes({ times }: { times: Analytics['questionResponseTime'] }) {
  const figures = [
    ['Questions asked', String(times.questions)],
    ['Answered', String(times.answered)],
    ['Average time to answer', times.averageSeconds == null ? '—' : formatDuration(times.averageSeconds)],
    ['Median time to answer', times.medianSeconds == null ? '—' : formatDuration(times.medianSeconds)],
  ];
  return (
    <section aria-labelledby="qa-response">
      <h2 id="qa-response">Q&amp;A response time</h2>
      <dl className="stats">{figures.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}</dl>
    </section>
  );
}

function Revenue({ days, currency }: { days: Analytics['revenuePerDay']; currency: string }) {
  const money = (cents: number) => formatCents(cents, currency);
  const rows = days.map((d) => ({ day: d.day, paid: d.paidCents, refunded: d.refundedCents, orders: d.orders }));
  return (
    <ChartFigure
      title="Revenue per day"
      summary={`${daySeriesSummary(rows, (d) => d.paid, money)} Refunded: ${money(rows.reduce((n, d) => n + d.refunded, 0))}.`}
      rows={rows}
      rowKey={(d) => d.day}
      columns={[{ label: 'Day', value: (d) => d.day }, { label: 'Paid', value: (d) => money(d.paid) }, { label: 'Refunded', value: (d) => money(d.refunded) }, { label: 'Orders', value: (d) => d.orders }]}
    >
      <DayChart data={rows.map((d) => ({ day: d.day, paid: d.paid / 100, refunded: d.refunded / 100 }))} series={[{ key: 'paid', name: 'Paid' }, { key: 'refunded', name: 'Refunded' }]} format={(v) => formatCents(v * 100, currency)} />
    </ChartFigure>
  );
}

function AnalyticsCharts({ analytics, currency, paid }: { analytics: Analytics; currency: string; paid: boolean }) {
  const weeks = analytics.activeLearnersPerWeek;
  return (
    <Stack gap={6}>
      <div className="charts">
        <ChartFigure
          title="Enrolments per day"
          summary={daySeriesSummary(analytics.enrolmentsPerDay, (d) => d.count)}
          rows={analytics.enrolmentsPerDay}
          rowKey={(d) => d.day}
          columns={[{ label: 'Day', value: (d) => d.day }, { label: 'Enrolments', value: (d) => d.count }]}
        >
          <DayChart data={analytics.enrolmentsPerDay} series={[{ key: 'count', name: 'Enrolments' }]} />
        </ChartFigure>
        <ChartFigure
          title="Active learners per week"
          summary={weeks.length === 0 ? 'No weeks in this range.' : `${weeks.length} weeks; at most ${Math.max(...weeks.map((w) => w.count))} active learners in a week, ${weeks.at(-1)!.count} in the week of ${shortDay(weeks.at(-1)!.weekStart)}.`}
          rows={weeks}
          rowKey={(w) => w.weekStart}
          columns={[{ label: 'Week of', value: (w) => w.weekStart }, { label: 'Active learners', value: (w) => w.count }]}
        >
          <BarsChart data={weeks} label={(w) => shortDay(w.weekStart)} series={[{ key: 'count', name: 'Active learners' }]} />
        </ChartFigure>
        <ChartFigure
          title="Completion funnel by lesson"
          summary={funnelSummary(analytics.completionFunnel)}
          rows={analytics.completionFunnel}
          rowKey={(s) => s.lesson.id}
          columns={[{ label: 'Lesson', value: (s) => `${s.position}. ${s.lesson.title}` }, { label: 'Opened', value: (s) => s.opened }, { label: 'Completed', value: (s) => s.completed }]}
        >
          <BarsChart data={analytics.completionFunnel} label={(s) => String(s.position)} series={[{ key: 'opened', name: 'Opened' }, { key: 'completed', name: 'Completed' }]} />
        </ChartFigure>
        <ChartFigure
          title="Exercise difficulty"
          summary={difficultySummary(analytics.exerciseDifficulty)}
          rows={analytics.exerciseDifficulty}
          rowKey={(r) => r.exercise.id}
          columns={[{ label: 'Exercise', value: (r) => r.title }, { label: 'Average score', value: (r) => formatPercent(r.averageScorePercent) }, { label: 'Attempts', value: (r) => r.attempts }, { label: 'Learners', value: (r) => r.learners }]}
        >
          <BarsChart data={analytics.exerciseDifficulty} label={(r) => r.title} series={[{ key: 'averageScorePercent', name: 'Average score (%)' }, { key: 'attempts', name: 'Attempts', right: true }]} format={formatPercent} max={100} />
        </ChartFigure>
        {paid && <Revenue days={analytics.revenuePerDay} currency={currency} />}
      </div>
      <ResponseTimes times={analytics.questionResponseTime} />
    </Stack>
  );
}

export function CourseAnalyticsScreen({ id }: { id: string }) {
  const [range, setRange] = useDayRange();
  const [{ data, fetching, error }] = useQuery({ query: CourseAnalyticsQuery, variables: { courseId: id, ...range }, requestPolicy: 'cache-and-network' });
  const course = data?.course;
  const analytics = data?.courseAnalytics;
  // A course that was paid once keeps its revenue chart when made free.
  const paid = (course?.priceCents ?? 0) > 0 || (analytics?.revenuePerDay.some((d) => d.orders > 0) ?? false);
  return (
    <Stack gap={6}>
      <Row gap={2}>
        <h1 style={{ margin: 0 }}>Analytics{course ? `: ${course.title}` : ''}</h1>
        <Link to={`/teach/${encodeURIComponent(id)}`}>Back to the course</Link>
      </Row>
      <DateRange range={range} onChange={setRange} />
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && !analytics && !error && <Empty>No analytics for this course.</Empty>}
      {analytics && <AnalyticsCharts analytics={analytics} currency={course?.currency ?? 'EUR'} paid={paid} />}
    </Stack>
  );
}
