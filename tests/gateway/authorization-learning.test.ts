import { afterAll, beforeAll } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { actors, asActor, cast, enrol, later, matrix, resultOf, signedInWords, type Actor, type Person } from '../support/matrix.ts';
import { startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every learning field of the API, asked through the running gateway by each of the six callers.
// `course` is the matrix's course: `instructor` teaches every course here, `enrolled` is enrolled
// in `course` (and in `progress`) and has wishlisted `course`, `student` is enrolled nowhere.
// The reads come first and see the set-up only. The writes come after them, each on a course of
// its own, and can be asked again without changing their answer (enrolling twice gives the same
// enrolment, completing a lesson twice changes nothing, the wishlist calls answer true).

let t: TestStack;
let people: Record<Person, TestUser>;
let course: { id: string; title: string; enrollment: { id: string; enrolledAt: string } };
let progress: { id: string; title: string; lessonIds: string[]; enrollment: { id: string; enrolledAt: string } };
let enrolInto: string;
let wishInto: string;
let paid: string;
let draft: string;

const COURSE = 'Learning matrix course';
const PROGRESS = 'Learning progress course';

async function lessonIdsOf(courseId: string): Promise<string[]> {
  const res = await t.gql(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: courseId });
  return res.data!.course.sections.flatMap((s: any) => s.lessons.map((l: any) => l.id));
}

