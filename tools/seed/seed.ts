import type { Logger, Viewer } from '@lg/platform';
import type { StackSubgraphs } from '../dev/stack.ts';
import { DEMO_PASSWORD, MFA_DEMO_SECRET, admin, courses, instructors, students, type DemoUser } from './data.ts';
import { lessonBody, supplementsOf } from './lesson-bodies.ts';
import { seedMedia } from './media.ts';

const system: Viewer = { id: 'seed', roles: ['ADMIN'] };

/**
 * Loads the demo data through the services' own use cases (so every rule and event applies),
 * skipping whatever is already there: running it on every start changes nothing the second time.
 */
export async function seedDemoData(subgraphs: StackSubgraphs, logger: Logger) {
  const { identity, catalog, learning, assessment, engagement, labs, commerce } = subgraphs;
  let created = 0;

  const ensureUser = async (demo: DemoUser): Promise<Viewer> => {
    let user = await identity.repository.findUserByEmail(demo.email);
    if (!user) {
      user = (await identity.service.register({ email: demo.email, password: DEMO_PASSWORD, displayName: demo.displayName })).user;
      if (demo.bio) user = await identity.service.updateProfile({ id: user._id, roles: user.roles }, { bio: demo.bio });
      created += 1;
    }
    for (const role of demo.roles) if (!user.roles.includes(role)) user = await identity.service.grantRole(system, user._id, role);
    return { id: user._id, roles: user.roles };
  };

  await ensureUser(admin);
  const teachers = [];
  for (const demo of instructors) teachers.push(await ensureUser(demo));
  const learners: Viewer[] = [];
  for (const demo of students) learners.push(await ensureUser(demo));
  if (await identity.mfa.seedFactor(learners.at(-1)!.id, MFA_DEMO_SECRET)) created += 1;

  for (const demo of courses) {
    const teacher = teachers[demo.instructor]!;
    if (await catalog.repository.courses.findOne({ title: demo.title, instructorId: teacher.id })) continue;
    const { sections, instructor: _index, ...input } = demo;
    // One write and one batch of events per course, the same events as step by step.
    await catalog.service.importCourse(teacher, { ...input, description: `${demo.summary} Taught step by step, with practice after every lesson.` }, sections, { publish: true });
    created += 1;
  }
  created += await seedContent(catalog, teachers);
  created += await seedLearning(learning, catalog, learners);
  created += await seedAssessment(assessment, learning, catalog, teachers);
  created += await seedEngagement(engagement, learning, catalog, teachers);
  created += await seedLabs(labs, teachers, learners);
  created += await seedCommerce(commerce, catalog, learners);
  // Last: media's job consumer transcodes the videos in the background, and would otherwise take
  // the cores from the writes above.
  created += await seedMedia(subgraphs, teachers);
  const users = 1 + instructors.length + students.length;
  logger.info({ users, courses: courses.length, created }, 'demo data ready');
  return { users, courses: courses.length, created };
}

/**
 * Every demo course's lessons get a Markdown body (the first lesson of each course is a preview,
 * open to visitors) and the course its supplements. Skipped once any lesson has content.
 * Videos, captions and covers come last (seedMedia in media.ts, for DEMO_VIDEO_COURSES).
 */

async function seedContent(catalog: StackSubgraphs['catalog'], teachers: Viewer[]): Promise<number> {
  if ((await catalog.repository.contents.countDocuments({}, { limit: 1 })) > 0) return 0;
  let created = 0;
  for (const demo of courses) {
    const teacher = teachers[demo.instructor]!;
    const course = await catalog.repository.courses.findOne({ title: demo.title, instructorId: teacher.id });
    if (!course) continue;
    // One write and one batch of events per course: lesson by lesson, this was a third of the load.
    const bodies = course.sections.flatMap((section, s) => section.lessons.flatMap((lesson, l) => {
      const source = demo.sections[s]?.lessons[l];
      return source ? [{ lessonId: lesson._id, bodyMarkdown: lessonBody(demo, s, source), preview: s === 0 && l === 0 }] : [];
    }));
    await catalog.content.importLessonContents(teacher, course._id, bodies);
    await catalog.content.addSupplements(teacher, course._id, supplementsOf(demo).map((supplement) => ({ courseId: course._id, ...supplement })));
    created += 1;
  }
  return created;
}

