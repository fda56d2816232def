import {
  AnswerPosted, AssistantAnswered, CourseCreated, CoursePublished, CourseReordered, CourseSectionAdded, CourseUpdated, EnrollmentCancelled,
  EnrollmentCompleted, EnrollmentCreated, ExerciseCreated, GradeAdjusted, LessonActivity, LessonAdded, LessonCompleted, OrderPaid, OrderRefunded,
  QuestionAsked, SubmissionGraded, UserRegistered,
} from '@lg/events';
import { Projector, type LoggedEvent, type Platform } from '@lg/platform';
import { z } from 'zod';
import { dayOf, weekOf } from './days.ts';
import { LIMITS } from './inputs.ts';
import { shares } from './metrics.ts';
import type { CourseDayDoc, CourseDoc, PlatformDayDoc, SectionOrder, UserCourse, UserDayDoc, UserDoc } from './models.ts';
import type { AnalyticsRepository } from './repository.ts';

/** Every event analytics reads; the rest of the log only moves its checkpoint. */
export const ANALYTICS_EVENTS = [
  UserRegistered, CourseCreated, CourseUpdated, CoursePublished, CourseSectionAdded, LessonAdded, CourseReordered,
  EnrollmentCreated, EnrollmentCompleted, EnrollmentCancelled, LessonCompleted, LessonActivity, ExerciseCreated, SubmissionGraded,
  GradeAdjusted, QuestionAsked, AnswerPosted, OrderPaid, OrderRefunded, AssistantAnswered,
] as const;

/** Exercises' tagged skills, when assessment's ExerciseCreated carries them (an optional field). */
const taggedSkills = z.object({ skills: z.array(z.string()) });

const addTo = (set: string[], value: string) => {
  if (!set.includes(value)) set.push(value);
};
const addSorted = (set: string[], value: string) => {
  if (set.includes(value)) return;
  set.push(value);
  set.sort();
};

const freshUserDay = (userId: string, day: string) => () => ({ userId, day, seconds: 0, lessonsOpened: 0, lessonsCompleted: 0, submissions: 0, scorePercentSum: 0 });
const freshUser = () => ({ activeDays: [], lessonsCompleted: 0, coursesCompleted: 0, skills: [], courses: [] });
const freshExercise = (courseId: string) => () => ({ courseId, title: '', skills: [], attempts: 0, percentSum: 0, learners: [] });
const percentOf = (score: number, maxScore: number) => (maxScore > 0 ? Math.min(100, (score / maxScore) * 100) : 0);
const freshCourse = () => ({ instructorId: '', title: '', category: '', tags: [], priceCents: 0, currency: 'USD', sections: [], exerciseIds: [] });
const freshCourseDay = (courseId: string, day: string) => () => ({ courseId, day, enrolments: 0, paidCents: 0, refundedCents: 0, orders: 0, questions: 0, responseSeconds: [] });
const freshPlatformDay = (day: string) => () => ({ day, activeUsers: [], signUps: 0, enrolments: 0, orders: 0, revenue: [], aiRequests: 0, aiTokens: 0 });

function courseOf(user: UserDoc, courseId: string, at: Date): UserCourse {
  let course = user.courses.find((c) => c.courseId === courseId);
  if (!course) {
    course = { courseId, status: 'ACTIVE', completedLessonIds: [], lastActiveAt: at };
    user.courses.push(course);
  }
  if (at > course.lastActiveAt) course.lastActiveAt = at;
  return course;
}

function addRevenue(day: PlatformDayDoc, currency: string, cents: number) {
  const money = day.revenue.find((m) => m.currency === currency);
  if (money) money.cents += cents;
  else day.revenue.push({ currency, cents });
}

function insertAt<T>(list: T[], position: number, item: T) {
  list.splice(Math.min(Math.max(position - 1, 0), list.length), 0, item);
}

/**
 * The projections of analytics, from the event log into documents per user, user and day, course,
 * course and day, course and week, lesson and exercise, and platform day. The day is the event's
 * own log time (`at`), never the time it is projected. Each document records the position it
 * last applied, so an event delivered twice changes nothing, and a rebuild (drop everything,
 * replay from the start) gives the same documents.
 */
export class AnalyticsProjection {
  constructor(private readonly repo: AnalyticsRepository) {}

