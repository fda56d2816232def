// A course's members as profile cards (instructor, teaching assistants, students); the
// instructor (or ADMIN) appoints and removes teaching assistants from its students.
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { CourseRole } from '../../gql/graphql.ts';
import { Link } from '../../lib/router.tsx';
import { useSession } from '../../lib/session.tsx';
import { Badge, Button, Card, ErrorAlert, Loading, Row, Stack } from '../../ui/index.tsx';
import { AppointMutation, MembersQuery, RemoveAssistantMutation } from './queries.ts';

const ROLE_LABELS: Record<CourseRole, string> = { INSTRUCTOR: 'Instructor', TEACHING_ASSISTANT: 'Teaching assistant', STUDENT: 'Student' };

const initials = (name: string) => name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');

export function MembersScreen({ courseId }: { courseId: string }) {
  const { session } = useSession();
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: MembersQuery, variables: { courseId, after }, requestPolicy: 'cache-and-network' });
  const [appointState, appoint] = useMutation(AppointMutation);
  const [removeState, remove] = useMutation(RemoveAssistantMutation);
  const course = data?.course;
  const appoints = Boolean(course && session && (course.instructor.id === session.user.id || session.user.roles.includes('ADMIN')));
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <Stack gap={4}>
      <Row gap={3}>
        <Link to={`/courses/${encodeURIComponent(courseId)}`}>← {course?.title ?? 'Course'}</Link>
        <Link to={`/courses/${encodeURIComponent(courseId)}/discussions`}>Discussions</Link>
      </Row>
      <h1>Members{course?.members ? ` (${course.members.totalCount})` : ''}</h1>
      <ErrorAlert error={error ?? appointState.error ?? removeState.error} />
      {!data && fetching && <Loading label="Loading members…" />}
      <ul className="list member-cards" aria-label="Members">
        {course?.members?.edges.map(({ node: m }) => (
          <li key={m.user.id}>
            <Card>
              <Row gap={3} style={{ alignItems: 'center' }}>
                <span className="avatar" aria-hidden="true">{initials(m.displayName)}</span>
                <Stack gap={1}>
                  <strong>{m.displayName}</strong>
                  <Badge label={`Role: ${ROLE_LABELS[m.role]}`}>{ROLE_LABELS[m.role]}</Badge>
                </Stack>
                {appoints && m.role === 'STUDENT' && (
                  <Button variant="secondary" busy={appointState.fetching} onClick={() => void appoint({ courseId, userId: m.user.id }).then(reload)}>
                    Make teaching assistant
                  </Button>
                )}
                {appoints && m.role === 'TEACHING_ASSISTANT' && (
                  <Button variant="ghost" busy={removeState.fetching} onClick={() => void remove({ courseId, userId: m.user.id }).then(reload)}>
                    Remove as teaching assistant
                  </Button>
                )}
              </Row>
            </Card>
          </li>
        ))}
      </ul>
      <Row gap={2}>
        {after && <Button variant="secondary" onClick={() => setAfter(null)}>First page</Button>}
        {course?.members?.pageInfo.hasNextPage && course.members.pageInfo.endCursor && (
          <Button variant="secondary" onClick={() => setAfter(course.members!.pageInfo.endCursor!)}>Next page</Button>
        )}
      </Row>
    </Stack>
  );
}
