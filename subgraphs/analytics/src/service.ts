import { forbidden, isOwnerOrAdmin, notFound, signedIn, withAnyRole, type Viewer } from '@lg/platform';
import { addDays, dayOf, daysBetween, weeksBetween } from './days.ts';
import { LIMITS, checkId, checkRange } from './inputs.ts';
import { masteryOf, median, round2, streaksOf } from './metrics.ts';
import type {
  CourseAnalyticsModel, CourseDoc, DashboardModel, LessonModel, PlatformMetricsModel, ProgressUpdateModel, SkillMasteryModel, UserDoc,
  UserMetricsModel,
} from './models.ts';
import type { AnalyticsRepository } from './repository.ts';

/** What the service needs of the projections: everything logged before a read is in it. */
export interface ProjectionCatchUp {
  catchUp(): Promise<void>;
}

/**
 * Waits for the projections' catch-up at most LIMITS.catchUpWaitMs: a writer reads their own
 * progress, and a backlog (a first start projecting the demo data) answers what is projected so
 * far instead of keeping a page waiting.
 */
async function caughtUp(projection: ProjectionCatchUp): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, LIMITS.catchUpWaitMs)));
  try {
    await Promise.race([projection.catchUp(), bound]);
  } finally {
    clearTimeout(timer);
  }
}

const byKey = <T extends { _id: string }>(docs: T[]) => new Map(docs.map((d) => [d._id, d]));
const lessonsOf = (course: CourseDoc) => course.sections.flatMap((s) => s.lessonIds);

/** The separator of a progress update's id, as the gateway spells it: `<userId>.<event type>.<time in ms>.<event id>` (ids hold no dot). */
const SEP = '.';

