import type { TestStack, TestUser } from './stack.ts';

/** Creates a course through the gateway as its instructor would: course, a section, a lesson. */
export async function createCourse(
  t: TestStack,
  instructor: TestUser,
  overrides: Partial<{ title: string; priceCents: number; currency: string; category: string; level: string; tags: string[] }> = {},
  { publish = true } = {},
): Promise<{ id: string; slug: string; sectionId: string }> {
  const input = {
    title: overrides.title ?? `Course ${Math.random().toString(36).slice(2, 8)}`,
    summary: 'A short summary.',
    description: 'A longer description of the course.',
    category: overrides.category ?? 'Programming',
    level: overrides.level ?? 'BEGINNER',
    tags: overrides.tags ?? ['demo'],
    priceCents: overrides.priceCents ?? 0,
    ...(overrides.currency ? { currency: overrides.currency } : {}),
  };
  const created = await t.gql(`mutation($input: CreateCourseInput!) { createCourse(input: $input) { id slug } }`, { input }, { token: instructor.token });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const { id, slug } = created.data!.createCourse;
  const section = await t.gql(`mutation($c: ID!) { addCourseSection(courseId: $c, title: "Getting started") { id } }`, { c: id }, { token: instructor.token });
  const sectionId = section.data!.addCourseSection.id as string;
  await t.gql(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Welcome", kind: VIDEO, durationMinutes: 5 }) { id } }`, { s: sectionId }, { token: instructor.token });
  if (publish) {
    const published = await t.gql(`mutation($c: ID!) { publishCourse(id: $c) { status } }`, { c: id }, { token: instructor.token });
    if (published.errors) throw new Error(JSON.stringify(published.errors));
  }
  return { id, slug, sectionId };
}