const DAY = 86_400_000;

/**
 * Every student is enrolled in three free courses with some progress (a few have finished one)
 * and keeps two paid courses on their wishlist. Skipped once the first student has enrolments.
 */
async function seedLearning(learning: StackSubgraphs['learning'], catalog: StackSubgraphs['catalog'], learners: Viewer[]): Promise<number> {
  if ((await learning.service.myEnrollments(learners[0]!, 1, null)).totalCount > 0) return 0;
  const published = await catalog.repository.courses.find({ status: 'PUBLISHED' }).sort({ _id: 1 }).toArray();
  const free = published.filter((c) => c.priceCents === 0);
  const paid = published.filter((c) => c.priceCents > 0);
  let created = 0;
  const midnight = Math.floor(Date.now() / DAY) * DAY;
  for (const [i, learner] of learners.entries()) {
    for (const offset of [0, 1, 3]) {
      const course = free[(i + offset) % free.length]!;
      // Enrolments spread over two months (first courses 61 to 23 days ago, the others within the
      // last 30 days), so that the instructors' enrolment charts have a shape.
      const daysAgo = offset === 0 ? 61 - i * 2 : 2 + ((i * 7 + offset * 5) % 28);
      await learning.service.importFreeEnrollment(learner.id, course._id, new Date(midnight - daysAgo * DAY + (8 + (i % 12)) * 3_600_000));
      created += 1;
      const lessons = course.sections.flatMap((s) => s.lessons);
      // Progress spreads from none to complete across students.
      const done = offset === 0 ? (i * 3) % (lessons.length + 1) : (i + offset) % 4;
      for (const lesson of lessons.slice(0, done)) await learning.service.completeLesson(learner, course._id, lesson._id);
    }
    for (const offset of [0, 5]) await learning.service.addToWishlist(learner, paid[(i + offset) % paid.length]!._id);
  }
  await seedStudyHistory(learning, catalog, learners);
  return created;
}


/**
 * 60 days of study before today, so that every analytics chart has a shape on first start: twelve
 * students study their first course on about half of the days (the demo student all three, with
 * a streak up to today), 2 to 5 minutes a day, moving through its lessons. Backdated events,
 * written through learning's seed-only importStudyHistory.
 */
async function seedStudyHistory(learning: StackSubgraphs['learning'], catalog: StackSubgraphs['catalog'], learners: Viewer[]): Promise<void> {
  const midnight = Math.floor(Date.now() / DAY) * DAY;
  for (const [i, learner] of learners.entries()) {
    const enrolments = await learning.repository.enrollments.find({ userId: learner.id }).sort({ _id: 1 }).toArray();
    for (const [c, enrolment] of enrolments.entries()) {
      if ((i > 0 && c > 0) || i >= 12) break;
      const course = await catalog.repository.courses.findOne({ _id: enrolment.courseId });
      const lessons = course?.sections.flatMap((s) => s.lessons.map((l) => l._id)) ?? [];
      if (lessons.length === 0) continue;
      const sessions = [];
      for (let daysAgo = 60; daysAgo >= 1; daysAgo -= 1) {
        const streak = i === 0 && c === 0 && daysAgo <= 6;
        if (!streak && (daysAgo * (i + 3) + c * 7) % 5 >= 2 + (i % 2)) continue;
        const at = new Date(midnight - daysAgo * DAY + (9 + (i % 10)) * 3_600_000);
        if (at < enrolment.enrolledAt) continue;
        const lesson = lessons[Math.floor(((60 - daysAgo) * lessons.length) / 60)]!;
        sessions.push({ at, lessonId: lesson, seconds: 120 + ((daysAgo * 37 + i * 11) % 181), opened: true });
      }
      await learning.service.importStudyHistory(enrolment._id, sessions);
    }
  }
}

const learnersOf = async (learning: StackSubgraphs['learning'], courseId: string): Promise<Viewer[]> =>
  (await learning.repository.enrollments.find({ courseId }).sort({ _id: 1 }).toArray()).map((e) => ({ id: e.userId, roles: ['STUDENT'] }));

