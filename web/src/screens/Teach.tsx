import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.ts';
import type { CourseLevel, LessonKind } from '../gql/graphql.ts';
import { Link } from '../lib/router.tsx';
import { useSession } from '../lib/session.tsx';
import { ExerciseCreator } from './TeachExercise.tsx';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, Loading, Row, SelectField, Stack, TextArea, TextField } from '../ui/index.tsx';

const MyCoursesQuery = graphql(`
  query TaughtCourses { me { id taughtCourses { id title status lessonCount sections { id title } } } }
`);
const CreateCourseMutation = graphql(`
  mutation CreateCourse($input: CreateCourseInput!) { createCourse(input: $input) { id title status lessonCount sections { id title } } }
`);
const AddSectionMutation = graphql(`
  mutation AddSection($courseId: ID!, $title: String!) { addCourseSection(courseId: $courseId, title: $title) { id title } }
`);
const AddLessonMutation = graphql(`
  mutation AddLesson($sectionId: ID!, $input: AddLessonInput!) { addLesson(sectionId: $sectionId, input: $input) { id title } }
`);
const PublishMutation = graphql(`
  mutation Publish($id: ID!) { publishCourse(id: $id) { id status publishedAt } }
`);

function CourseEditor({ course, onChange }: { course: { id: string; title: string; status: string; lessonCount: number; sections: { id: string; title: string }[] }; onChange(): void }) {
  const [lessonTitle, setLessonTitle] = useState('');
  const [lessonKind, setLessonKind] = useState<LessonKind>('READING');
  const [sectionState, addSection] = useMutation(AddSectionMutation);
  const [lessonState, addLesson] = useMutation(AddLessonMutation);
  const [publishState, publish] = useMutation(PublishMutation);
  const addLessonSubmit = async (e: FormEvent) => {
    e.preventDefault();
    let sectionId = course.sections[0]?.id;
    if (!sectionId) sectionId = (await addSection({ courseId: course.id, title: 'Getting started' })).data?.addCourseSection.id;
    if (!sectionId) return;
    const res = await addLesson({ sectionId, input: { title: lessonTitle.trim(), kind: lessonKind } });
    if (res.data) { setLessonTitle(''); onChange(); }
  };
  return (
    <Card as="li">
      <Stack gap={3}>
        <Row gap={2}><h2 style={{ margin: 0 }}><Link to={`/courses/${course.id}`}>{course.title}</Link></h2><Badge>{course.status.toLowerCase()}</Badge></Row>
        <p className="muted">{course.lessonCount} {course.lessonCount === 1 ? 'lesson' : 'lessons'}</p>
        <div><Link to={`/teach/${course.id}`}>Edit details, lessons, media and supplements</Link></div>
        <div><Link to={`/teach/${course.id}/analytics`}>Analytics</Link></div>
        <ErrorAlert error={sectionState.error ?? lessonState.error ?? publishState.error} />
        <Stack as="form" gap={2} onSubmit={addLessonSubmit}>
          <TextField label={`New lesson in ${course.title}`} value={lessonTitle} onChange={(e) => setLessonTitle(e.target.value)} required />
          {/* Exercises and labs are made from their own forms; a lesson here is read or watched. */}
          <SelectField label={`Kind of lesson (${course.title})`} value={lessonKind} onChange={(e) => setLessonKind(e.target.value as LessonKind)}
            options={[{ value: 'READING', label: 'Reading' }, { value: 'VIDEO', label: 'Video' }]} />
          <div><Button type="submit" variant="secondary" busy={lessonState.fetching} disabled={!lessonTitle.trim()}>Add lesson</Button></div>
        </Stack>
        {course.status === 'DRAFT' && (
          <div><Button busy={publishState.fetching} disabled={course.lessonCount === 0} onClick={async () => { await publish({ id: course.id }); onChange(); }}>Publish</Button></div>
        )}
        <ExerciseCreator courseId={course.id} courseTitle={course.title} />
      </Stack>
    </Card>
  );
}

export function TeachScreen() {
  const { session } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyCoursesQuery, pause: !session, requestPolicy: 'cache-and-network' });
  const [createState, create] = useMutation(CreateCourseMutation);
  const [form, setForm] = useState({ title: '', summary: '', description: '', category: '', level: 'BEGINNER', price: '0' });
  if (!session) return <Empty><Link to="/signin">Sign in</Link> as an instructor.</Empty>;
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await create({ input: {
      title: form.title.trim(), summary: form.summary.trim(), description: form.description.trim(), category: form.category.trim(),
      level: form.level as CourseLevel, priceCents: Math.round(Number(form.price || '0') * 100),
    } });
    if (res.data) { setForm({ title: '', summary: '', description: '', category: '', level: 'BEGINNER', price: '0' }); reload(); }
  };
  const courses = data?.me?.taughtCourses ?? [];
  return (
    <Stack gap={6}>
      <h1>Teach</h1>
      <div className="two-cols">
        <Stack gap={4}>
          <ErrorAlert error={error} />
          {!data && fetching && <Loading />}
          {data && courses.length === 0 && <Empty>You teach no course yet.</Empty>}
          <ul className="list" aria-label="Courses I teach" style={{ gap: 16 }}>
            {courses.map((c) => <CourseEditor key={c.id} course={c} onChange={reload} />)}
          </ul>
        </Stack>
        <Card as="section" aria-labelledby="new-course">
          <Stack as="form" gap={3} onSubmit={submit}>
            <h2 id="new-course">New course</h2>
            {createState.data && <Alert tone="success">Draft “{createState.data.createCourse.title}” created: add a lesson, then publish.</Alert>}
            <ErrorAlert error={createState.error} />
            <TextField label="Title" value={form.title} onChange={set('title')} required />
            <TextField label="Summary" value={form.summary} onChange={set('summary')} required />
            <TextArea label="Description" value={form.description} onChange={set('description')} required />
            <TextField label="Category" value={form.category} onChange={set('category')} required />
            <SelectField label="Level" value={form.level} onChange={set('level')} options={[{ value: 'BEGINNER', label: 'Beginner' }, { value: 'INTERMEDIATE', label: 'Intermediate' }, { value: 'ADVANCED', label: 'Advanced' }]} />
            <TextField label="Price (EUR, 0 for free)" type="number" min={0} step="0.01" value={form.price} onChange={set('price')} />
            <div><Button type="submit" busy={createState.fetching}>Create draft</Button></div>
          </Stack>
        </Card>
      </div>
    </Stack>
  );
}
