// The course's lessons beside the one being read: where you are, what is done, what you may open.
import { Link } from '../lib/router.tsx';
import { Card, Stack } from '../ui/index.tsx';
import { lessonPath } from './order.ts';

interface OutlineLesson { id: string; title: string; position: number; preview: boolean }
interface OutlineCourse { id: string; sections: readonly { id: string; title: string; position: number; lessons: readonly OutlineLesson[] }[] }

export function LessonOutline({ course, currentId, completed, member }: { course: OutlineCourse; currentId: string; completed: readonly string[]; member: boolean }) {
  const done = new Set(completed);
  const sections = [...course.sections].sort((a, b) => a.position - b.position);
  return (
    <Card as="section" aria-labelledby="outline">
      <Stack gap={2}>
        <h2 id="outline">Course content</h2>
        {sections.map((s) => (
          <Stack gap={1} key={s.id}>
            <h3>{s.title}</h3>
            <ol className="list outline">
              {[...s.lessons].sort((a, b) => a.position - b.position).map((l) => (
                <li key={l.id}>
                  {l.id === currentId
                    ? <strong aria-current="page">{l.title}</strong>
                    : member || l.preview ? <Link to={lessonPath(course.id, l.id)}>{l.title}</Link> : <span>{l.title}</span>}
                  {l.preview && !member && <span className="muted"> · Preview</span>}
                  {done.has(l.id) && <span aria-label="completed"> ✓</span>}
                </li>
              ))}
            </ol>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