  async handle(event: LoggedEvent): Promise<void> {
    const day = dayOf(event.at);
    if (UserRegistered.is(event)) {
      await this.platformDay(event, event.data.userId, (d) => void (d.signUps += 1));
    } else if (CourseCreated.is(event)) {
      const d = event.data;
      await this.course(event, d.courseId, (c) => Object.assign(c, {
        instructorId: d.instructorId, title: d.title, category: d.category, tags: d.tags ?? [], priceCents: d.priceCents, currency: d.currency,
      }));
    } else if (CourseUpdated.is(event)) {
      const d = event.data;
      await this.course(event, d.courseId, (c) => {
        Object.assign(c, { instructorId: d.instructorId, title: d.title, priceCents: d.priceCents, currency: d.currency });
        if (d.values.category !== undefined) c.category = d.values.category;
        if (d.values.tags !== undefined) c.tags = d.values.tags;
      });
    } else if (CoursePublished.is(event)) {
      const d = event.data;
      await this.course(event, d.courseId, (c) => {
        Object.assign(c, { instructorId: d.instructorId, title: d.title, priceCents: d.priceCents, currency: d.currency });
        const sections: SectionOrder[] = [];
        for (const lesson of d.lessons) {
          let section = sections.find((s) => s.sectionId === lesson.sectionId);
          if (!section) sections.push((section = { sectionId: lesson.sectionId, lessonIds: [] }));
          section.lessonIds.push(lesson.lessonId);
        }
        c.sections = sections;
      });
    } else if (CourseSectionAdded.is(event)) {
      const d = event.data;
      await this.course(event, d.courseId, (c) => {
        if (!c.sections.some((s) => s.sectionId === d.sectionId)) insertAt(c.sections, d.position, { sectionId: d.sectionId, lessonIds: [] });
      });
    } else if (LessonAdded.is(event)) {
      const d = event.data;
      await this.course(event, d.courseId, (c) => {
        let section = c.sections.find((s) => s.sectionId === d.sectionId);
        if (!section) c.sections.push((section = { sectionId: d.sectionId, lessonIds: [] }));
        if (!section.lessonIds.includes(d.lessonId)) insertAt(section.lessonIds, d.position, d.lessonId);
      });
    } else if (CourseReordered.is(event)) {
      const d = event.data;
      await this.course(event, d.courseId, (c) => void (c.sections = d.sections.map((s) => ({ sectionId: s.sectionId, lessonIds: [...s.lessonIds] }))));
    } else if (EnrollmentCreated.is(event)) {
      const d = event.data;
      await Promise.all([
        this.courseDay(event, d.courseId, day, (c) => void (c.enrolments += 1)),
        this.platformDay(event, d.userId, (p) => void (p.enrolments += 1)),
        this.user(event, d.userId, (u) => void (courseOf(u, d.courseId, event.at).status = 'ACTIVE')),
      ]);
    } else if (EnrollmentCompleted.is(event)) {
      const d = event.data;
      await this.user(event, d.userId, (u) => {
        const course = courseOf(u, d.courseId, event.at);
        if (course.status !== 'COMPLETED') u.coursesCompleted += 1;
        course.status = 'COMPLETED';
      });
    } else if (EnrollmentCancelled.is(event)) {
      const d = event.data;
      await this.user(event, d.userId, (u) => void (courseOf(u, d.courseId, event.at).status = 'CANCELLED'));
    } else if (LessonActivity.is(event)) {
      const d = event.data;
      await Promise.all([
        this.learned(event, d.userId, d.courseId, (ud) => {
          ud.seconds += d.seconds;
          if (d.opened) ud.lessonsOpened += 1;
        }),
        this.funnel(event, d.courseId, d.lessonId, d.userId, false),
      ]);
    } else if (LessonCompleted.is(event)) {
      const d = event.data;
      await Promise.all([
        this.learned(event, d.userId, d.courseId, (ud) => void (ud.lessonsCompleted += 1), (u) => {
          const course = courseOf(u, d.courseId, event.at);
          if (!course.completedLessonIds.includes(d.lessonId)) {
            course.completedLessonIds.push(d.lessonId);
            u.lessonsCompleted += 1;
          }
        }),
        this.funnel(event, d.courseId, d.lessonId, d.userId, true),
      ]);
    } else if (ExerciseCreated.is(event)) {
      const d = event.data;
      const tagged = taggedSkills.safeParse(d);
      const skills = tagged.success ? tagged.data.skills.map((s) => s.trim()).filter(Boolean) : [];
      await this.repo.apply(this.repo.exercises, d.exerciseId, event, () => ({ courseId: d.courseId, title: d.title, skills, attempts: 0, percentSum: 0, learners: [] }), (x) => {
        Object.assign(x, { courseId: d.courseId, title: d.title, skills });
      });
      await this.course(event, d.courseId, (c) => addTo(c.exerciseIds, d.exerciseId));
    } else if (SubmissionGraded.is(event)) {
      await this.graded(event, event.data);
    } else if (GradeAdjusted.is(event)) {
      await this.adjusted(event, event.data);
    } else if (QuestionAsked.is(event)) {
      const d = event.data;
      await Promise.all([
        this.repo.apply(this.repo.questions, d.questionId, event, () => ({ courseId: d.courseId, authorId: d.authorId, askedAt: event.at, answered: false, answerSeq: null }), () => undefined),
        this.courseDay(event, d.courseId, day, (c) => void (c.questions += 1)),
        this.platformDay(event, d.authorId, () => undefined),
      ]);
    } else if (AnswerPosted.is(event)) {
      await this.answered(event, event.data);
    } else if (OrderPaid.is(event)) {
      await this.order(event, true, event.data);
    } else if (OrderRefunded.is(event)) {
      await this.order(event, false, event.data);
    } else if (AssistantAnswered.is(event)) {
      const d = event.data;
      await this.platformDay(event, d.userId, (p) => {
        p.aiRequests += 1;
        p.aiTokens += d.tokens;
      });
    }
  }

