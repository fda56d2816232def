// The learner's dashboard: time learned, streaks, completions, average score, the skill heatmap and
// what to study next. Live: progressUpdated brings the whole dashboard after each move of the
// user's progress (a lesson completed in another tab moves it without a reload); the client's
// cache puts it in place of the query's answer.
import { useQuery, useSubscription } from 'urql';
import { ChartFigure } from '../analytics/ChartFigure.tsx';
import { DayChart } from '../analytics/charts.tsx';
import { MyDashboardQuery, ProgressUpdatedSubscription } from '../analytics/queries.ts';
import { daySeriesSummary, formatDuration, formatPercent, shortDay } from '../analytics/series.ts';
import { SkillHeatmap } from '../analytics/SkillHeatmap.tsx';
import type { DashboardFieldsFragment } from '../gql/graphql.ts';
import { lessonPath } from '../lesson/order.ts';
import { Link } from '../lib/router.tsx';
import { useCatchUpOnReconnect, useLiveState, useSession } from '../lib/session.tsx';
import { Card, Empty, ErrorAlert, LiveIndicator, Loading, Stack } from '../ui/index.tsx';

function scoreSummary(days: DashboardFieldsFragment['averageScoreOverTime']): string {
  if (days.length === 0) return 'No graded exercises in the last 30 days.';
  const submissions = days.reduce((n, d) => n + d.submissions, 0);
  const last = days.at(-1)!;
  const first = days[0]!;
  const trend = days.length > 1 ? `, from ${formatPercent(first.averagePercent)} on ${shortDay(first.day)}` : '';
  return `${submissions} graded submission${submissions === 1 ? '' : 's'} on ${days.length} day${days.length === 1 ? '' : 's'}; latest average ${formatPercent(last.averagePercent)} on ${shortDay(last.day)}${trend}.`;
}

function Figures({ dashboard }: { dashboard: DashboardFieldsFragment }) {
  const figures = [
    ['Current streak', `${dashboard.currentStreak} day${dashboard.currentStreak === 1 ? '' : 's'}`],
    ['Longest streak', `${dashboard.longestStreak} day${dashboard.longestStreak === 1 ? '' : 's'}`],
    ['Lessons completed', String(dashboard.lessonsCompleted)],
    ['Courses completed', String(dashboard.coursesCompleted)],
  ];
  return (
    <dl className="stats" aria-label="Your figures">
      {figures.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}
    </dl>
  );
}

function Recommendations({ recommendations }: { recommendations: DashboardFieldsFragment['recommendations'] }) {
  return (
    <Card as="section" aria-labelledby="recommendations">
      <Stack gap={3}>
        <h2 id="recommendations" style={{ margin: 0 }}>What to study next</h2>
        <div>
          <h3>Next lessons</h3>
          {recommendations.nextLessons.length === 0
            ? <p className="muted">No course in progress. <Link to="/">Find a course</Link>.</p>
            : <ul aria-label="Next lessons">{recommendations.nextLessons.map((l) => <li key={`${l.courseId}/${l.id}`}><Link to={lessonPath(l.courseId, l.id)}>{l.title}</Link></li>)}</ul>}
        </div>
        <div>
          <h3>Weakest skills</h3>
          {recommendations.weakestSkills.length === 0
            ? <p className="muted">No skills measured yet.</p>
            : <ul aria-label="Weakest skills">{recommendations.weakestSkills.map((s) => <li key={s.skill}>{s.skill}: {formatPercent(s.mastery * 100)} over {s.attempts} attempt{s.attempts === 1 ? '' : 's'}</li>)}</ul>}
        </div>
      </Stack>
    </Card>
  );
}

function DashboardView({ dashboard }: { dashboard: DashboardFieldsFragment }) {
  const time = dashboard.timeLearnedPerDay;
  const scores = dashboard.averageScoreOverTime;
  return (
    <Stack gap={6}>
      <Figures dashboard={dashboard} />
      <div className="charts">
        <ChartFigure
          title="Time learned per day"
          summary={daySeriesSummary(time, (d) => d.seconds, formatDuration)}
          rows={time}
          rowKey={(d) => d.day}
          columns={[{ label: 'Day', value: (d) => d.day }, { label: 'Time learned', value: (d) => formatDuration(d.seconds) }]}
        >
          <DayChart data={time.map((d) => ({ day: d.day, minutes: Math.round(d.seconds / 60) }))} series={[{ key: 'minutes', name: 'Minutes' }]} area format={(m) => `${m} min`} />
        </ChartFigure>
        <ChartFigure
          title="Average exercise score"
          summary={scoreSummary(scores)}
          rows={scores}
          rowKey={(d) => d.day}
          columns={[{ label: 'Day', value: (d) => d.day }, { label: 'Average score', value: (d) => formatPercent(d.averagePercent) }, { label: 'Submissions', value: (d) => d.submissions }]}
        >
          <DayChart data={scores} series={[{ key: 'averagePercent', name: 'Average score' }]} format={formatPercent} max={100} />
        </ChartFigure>
      </div>
      <SkillHeatmap skills={dashboard.skillHeatmap} />
      <Recommendations recommendations={dashboard.recommendations} />
    </Stack>
  );
}

export function DashboardScreen() {
  const { session } = useSession();
  const liveState = useLiveState();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyDashboardQuery, pause: !session, requestPolicy: 'cache-and-network' });
  // Each update's dashboard replaces the cached one (lib/client.ts), which this query shows.
  useSubscription({ query: ProgressUpdatedSubscription, variables: { userId: session?.user.id ?? '' }, pause: !session });
  useCatchUpOnReconnect(() => refetch({ requestPolicy: 'network-only' }));
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to see your dashboard.</Empty>;
  const dashboard = data?.myDashboard;
  return (
    <Stack gap={6}>
      <div className="section-head">
        <h1 style={{ margin: 0 }}>Your dashboard</h1>
        <LiveIndicator state={liveState} />
      </div>
      <ErrorAlert error={error} />
      {!dashboard && fetching && <Loading />}
      {dashboard && <DashboardView dashboard={dashboard} />}
    </Stack>
  );
}