const teacherOf = (teachers: Viewer[], instructorId: string) => teachers.find((t) => t.id === instructorId)!;

/**
 * One quiz in every free course, its skills the course's tags and topic; its learners submit, some
 * perfectly, some not, so grades and ranks differ; the first learner of the first course appeals.
 */
async function seedAssessment(assessment: StackSubgraphs['assessment'], learning: StackSubgraphs['learning'], catalog: StackSubgraphs['catalog'], teachers: Viewer[]): Promise<number> {
  if ((await assessment.repository.exercises.countDocuments()) > 0) return 0;
  const free = await catalog.repository.courses.find({ status: 'PUBLISHED', priceCents: 0 }).sort({ _id: 1 }).toArray();
  let created = 0;
  for (const course of free) {
    const topic = course.sections[0]?.title.split(': ')[1] ?? course.title;
    const exercise = await assessment.service.createExercise(teacherOf(teachers, course.instructorId), course._id, {
      title: `Check your understanding: ${topic}`,
      skills: [...course.tags.slice(0, 3), topic.slice(0, 40)],
      questions: [
        { prompt: `Which statement about ${topic} is true?`, kind: 'SINGLE_CHOICE', choices: ['It is covered in the first section', 'It is never used in practice', 'It replaces every other topic'], correctChoices: [0], points: 2 },
        { prompt: 'Which of these are lessons of this course?', kind: 'MULTIPLE_CHOICE', choices: [`${topic} explained`, 'Underwater basket weaving', `Practice: ${topic}`], correctChoices: [0, 2], points: 3 },
        { prompt: 'In one word: what do you do after every lesson?', kind: 'SHORT_TEXT', acceptedAnswers: ['practice', 'practise'], points: 1 },
      ],
    });
    created += 1;
    const [single, multiple, short] = exercise.questions;
    const enrolments = await learning.repository.enrollments.find({ courseId: course._id }).sort({ _id: 1 }).toArray();
    for (const [i, enrolment] of enrolments.entries()) {
      const learner: Viewer = { id: enrolment.userId, roles: ['STUDENT'] };
      // One to three attempts, the first some days after enrolling, later ones mostly better, and
      // never in the future: the score charts and the heatmap have a history.
      const first = enrolment.enrolledAt.getTime() + (1 + ((i * 5 + created * 3) % 20)) * DAY;
      for (let attempt = 0; attempt < 1 + ((i + created) % 3); attempt += 1) {
        const at = new Date(Math.min(first + attempt * 4 * DAY, Date.now() - (3 - attempt) * 3_600_000));
        const submission = await assessment.service.submitExercise(learner, exercise._id, [
          { questionId: single!._id, choiceIndexes: [attempt === 0 && i % 3 === 0 ? 1 : 0] },
          { questionId: multiple!._id, choiceIndexes: attempt < 2 && (i + attempt) % 2 === 0 ? [0] : [0, 2] },
          { questionId: short!._id, text: attempt === 0 && i % 4 === 0 ? 'sleep' : 'Practice' },
        ], at);
        if (created === 1 && i === 0 && attempt === 0) {
          await assessment.appeals.appealGrade(learner, submission._id, 'I answered “sleep” because resting is part of learning.', assessment.service.loaders(learner));
        }
      }
    }
  }
  return created;
}