/**
 * Analytics' use cases: every read first catches the projections up (one read of the log; see
 * caughtUp), then reads a fixed number of documents by _id whatever the
 * length of the history (a dashboard: the user, their last 30 days, their courses in progress).
 */
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly projection: ProjectionCatchUp,
    private readonly now: () => Date = () => new Date(),
  ) {}

  myDashboard(viewer: Viewer | null): Promise<DashboardModel> {
    return this.dashboard(signedIn(viewer).id);
  }

  userDashboard(viewer: Viewer | null, userId: string): Promise<DashboardModel> {
    this.ownerOrAdmin(viewer, checkId(userId, 'userId'));
    return this.dashboard(userId);
  }

  async skillHeatmap(viewer: Viewer | null, userId: string): Promise<SkillMasteryModel[]> {
    this.ownerOrAdmin(viewer, checkId(userId, 'userId'));
    await caughtUp(this.projection);
    return masteryOf((await this.repository.user(userId))?.skills ?? [], this.now());
  }

  async userMetrics(viewer: Viewer | null, userId: string, from: string, to: string): Promise<UserMetricsModel> {
    this.ownerOrAdmin(viewer, checkId(userId, 'userId'));
    const days = checkRange(from, to);
    await caughtUp(this.projection);
    const stored = byKey(await this.repository.userDaysOf(userId, days));
    const rows = days.map((day) => {
      const d = stored.get(`${userId}:${day}`);
      return {
        day,
        seconds: d?.seconds ?? 0,
        lessonsOpened: d?.lessonsOpened ?? 0,
        lessonsCompleted: d?.lessonsCompleted ?? 0,
        submissions: d?.submissions ?? 0,
        averageScorePercent: d?.submissions ? round2(d.scorePercentSum / d.submissions) : null,
      };
    });
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
    return {
      userId, from, to, days: rows,
      totalSeconds: sum((r) => r.seconds),
      activeDays: [...stored.values()].length,
      lessonsCompleted: sum((r) => r.lessonsCompleted),
      submissions: sum((r) => r.submissions),
    };
  }

  async courseAnalytics(viewer: Viewer | null, courseId: string, from: string, to: string): Promise<CourseAnalyticsModel> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    const days = checkRange(from, to);
    await caughtUp(this.projection);
    const course = await this.repository.course(courseId);
    if (!course?.instructorId) throw notFound('The course');
    if (!isOwnerOrAdmin(actor, course.instructorId)) throw forbidden("Only the course's instructor and ADMIN read its analytics.");
    const weeks = weeksBetween(from, to);
    const lessonIds = lessonsOf(course).slice(0, LIMITS.funnelLessons);
    const exerciseIds = course.exerciseIds.slice(0, LIMITS.exercises);
    const [dayDocs, weekDocs, funnelDocs, exercises] = await Promise.all([
      this.repository.courseDaysOf(courseId, days),
      this.repository.courseWeeksOf(courseId, weeks),
      this.repository.funnelOf(courseId, lessonIds),
      this.repository.exercisesByIds(exerciseIds),
    ]);
    const byDay = byKey(dayDocs);
    const dayOfCourse = (day: string) => byDay.get(`${courseId}:${day}`);
    const byWeek = byKey(weekDocs);
    const funnel = byKey(funnelDocs);
    const byExercise = byKey(exercises);
    const responses = dayDocs.flatMap((d) => d.responseSeconds);
    return {
      courseId, from, to,
      enrolmentsPerDay: days.map((day) => ({ day, count: dayOfCourse(day)?.enrolments ?? 0 })),
      activeLearnersPerWeek: weeks.map((weekStart) => ({ weekStart, count: byWeek.get(`${courseId}:${weekStart}`)?.learners.length ?? 0 })),
      completionFunnel: lessonIds.map((lessonId, i) => {
        const step = funnel.get(`${courseId}:${lessonId}`);
        return { lesson: this.lesson(courseId, lessonId), position: i + 1, opened: step?.openedBy.length ?? 0, completed: step?.completedBy.length ?? 0 };
      }),
      exerciseDifficulty: exerciseIds.flatMap((id) => {
        const x = byExercise.get(id);
        if (!x) return [];
        return [{ exercise: { __typename: 'Exercise' as const, id }, title: x.title, averageScorePercent: x.attempts ? round2(x.percentSum / x.attempts) : 0, attempts: x.attempts, learners: x.learners.length }];
      }),
      questionResponseTime: {
        questions: dayDocs.reduce((a, d) => a + d.questions, 0),
        answered: responses.length,
        averageSeconds: responses.length ? round2(responses.reduce((a, b) => a + b, 0) / responses.length) : null,
        medianSeconds: median(responses),
      },
      revenuePerDay: days.map((day) => {
        const d = dayOfCourse(day);
        return { day, currency: course.currency, paidCents: d?.paidCents ?? 0, refundedCents: d?.refundedCents ?? 0, orders: d?.orders ?? 0 };
      }),
    };
  }

  async platformMetrics(viewer: Viewer | null, from: string, to: string): Promise<PlatformMetricsModel> {
    withAnyRole(viewer, ['ADMIN'], 'Platform metrics are for ADMIN only.');
    const days = checkRange(from, to);
    await caughtUp(this.projection);
    const stored = byKey(await this.repository.platformDaysOf(days));
    return {
      from, to,
      days: days.map((day) => {
        const d = stored.get(day);
        return {
          day,
          activeUsers: d?.activeUsers.length ?? 0,
          signUps: d?.signUps ?? 0,
          enrolments: d?.enrolments ?? 0,
          orders: d?.orders ?? 0,
          revenue: d?.revenue ?? [],
          aiRequests: d?.aiRequests ?? 0,
          aiTokens: d?.aiTokens ?? 0,
        };
      }),
    };
  }

  /** progressUpdated's payload: for the user themself only, with their dashboard after the event. */
  async progressUpdate(viewer: Viewer | null, id: string): Promise<ProgressUpdateModel | null> {
    const actor = signedIn(viewer);
    const [userId, reason, ms, eventId] = id.split(SEP);
    if (!userId || !reason || !eventId || !Number.isFinite(Number(ms))) return null;
    if (userId !== actor.id) throw forbidden('Only the user themself hears their progress.');
    return { id, userId, reason, at: new Date(Number(ms)), dashboard: await this.dashboard(userId) };
  }

  private ownerOrAdmin(viewer: Viewer | null, userId: string): void {
    if (!isOwnerOrAdmin(signedIn(viewer), userId)) throw forbidden("Only the user themself and ADMIN read a user's progress.");
  }

  private lesson(courseId: string, lessonId: string): LessonModel {
    return { __typename: 'Lesson', id: lessonId, courseId };
  }

  /** Three reads after the catch-up: the user, their last 30 days, the courses they have in progress. */
  private async dashboard(userId: string): Promise<DashboardModel> {
    await caughtUp(this.projection);
    const now = this.now();
    const today = dayOf(now);
    const days = daysBetween(addDays(today, -(LIMITS.dashboardDays - 1)), today);
    const [user, dayDocs] = await Promise.all([this.repository.user(userId), this.repository.userDaysOf(userId, days)]);
    const byDay = byKey(dayDocs);
    const dayOfUser = (day: string) => byDay.get(`${userId}:${day}`);
    const { current, longest } = streaksOf(user?.activeDays ?? [], today);
    const heatmap = masteryOf(user?.skills ?? [], now);
    return {
      userId,
      timeLearnedPerDay: days.map((day) => ({ day, seconds: dayOfUser(day)?.seconds ?? 0 })),
      currentStreak: current,
      longestStreak: longest,
      lessonsCompleted: user?.lessonsCompleted ?? 0,
      coursesCompleted: user?.coursesCompleted ?? 0,
      averageScoreOverTime: days.flatMap((day) => {
        const d = dayOfUser(day);
        return d?.submissions ? [{ day, averagePercent: round2(d.scorePercentSum / d.submissions), submissions: d.submissions }] : [];
      }),
      skillHeatmap: heatmap,
      recommendations: { weakestSkills: heatmap.slice(0, LIMITS.weakestSkills), nextLessons: await this.nextLessons(user) },
    };
  }

  /** The first lesson not completed of each course in progress, most recently active course first. */
  private async nextLessons(user: UserDoc | null): Promise<LessonModel[]> {
    const inProgress = (user?.courses ?? [])
      .filter((c) => c.status === 'ACTIVE')
      .sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime())
      .slice(0, LIMITS.nextLessons);
    const courses = byKey(await this.repository.coursesByIds(inProgress.map((c) => c.courseId)));
    return inProgress.flatMap((progress) => {
      const course = courses.get(progress.courseId);
      const done = new Set(progress.completedLessonIds);
      const next = course && lessonsOf(course).find((id) => !done.has(id));
      return next ? [this.lesson(progress.courseId, next)] : [];
    });
  }
}
