import { useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import { formatSeconds } from '../lesson/format.ts';
import { lessonPath } from '../lesson/order.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { Badge, Card, Empty, ErrorAlert, Loading, Progress, Stack } from '../ui/index.tsx';

const MyLearningQuery = graphql(`
  query MyLearning { myEnrollments(first: 50) { totalCount edges { node { id status progressPercent resumeAtSeconds resumeLesson { id title } course { id title instructor { id displayName } } } } } }
`);

export function MyLearningScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: MyLearningQuery, pause: !session, requestPolicy: 'cache-and-network' });
  if (!session) return <Empty><Link to="/signin">Sign in</Link> to see your courses.</Empty>;
  const items = data?.myEnrollments.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap={6}>
      <h1>My learning</h1>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && items.length === 0 && <Empty>You are not enrolled in any course yet. <Link to="/">Browse the catalog</Link>.</Empty>}
      <ul className="grid list" aria-label="My courses">
        {items.map((e) => (
          <Card as="li" key={e.id}>
            <Stack gap={2}>
              <h2><Link to={`/courses/${e.course.id}`}>{e.course.title}</Link></h2>
              <p className="muted">by {e.course.instructor.displayName}</p>
              <Progress value={e.progressPercent} label={`Progress in ${e.course.title}`} />
              {e.status === 'COMPLETED'
                ? <p><Badge label={`${e.course.title}: course completed`}>✓ Course completed</Badge></p>
                : <p>{Math.round(e.progressPercent)}% · {e.status.toLowerCase()}</p>}
              {e.resumeLesson && (
                <p>
                  {/* The title comes with the enrolment (learning provides it): no read of catalog's courses. */}
                  <Link to={lessonPath(e.course.id, e.resumeLesson.id)}>Continue where you left off</Link>
                  <span>: {e.resumeLesson.title}</span>
                  {e.resumeAtSeconds ? <span className="muted"> · at {formatSeconds(e.resumeAtSeconds)}</span> : null}
                </p>
              )}
            </Stack>
          </Card>
        ))}
      </ul>
    </Stack>
  );
}
