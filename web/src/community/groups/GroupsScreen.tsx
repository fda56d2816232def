// Study groups: mine, suggested for one of my courses, found by course and name, and a form to make one.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import type { GroupCardFieldsFragment, StudyGroupVisibility } from '../../gql/graphql.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { useSession } from '../../lib/session.tsx';
import { useDebounced } from '../../lib/useDebounced.ts';
import { Badge, Button, Card, Empty, ErrorAlert, Loading, SelectField, Stack, TextArea, TextField } from '../../ui/index.tsx';

export const GroupCardFields = graphql(`
  fragment GroupCardFields on StudyGroup { id name description visibility capacity memberCount viewerStatus courses { id title } }
`);

const MyCoursesQuery = graphql(`
  query GroupsMyCourses { myEnrollments(first: 50) { edges { node { id course { id title } } } } }
`);
const MyGroupsQuery = graphql(`
  query MyStudyGroups { studyGroups(filter: { mine: true }, first: 50) { totalCount edges { node { ...GroupCardFields } } } }
`);
const CourseGroupsQuery = graphql(`
  query CourseStudyGroups($courseId: ID!, $search: String) {
    studyGroups(filter: { courseId: $courseId, search: $search }, first: 20) { totalCount edges { node { ...GroupCardFields } } }
    suggestedStudyGroups(courseId: $courseId, first: 5) { score sharedCourses membersLessonsCompleted viewerLessonsCompleted group { ...GroupCardFields } }
  }
`);
const CreateGroupMutation = graphql(`
  mutation CreateStudyGroup($input: CreateStudyGroupInput!) { createStudyGroup(input: $input) { ...GroupCardFields } }
`);

const STATUS: Record<string, string> = { OWNER: 'Owner', MEMBER: 'Member', REQUESTED: 'Requested', INVITED: 'Invited' };

function GroupCard({ group, note }: { group: GroupCardFieldsFragment; note?: string }) {
  return (
    <Card as="li">
      <Stack gap={2}>
        <Link to={`/groups/${group.id}`}><strong>{group.name}</strong></Link>
        <span className="muted">{group.courses.map((c) => c.title).join(' · ')}</span>
        {group.description && <p className="qa-item">{group.description}</p>}
        <span>
          {group.memberCount} / {group.capacity} members {group.visibility === 'INVITE_ONLY' && <Badge>Invite only</Badge>}{' '}
          {STATUS[group.viewerStatus] && <Badge>{STATUS[group.viewerStatus]}</Badge>}
        </span>
        {note && <span className="muted">{note}</span>}
      </Stack>
    </Card>
  );
}

function CreateGroup({ courses }: { courses: { id: string; title: string }[] }) {
  const [state, create] = useMutation(CreateGroupMutation);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [courseId, setCourseId] = useState('');
  const [visibility, setVisibility] = useState<StudyGroupVisibility>('PUBLIC');
  const [capacity, setCapacity] = useState('10');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await create({ input: { name, description, courseIds: [courseId || courses[0]!.id], visibility, capacity: Number(capacity) } });
    if (res.data) navigate(`/groups/${res.data.createStudyGroup.id}`);
  };
  if (courses.length === 0) return <Empty>Enrol in a course to start a study group.</Empty>;
  return (
    <Stack as="form" gap={3} onSubmit={submit} aria-label="Create a study group">
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
      <TextArea label="Description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
      <SelectField label="Course" value={courseId || courses[0]!.id} onChange={(e) => setCourseId(e.target.value)} options={courses.map((c) => ({ value: c.id, label: c.title }))} />
      <SelectField label="Who may join" value={visibility} onChange={(e) => setVisibility(e.target.value as StudyGroupVisibility)}
        options={[{ value: 'PUBLIC', label: 'Anyone in the course' }, { value: 'INVITE_ONLY', label: 'By invitation or approval' }]} />
      <TextField label="Capacity" type="number" min={1} max={1000} value={capacity} onChange={(e) => setCapacity(e.target.value)} />
      <ErrorAlert error={state.error} />
      <div><Button type="submit" busy={state.fetching}>Create the group</Button></div>
    </Stack>
  );
}

export function GroupsScreen() {
  const { session } = useSession();
  const [courses] = useQuery({ query: MyCoursesQuery, pause: !session });
  const [mine] = useQuery({ query: MyGroupsQuery, pause: !session, requestPolicy: 'cache-and-network' });
  const myCourses = courses.data?.myEnrollments.edges.map((e) => e.node.course) ?? [];
  const [courseId, setCourseId] = useState('');
  const chosen = courseId || myCourses[0]?.id || '';
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 300);
  const [found] = useQuery({ query: CourseGroupsQuery, variables: { courseId: chosen, search: debounced || null }, pause: !chosen, requestPolicy: 'cache-and-network' });
  const [creating, setCreating] = useState(false);
  if (!session) return <p><Link to="/signin">Sign in</Link> to find study groups.</p>;
  return (
    <Stack gap={6}>
      <div className="section-head">
        <h1>Study groups</h1>
        <Button variant={creating ? 'ghost' : 'primary'} onClick={() => setCreating(!creating)}>{creating ? 'Close' : 'New study group'}</Button>
      </div>
      {creating && <Card as="section"><CreateGroup courses={myCourses} /></Card>}
      <section aria-labelledby="my-groups">
        <Stack gap={3}>
          <h2 id="my-groups">My groups</h2>
          <ErrorAlert error={mine.error} />
          {!mine.data && mine.fetching && <Loading />}
          {mine.data?.studyGroups?.totalCount === 0 && <Empty>You are in no study group yet.</Empty>}
          <ul className="grid list">{mine.data?.studyGroups?.edges.map((e) => <GroupCard key={e.node.id} group={e.node} />)}</ul>
        </Stack>
      </section>
      <section aria-labelledby="find-groups">
        <Stack gap={3}>
          <h2 id="find-groups">Find a group</h2>
          {myCourses.length > 0 ? (
            <div className="grid">
              <SelectField label="Course" value={chosen} onChange={(e) => setCourseId(e.target.value)} options={myCourses.map((c) => ({ value: c.id, label: c.title }))} />
              <TextField label="Search by name" value={search} onChange={(e) => setSearch(e.target.value)} maxLength={100} />
            </div>
          ) : <Empty>Enrol in a course to find its study groups.</Empty>}
          <ErrorAlert error={found.error} />
          {found.data?.suggestedStudyGroups && found.data.suggestedStudyGroups.length > 0 && (
            <>
              <h3>Suggested for you</h3>
              <ul className="grid list" aria-label="Suggested groups">
                {found.data.suggestedStudyGroups.map((s) => (
                  <GroupCard key={s.group.id} group={s.group}
                    note={`${s.sharedCourses} shared course${s.sharedCourses === 1 ? '' : 's'} · members completed ${s.membersLessonsCompleted} lessons on average, you ${s.viewerLessonsCompleted}`} />
                ))}
              </ul>
            </>
          )}
          <h3>All groups of the course</h3>
          {found.data?.studyGroups?.totalCount === 0 && <Empty>No group yet: start one.</Empty>}
          <ul className="grid list" aria-label="Course groups">{found.data?.studyGroups?.edges.map((e) => <GroupCard key={e.node.id} group={e.node} />)}</ul>
        </Stack>
      </section>
    </Stack>
  );
}