  /** Learning activity of a user in a course: their day, their active days, the course's week and the platform's active users. */
  private async learned(event: LoggedEvent, userId: string, courseId: string, onDay: (d: UserDayDoc) => void, onUser?: (u: UserDoc) => void) {
    const day = dayOf(event.at);
    const weekStart = weekOf(day);
    // Four documents, each guarded on its own: written together.
    await Promise.all([
      this.repo.apply(this.repo.userDays, `${userId}:${day}`, event, freshUserDay(userId, day), onDay),
      this.user(event, userId, (u) => {
        addSorted(u.activeDays, day);
        courseOf(u, courseId, event.at);
        onUser?.(u);
      }),
      this.repo.apply(this.repo.courseWeeks, `${courseId}:${weekStart}`, event, () => ({ courseId, weekStart, learners: [] }), (w) => addTo(w.learners, userId)),
      this.platformDay(event, userId, () => undefined),
    ]);
  }

  private async graded(event: LoggedEvent, d: { submissionId: string; courseId: string; userId: string; exerciseId: string; score: number; maxScore: number }) {
    const percent = percentOf(d.score, d.maxScore);
    const [exercise, course] = await Promise.all([
      this.repo.exercises.findOne({ _id: d.exerciseId }),
      this.repo.course(d.courseId),
      this.repo.apply(this.repo.exercises, d.exerciseId, event, freshExercise(d.courseId), (x) => {
        x.attempts += 1;
        x.percentSum += percent;
        addTo(x.learners, d.userId);
      }),
      this.repo.apply(this.repo.submissions, d.submissionId, event, () => ({ userId: d.userId, exerciseId: d.exerciseId, day: dayOf(event.at), percent }), () => undefined),
    ]);
    const skills = exercise?.skills.length ? exercise.skills : [...new Set([course?.category, ...(course?.tags ?? [])].filter((s): s is string => Boolean(s)))];
    await this.learned(event, d.userId, d.courseId, (ud) => {
      ud.submissions += 1;
      ud.scorePercentSum += percent;
    }, (u) => {
      for (const name of skills) {
        let skill = u.skills.find((s) => s.skill === name);
        if (!skill) u.skills.push((skill = { skill: name, results: [] }));
        skill.results.push({ at: event.at, percent, submissionId: d.submissionId });
        if (skill.results.length > LIMITS.resultsPerSkill) skill.results.splice(0, skill.results.length - LIMITS.resultsPerSkill);
      }
    });
  }

  /**
   * An accepted appeal replaces a submission's score where it was counted: the exercise's average,
   * the day it was submitted on (not the day of the appeal) and the skills' results, which keep
   * their time. Activity is not counted again.
   */
  private async adjusted(event: LoggedEvent, d: { submissionId: string; courseId: string; userId: string; exerciseId: string; previousScore: number; score: number; maxScore: number }) {
    const percent = percentOf(d.score, d.maxScore);
    const submission = await this.repo.submissions.findOne({ _id: d.submissionId });
    const before = submission?.percent ?? percentOf(d.previousScore, d.maxScore);
    const delta = percent - before;
    await Promise.all([
      this.repo.apply(this.repo.exercises, d.exerciseId, event, freshExercise(d.courseId), (x) => void (x.percentSum += delta)),
      this.repo.apply(this.repo.submissions, d.submissionId, event, () => ({ userId: d.userId, exerciseId: d.exerciseId, day: dayOf(event.at), percent }), (s) => void (s.percent = percent)),
      submission && this.repo.apply(this.repo.userDays, `${d.userId}:${submission.day}`, event, freshUserDay(d.userId, submission.day), (ud) => void (ud.scorePercentSum += delta)),
      this.user(event, d.userId, (u) => {
        for (const skill of u.skills) {
          for (const result of skill.results) if (result.submissionId === d.submissionId) result.percent = percent;
        }
      }),
    ]);
  }

