// One taught course, to author: details, cover, the order of sections and lessons, each lesson's
// content and media, and supplements.
import { useState } from 'react';
import { useQuery } from 'urql';
import { CourseDetails } from '../authoring/CourseDetails.tsx';
import { CourseStructure } from '../authoring/CourseStructure.tsx';
import { CoverImage } from '../authoring/CoverImage.tsx';
import { LessonEditor } from '../authoring/LessonEditor.tsx';
import { Supplements } from '../authoring/Supplements.tsx';
import { TeachCourseQuery } from '../authoring/queries.ts';
import { Link } from '../lib/router.tsx';
import { Badge, Empty, ErrorAlert, Loading, Row, Stack } from '../ui/index.tsx';

export function TeachCourseScreen({ id }: { id: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TeachCourseQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const course = data?.course;
  if (error && !course) return <ErrorAlert error={error} />;
  if (!course) return fetching ? <Loading /> : <Empty>No such course. <Link to="/teach">Back to Teach</Link></Empty>;
  return (
    <Stack gap={6}>
      <Row gap={2}>
        <h1 style={{ margin: 0 }}>{course.title}</h1>
        <Badge>{course.status.toLowerCase()}</Badge>
        <Link to={`/courses/${course.id}`}>See the course page</Link>
        <Link to={`/teach/${course.id}/gradebook`}>Gradebook and appeals</Link>
        <Link to={`/teach/${course.id}/analytics`}>Analytics</Link>
        <Link to="/teach">All my courses</Link>
      </Row>
      <div className="two-cols">
        <Stack gap={4}>
          <CourseStructure course={course} editing={editing} onEdit={setEditing} onReload={reload} />
          {editing && <LessonEditor key={editing} courseId={course.id} lessonId={editing} onSaved={reload} />}
          <Supplements course={course} onAdded={reload} />
        </Stack>
        <Stack gap={4}>
          <CourseDetails key={course.id} course={course} onReload={reload} />
          <CoverImage course={course} />
        </Stack>
      </div>
    </Stack>
  );
}
