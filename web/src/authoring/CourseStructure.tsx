// Sections and lessons in order, with buttons to move them (reorderCourse, guarded on the course's
// version), and the lesson whose content is being edited.
import { useMutation } from 'urql';
import { Badge, Button, Card, Row, Stack } from '../ui/index.tsx';
import { ReorderCourseMutation, type AuthoredCourse } from './queries.ts';
import { WriteError } from './conflict.tsx';

type SectionOrder = { id: string; lessonIds: string[] }[];

/** `items` with the one at `from` moved to `to` (both in range). */
function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function CourseStructure({ course, editing, onEdit, onReload }: { course: AuthoredCourse; editing: string | null; onEdit(lessonId: string): void; onReload(): void }) {
  const [state, reorder] = useMutation(ReorderCourseMutation);
  const order: SectionOrder = course.sections.map((s) => ({ id: s.id, lessonIds: s.lessons.map((l) => l.id) }));
  const send = (sections: SectionOrder) => void reorder({ input: { courseId: course.id, sections, expectedVersion: course.version } });
  const moveSection = (i: number, by: number) => send(moved(order, i, i + by));
  const moveLesson = (si: number, li: number, by: number) =>
    send(order.map((s, i) => (i === si ? { ...s, lessonIds: moved(s.lessonIds, li, li + by) } : s)));
  return (
    <Card as="section" aria-labelledby="structure">
      <Stack gap={3}>
        <h2 id="structure">Sections and lessons</h2>
        <WriteError error={state.error} what="The course" onReload={onReload} />
        <ol className="list" aria-label="Sections">
          {course.sections.map((section, si) => (
            <li key={section.id}>
              <Stack gap={2}>
                <Row gap={2}>
                  <h3 style={{ margin: 0 }}>{section.title}</h3>
                  <Button variant="ghost" aria-label={`Move section ${section.title} up`} disabled={si === 0 || state.fetching} onClick={() => moveSection(si, -1)}>↑</Button>
                  <Button variant="ghost" aria-label={`Move section ${section.title} down`} disabled={si === course.sections.length - 1 || state.fetching} onClick={() => moveSection(si, 1)}>↓</Button>
                </Row>
                <ol className="list" aria-label={`Lessons of ${section.title}`}>
                  {section.lessons.map((lesson, li) => (
                    <li key={lesson.id} className="lesson">
                      <span>{lesson.title} <Badge>{lesson.kind.toLowerCase()}</Badge>{lesson.preview && <> <Badge>preview</Badge></>}</span>
                      <Row gap={1}>
                        <Button variant="ghost" aria-label={`Move ${lesson.title} up`} disabled={li === 0 || state.fetching} onClick={() => moveLesson(si, li, -1)}>↑</Button>
                        <Button variant="ghost" aria-label={`Move ${lesson.title} down`} disabled={li === section.lessons.length - 1 || state.fetching} onClick={() => moveLesson(si, li, 1)}>↓</Button>
                        <Button variant={editing === lesson.id ? 'primary' : 'secondary'} aria-pressed={editing === lesson.id} aria-label={`Edit ${lesson.title}`} onClick={() => onEdit(lesson.id)}>Edit</Button>
                      </Row>
                    </li>
                  ))}
                </ol>
              </Stack>
            </li>
          ))}
        </ol>
      </Stack>
    </Card>
  );
}