beforeAll(async () => {
  t = await startTestStack();
  people = await cast(t, 'Learning');
  const main = await createCourse(t, people.instructor, { title: COURSE });
  const second = await createCourse(t, people.instructor, { title: PROGRESS });
  // Two lessons, so that completing one leaves the enrolment ACTIVE at 50 %.
  await t.gql(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Second", kind: READING }) { id } }`, { s: second.sectionId }, { token: people.instructor.token });
  progress = { id: second.id, title: PROGRESS, lessonIds: await lessonIdsOf(second.id), enrollment: await enrol(t, people.enrolled, second.id) };
  course = { id: main.id, title: COURSE, enrollment: await enrol(t, people.enrolled, main.id) };
  const wished = await t.gql(`mutation($c: ID!) { addToWishlist(courseId: $c) }`, { c: main.id }, { token: people.enrolled.token });
  if (wished.errors) throw new Error(JSON.stringify(wished.errors));
  enrolInto = (await createCourse(t, people.instructor, { title: 'Learning enrolment course' })).id;
  wishInto = (await createCourse(t, people.instructor, { title: 'Learning wishlist course' })).id;
  paid = (await createCourse(t, people.instructor, { title: 'Learning paid course', priceCents: 2500 })).id;
  draft = (await createCourse(t, people.instructor, { title: 'Learning draft course' }, { publish: false })).id;
});
afterAll(async () => t?.close());

const as = asActor(() => t, () => people);
const each = <T>(value: T) => Object.fromEntries(actors.map((a) => [a, value])) as Record<Actor, T>;
/** `signedIn` for everyone signed in, UNAUTHENTICATED for the anonymous caller. */
const forSignedIn = <T>(signedIn: T) => ({ ...each<unknown>(signedIn), anonymous: 'UNAUTHENTICATED' });
/** `mine` for the enrolled student, `others` for the rest of the signed-in callers. */
const onlyEnrolled = <T, U>(mine: T, others: U) => ({ ...forSignedIn(others), enrolled: mine });

const ENROLLMENT_FIELDS = 'id user { id displayName } course { id title } status progressPercent completedLessonIds enrolledAt completedAt';
const enrollmentOf = (which: typeof course | typeof progress) => ({
  id: which.enrollment.id, user: { id: people.enrolled.id, displayName: 'Learning Enrolled' }, course: { id: which.id, title: which.title },
  status: 'ACTIVE', progressPercent: 0, completedLessonIds: [], enrolledAt: which.enrollment.enrolledAt, completedAt: null,
});
/** The enrolled student's two enrolments, newest first, as a list of them shows them. */
const theirs = () => [{ id: course.enrollment.id, course: { title: COURSE } }, { id: progress.enrollment.id, course: { title: PROGRESS } }];

matrix('learning reads through the gateway, for each caller', [
  {
    name: "myEnrollments lists the caller's own enrolments, newest first",
    run: async (a) => resultOf(await as(a, `{ myEnrollments { totalCount edges { node { course { title } } } } }`),
      (d) => d.myEnrollments.edges.map((e: any) => e.node.course.title)),
    expect: onlyEnrolled([COURSE, PROGRESS], []),
  },
  {
    name: 'Enrollment fields read through myEnrollments are those of the caller\'s own enrolments',
    run: async (a) => resultOf(await as(a, `{ myEnrollments { edges { node { ${ENROLLMENT_FIELDS} } } } }`),
      (d) => d.myEnrollments.edges.map((e: any) => e.node)),
    expect: onlyEnrolled(later(() => [enrollmentOf(course), enrollmentOf(progress)]), []),
    words: { enrolled: 'every field of both of their enrolments' },
  },
  {
    name: "myWishlist lists the caller's own wishlisted courses",
    run: async (a) => resultOf(await as(a, `{ myWishlist { title viewerHasWishlisted } }`), (d) => d.myWishlist),
    expect: onlyEnrolled([{ title: COURSE, viewerHasWishlisted: true }], []),
  },
  {
    name: "User.enrollments of the enrolled student is theirs and an ADMIN's to read",
    run: async (a) => resultOf(await as(a, `query($u: ID!) { user(id: $u) { enrollments { totalCount edges { node { id course { title } } } } } }`, { u: people.enrolled.id }),
      (d) => d.user.enrollments.edges.map((e: any) => e.node)),
    expect: {
      anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: later(theirs), instructor: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: later(theirs),
    },
    words: { enrolled: 'their two enrolments', admin: 'their two enrolments' },
  },
  {
    name: 'Course.enrollmentCount is public',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { enrollmentCount } }`, { c: course.id }), (d) => d.course.enrollmentCount),
    expect: each(1),
  },
  {
    name: "Course.viewerEnrollment is the caller's own enrolment, every field of it, or null",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { viewerEnrollment { ${ENROLLMENT_FIELDS} } } }`, { c: course.id }), (d) => d.course.viewerEnrollment),
    expect: { ...each(null), enrolled: later(() => enrollmentOf(course)) },
    words: { enrolled: 'their enrolment' },
  },
  {
    name: 'Course.viewerHasWishlisted says whether the caller wishlisted the course, false when anonymous',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { viewerHasWishlisted } }`, { c: course.id }), (d) => d.course.viewerHasWishlisted),
    expect: { ...each(false), enrolled: true },
  },
]);

/** How many enrolments a course has, asked by its instructor (a draft is theirs to see). */
const enrolmentsIn = async (courseId: string) =>
  (await as('instructor', `query($c: ID!) { course(id: $c) { enrollmentCount } }`, { c: courseId })).data!.course.enrollmentCount as number;

const ENROL = `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id status user { id } course { id } } }`;

matrix('learning writes through the gateway, for each caller', [
  {
    name: 'enrollInFreeCourse enrols any signed-in caller in a published free course, and the same enrolment comes back the second time',
    run: async (a) => {
      const first = await as(a, ENROL, { c: enrolInto });
      if (first.errors) return resultOf(first, () => null);
      const again = (await as(a, ENROL, { c: enrolInto })).data!.enrollInFreeCourse;
      const e = first.data!.enrollInFreeCourse;
      return { status: e.status, mine: e.user.id === people[a as Person].id && e.course.id === enrolInto, sameTwice: again.id === e.id };
    },
    expect: forSignedIn({ status: 'ACTIVE', mine: true, sameTwice: true }),
    words: signedInWords('an ACTIVE enrolment of their own, the same one twice'),
  },
  {
    name: 'enrollInFreeCourse in a paid course enrols nobody',
    run: async (a) => ({ outcome: resultOf(await as(a, ENROL, { c: paid }), () => 'enrolled'), enrolments: await enrolmentsIn(paid) }),
    expect: { ...each({ outcome: 'PAYMENT_REQUIRED', enrolments: 0 }), anonymous: { outcome: 'UNAUTHENTICATED', enrolments: 0 } },
    words: { ...signedInWords('PAYMENT_REQUIRED, and the course still has no enrolment'), anonymous: 'UNAUTHENTICATED, and the course still has no enrolment' },
  },
  {
    name: 'enrollInFreeCourse in a draft course finds no course, even for its instructor and an ADMIN',
    run: async (a) => ({ outcome: resultOf(await as(a, ENROL, { c: draft }), () => 'enrolled'), enrolments: await enrolmentsIn(draft) }),
    expect: { ...each({ outcome: 'NOT_FOUND', enrolments: 0 }), anonymous: { outcome: 'UNAUTHENTICATED', enrolments: 0 } },
    words: { ...signedInWords('NOT_FOUND, and the course still has no enrolment'), anonymous: 'UNAUTHENTICATED, and the course still has no enrolment' },
  },
  {
    name: 'completeLesson records progress for the enrolled student only',
    run: async (a) => resultOf(await as(a, `mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id status progressPercent completedLessonIds } }`,
      { c: progress.id, l: progress.lessonIds[0] }), (d) => d.completeLesson),
    expect: onlyEnrolled(later(() => ({ id: progress.enrollment.id, status: 'ACTIVE', progressPercent: 50, completedLessonIds: [progress.lessonIds[0]] })), 'FORBIDDEN'),
    words: { enrolled: 'their enrolment at 50 %' },
  },
  {
    name: "addToWishlist of a published course answers true and the course is then on the caller's wishlist",
    run: async (a) => {
      const res = await as(a, `mutation($c: ID!) { addToWishlist(courseId: $c) }`, { c: wishInto });
      if (res.errors) return resultOf(res, () => null);
      return [res.data!.addToWishlist, (await as(a, `query($c: ID!) { course(id: $c) { viewerHasWishlisted } }`, { c: wishInto })).data!.course.viewerHasWishlisted];
    },
    expect: forSignedIn([true, true]),
    words: signedInWords('true, and then the course is wishlisted'),
  },
  {
    name: 'addToWishlist of a draft course finds no course, even for its instructor and an ADMIN',
    run: async (a) => resultOf(await as(a, `mutation($c: ID!) { addToWishlist(courseId: $c) }`, { c: draft }), (d) => d.addToWishlist),
    expect: forSignedIn('NOT_FOUND'),
  },
  {
    name: "removeFromWishlist answers true and the course is then off the caller's wishlist",
    run: async (a) => {
      const res = await as(a, `mutation($c: ID!) { removeFromWishlist(courseId: $c) }`, { c: wishInto });
      if (res.errors) return resultOf(res, () => null);
      return [res.data!.removeFromWishlist, (await as(a, `query($c: ID!) { course(id: $c) { viewerHasWishlisted } }`, { c: wishInto })).data!.course.viewerHasWishlisted];
    },
    expect: forSignedIn([true, false]),
    words: signedInWords('true, and then the course is not wishlisted'),
  },
]);