/** A little Q&A and chat in every free course, so the course pages feel alive. */
async function seedEngagement(engagement: StackSubgraphs['engagement'], learning: StackSubgraphs['learning'], catalog: StackSubgraphs['catalog'], teachers: Viewer[]): Promise<number> {
  if ((await engagement.repository.questions.countDocuments()) > 0) return 0;
  const free = await catalog.repository.courses.find({ status: 'PUBLISHED', priceCents: 0 }).sort({ _id: 1 }).toArray();
  let created = 0;
  for (const course of free) {
    const learners = await learnersOf(learning, course._id);
    const teacher = teacherOf(teachers, course.instructorId);
    if (learners.length < 3) continue;
    const [a, b, c] = learners as [Viewer, Viewer, Viewer];
    const question = await engagement.services.questions.askQuestion(a, { courseId: course._id, title: 'Is there a cheat sheet for this course?', body: 'I would love a one-page summary to review before the exercise.' });
    const answer = await engagement.services.questions.answerQuestion(teacher, question._id, 'Yes: the reading lesson of each section ends with a summary you can print.');
    await engagement.services.questions.answerQuestion(b, question._id, 'I keep my own notes in a shared doc, happy to share.');
    await engagement.services.votes.voteOnQuestion(b, question._id, 1);
    await engagement.services.votes.voteOnQuestion(c, question._id, 1);
    await engagement.services.questions.acceptAnswer(a, answer._id);
    await engagement.services.questions.askQuestion(b, { courseId: course._id, title: `How long does "${course.title}" take?`, body: 'Roughly how many hours a week should I plan?' });
    for (const [viewer, body] of [[a, 'Hello everyone! Just started this course.'], [teacher, 'Welcome! Ask anything in the Q&A tab.'], [c, 'Section two was great, the practice really helped.']] as const) {
      await engagement.services.chat.sendChatMessage(viewer, course._id, body);
    }
    created += 1;
  }
  return created;
}

const demoLabs = [
  { title: 'Robotics Workshop', description: 'Arduino kits, sensors and a 3D printer for hands-on robotics.', location: 'Building A, room 101', capacity: 12, pricePerHourCents: 2500, equipment: ['3D printer', 'Arduino', 'soldering station'], openHoursUtc: [8, 9, 10, 11, 12, 13, 14, 15, 16] },
  { title: 'Data Science Studio', description: 'Workstations with GPUs for machine learning projects.', location: 'Building B, room 204', capacity: 20, pricePerHourCents: 1500, equipment: ['GPU workstation', 'large monitors'], openHoursUtc: [9, 10, 11, 12, 13, 14, 15, 16, 17, 18] },
  { title: 'Design Lab', description: 'Drawing tablets, a colour-calibrated print station and a photo corner.', location: 'Building C, room 12', capacity: 8, pricePerHourCents: 1000, equipment: ['drawing tablet', 'photo studio'], openHoursUtc: [10, 11, 12, 13, 14, 15] },
  { title: 'Cloud Sandbox Room', description: 'A quiet room with a Kubernetes cluster to break and fix.', location: 'Remote and Building A, room 3', capacity: 16, pricePerHourCents: 0, equipment: ['Kubernetes cluster', 'whiteboard'], openHoursUtc: [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19] },
];

/** Four labs hosted by instructors, and a few bookings two days ahead, made once. */
async function seedLabs(labs: StackSubgraphs['labs'], teachers: Viewer[], learners: Viewer[]): Promise<number> {
  let created = 0;
  const ids: string[] = [];
  for (const [i, demo] of demoLabs.entries()) {
    const host = teachers[i % teachers.length]!;
    const existing = await labs.repository.labs.findOne({ title: demo.title, hostId: host.id });
    ids.push(existing ? existing._id : (await labs.service.createLab(host, demo))._id);
    if (!existing) created += 1;
  }
  if ((await labs.repository.bookings.countDocuments()) > 0) return created;
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + 2);
  for (const [i, learner] of learners.slice(0, 6).entries()) {
    const slot = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10 + i));
    await labs.service.bookLab(learner, ids[i % ids.length]!, slot);
    created += 1;
  }
  return created;
}

/** Five students have bought a paid course (past orders, enrolments granted by the order). */
async function seedCommerce(commerce: StackSubgraphs['commerce'], catalog: StackSubgraphs['catalog'], learners: Viewer[]): Promise<number> {
  const paid = await catalog.repository.courses.find({ status: 'PUBLISHED', priceCents: { $gt: 0 } }).sort({ _id: 1 }).toArray();
  let created = 0;
  for (const [i, learner] of learners.slice(0, 5).entries()) {
    if ((await commerce.service.myOrders(learner, 1, null)).totalCount > 0) continue;
    await commerce.service.addCourseToCart(learner, paid[(i * 3) % paid.length]!._id);
    await commerce.service.checkout(learner, `demo-order-${i}`, 'tok_ok');
    created += 1;
  }
  return created;
}