  /**
   * The first answer by someone other than the asker times the question, on the day it was asked.
   * The question records which event answered it, so a redelivery after a crash between the two
   * writes still finishes the second.
   */
  private async answered(event: LoggedEvent, d: { questionId: string; authorId: string; courseId: string }) {
    await this.platformDay(event, d.authorId, () => undefined);
    const before = await this.repo.questions.findOne({ _id: d.questionId });
    if (!before || before.authorId === d.authorId || (before.answered && before.answerSeq !== event.seq)) return;
    await this.repo.apply(this.repo.questions, d.questionId, event, () => before, (q) => {
      q.answered = true;
      q.answerSeq = event.seq;
    });
    const seconds = Math.max(0, (event.at.getTime() - before.askedAt.getTime()) / 1000);
    await this.courseDay(event, before.courseId, dayOf(before.askedAt), (c) => void c.responseSeconds.push(seconds));
  }

  /** An order's total split among its courses by their prices; a refund takes the same shares back on its own day. */
  private async order(event: LoggedEvent, paid: boolean, d: { userId: string; totalCents: number; currency: string; courseIds: string[] }) {
    const courses = await this.repo.coursesByIds(d.courseIds);
    const prices = d.courseIds.map((id) => courses.find((c) => c._id === id)?.priceCents ?? 0);
    const split = shares(d.totalCents, prices);
    const day = dayOf(event.at);
    for (const [i, courseId] of d.courseIds.entries()) {
      await this.courseDay(event, courseId, day, (c) => {
        if (paid) {
          c.paidCents += split[i]!;
          c.orders += 1;
        } else c.refundedCents += split[i]!;
      });
    }
    await this.platformDay(event, d.userId, (p) => {
      if (paid) p.orders += 1;
      addRevenue(p, d.currency, paid ? d.totalCents : -d.totalCents);
    });
  }

  private user(event: LoggedEvent, userId: string, change: (u: UserDoc) => void) {
    return this.repo.apply(this.repo.users, userId, event, freshUser, change);
  }

  private course(event: LoggedEvent, courseId: string, change: (c: CourseDoc) => void) {
    return this.repo.apply(this.repo.courses, courseId, event, freshCourse, change);
  }

  private courseDay(event: LoggedEvent, courseId: string, day: string, change: (c: CourseDayDoc) => void) {
    return this.repo.apply(this.repo.courseDays, `${courseId}:${day}`, event, freshCourseDay(courseId, day), change);
  }

  private funnel(event: LoggedEvent, courseId: string, lessonId: string, userId: string, completed: boolean) {
    return this.repo.apply(this.repo.lessonFunnel, `${courseId}:${lessonId}`, event, () => ({ courseId, lessonId, openedBy: [], completedBy: [] }), (f) => {
      addTo(f.openedBy, userId);
      if (completed) addTo(f.completedBy, userId);
    });
  }

  /** The platform's day of the event, with `userId` counted active. */
  private platformDay(event: LoggedEvent, userId: string, change: (p: PlatformDayDoc) => void) {
    const day = dayOf(event.at);
    return this.repo.apply(this.repo.platformDays, day, event, freshPlatformDay(day), (p) => {
      addTo(p.activeUsers, userId);
      change(p);
    });
  }
}

/** The checkpointed consumer of analytics: one for all its projections, rebuilt by replaying the log. */
export function createAnalyticsProjector(platform: Platform, repository: AnalyticsRepository, options: { pollMs?: number } = {}): Projector {
  const projection = new AnalyticsProjection(repository);
  return new Projector({
    db: platform.db,
    log: platform.eventLog,
    logger: platform.logger.child({ part: 'analytics-projections' }),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    name: 'analytics',
    events: ANALYTICS_EVENTS,
    clear: () => repository.clear(),
    handle: (event) => projection.handle(event),
  });
}
