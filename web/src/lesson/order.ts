// Lessons in reading order: sections by position, their lessons by position.
interface Positioned { position: number }
interface SectionLike<L> extends Positioned { lessons: readonly L[] }

export function readingOrder<L extends Positioned>(sections: readonly SectionLike<L>[]): L[] {
  const byPosition = (a: Positioned, b: Positioned) => a.position - b.position;
  return [...sections].sort(byPosition).flatMap((s) => [...s.lessons].sort(byPosition));
}

/** The lessons before and after `lessonId` in reading order (null at either end). */
export function neighbours<L extends Positioned & { id: string }>(sections: readonly SectionLike<L>[], lessonId: string): { previous: L | null; next: L | null } {
  const lessons = readingOrder(sections);
  const at = lessons.findIndex((l) => l.id === lessonId);
  if (at < 0) return { previous: null, next: null };
  return { previous: lessons[at - 1] ?? null, next: lessons[at + 1] ?? null };
}

export const lessonPath = (courseId: string, lessonId: string) => `/courses/${encodeURIComponent(courseId)}/lessons/${encodeURIComponent(lessonId)}`;
