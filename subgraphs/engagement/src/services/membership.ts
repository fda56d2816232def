import type DataLoader from 'dataloader';
import { forbidden, hasRole, notFound, signedIn, type Viewer } from '@lg/platform';
import { checkId } from '../inputs.ts';
import type { AnswerModel, CourseProjection, QuestionModel } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import type { ThreadsRepository } from '../threads/repository.ts';

/** Per request: batched reads, and the viewer's own memberships and votes. */
export interface EngagementLoaders {
  question: DataLoader<string, QuestionModel | null>;
  answer: DataLoader<string, AnswerModel | null>;
  course: DataLoader<string, CourseProjection | null>;
  /** The viewer's enrolments by course id; null for anonymous. */
  enrolled: DataLoader<string, boolean> | null;
  /** Whether the viewer is a teaching assistant, by course id; null for anonymous. */
  assistant: DataLoader<string, boolean> | null;
  /** The viewer's votes by question or answer id; null for anonymous. */
  vote: DataLoader<string, number> | null;
  /** Set once this request has caught the membership projection up (at most once a request). */
  caughtUp: boolean;
  /** The request's catch-up while it runs. */
  catchingUp?: Promise<void>;
}

/** What membership needs of the membership projection. */
export interface MembershipSource {
  catchUp(): Promise<void>;
}

const MEMBERS_ONLY = 'Only members of this course (its enrolled students, its teaching assistants, its instructor and ADMIN) can do this.';
const STAFF_ONLY = "Only this course's staff (its instructor, its teaching assistants and ADMIN) can do this.";

/**
 * Staff of a course: its instructor, one of its teaching assistants, or ADMIN. Staff moderate the
 * course's community (pin, lock, hide) and see its hidden and deleted posts.
 */
export async function isCourseStaff(viewer: Viewer, courseId: string, loaders: EngagementLoaders): Promise<boolean> {
  if (hasRole(viewer, 'ADMIN')) return true;
  const [course, assistant] = await Promise.all([loaders.course.load(courseId), loaders.assistant?.load(courseId) ?? false]);
  return course?.instructorId === viewer.id || assistant;
}

/** Who belongs to a course's Q&A, chat and threads: the rule every engagement service applies. */
export class CourseMembership {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly membership: MembershipSource,
    private readonly assistants: Pick<ThreadsRepository, 'assistantLoader'>,
  ) {}

  loaders(viewer: Viewer | null): EngagementLoaders {
    return {
      question: this.repository.questionLoader(),
      answer: this.repository.answerLoader(),
      course: this.repository.courseLoader(),
      enrolled: viewer ? this.repository.enrolledLoader(viewer.id) : null,
      assistant: viewer ? this.assistants.assistantLoader(viewer.id) : null,
      vote: viewer ? this.repository.voteLoader(viewer.id) : null,
      caughtUp: false,
    };
  }

  /**
   * Enrolled, a teaching assistant, the course's instructor, or ADMIN. A refusal is only given after catching the
   * projection up once, so that a user enrolled a moment ago is a member at once.
   */
  async isMember(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<boolean> {
    if (!viewer) return false;
    if (hasRole(viewer, 'ADMIN')) return true;
    const check = async () => {
      const [course, enrolled] = await Promise.all([loaders.course.load(courseId), loaders.enrolled!.load(courseId)]);
      if (enrolled || course?.instructorId === viewer.id) return true;
      // Asked last: teaching assistants are appointed from enrolled students, so nearly every
      // member is answered above without this read.
      return loaders.assistant!.load(courseId);
    };
    if (await check()) return true;
    if (loaders.caughtUp) return false;
    await this.catchUp(loaders);
    return check();
  }

  /**
   * Which of `userIds` (signed in as students) are members of at least one of `courseIds`: the
   * enrolled in one read; anyone else asked one by one as isMember would (instructor, teaching
   * assistant, after catching the projection up), which a bulk load of enrolled users never needs.
   */
  async membersOfAny(userIds: readonly string[], courseIds: readonly string[]): Promise<Set<string>> {
    const members = await this.repository.enrolledAmong(courseIds, userIds);
    for (const id of userIds) {
      if (members.has(id)) continue;
      const viewer: Viewer = { id, roles: ['STUDENT'] };
      const loaders = this.loaders(viewer);
      for (const courseId of courseIds) {
        if (await this.isMember(viewer, courseId, loaders)) {
          members.add(id);
          break;
        }
      }
    }
    return members;
  }

  /**
   * Course staff (see isCourseStaff: instructor, teaching assistant, ADMIN). No catch-up on a "no":
   * most viewers are not staff, and the ones who just became staff are members already caught up
   * (an instructor's first refusal as a member catches up; teaching assistants are engagement's own).
   */
  async isCourseStaff(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<boolean> {
    return viewer !== null && isCourseStaff(viewer, courseId, loaders);
  }

  /** The viewer's membership as the API tells it: false when signed out. */
  async isCourseMember(viewer: Viewer | null, courseId: string, loaders?: EngagementLoaders): Promise<boolean> {
    checkId(courseId, 'courseId');
    return this.isMember(viewer, courseId, loaders);
  }

  async requireMember(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders, options: { courseMustExist?: boolean } = {}): Promise<Viewer> {
    const actor = signedIn(viewer);
    if (!(await this.isMember(actor, courseId, loaders))) throw forbidden(MEMBERS_ONLY);
    if (options.courseMustExist && !(await loaders.course.load(courseId))) {
      // An ADMIN is a member of every course id: the course itself must be known before writing to it.
      if (!loaders.caughtUp) await this.catchUp(loaders);
      if (!(await loaders.course.load(courseId))) throw notFound('The course');
    }
    return actor;
  }

  /** Staff of the course (see isCourseStaff), after the member check: FORBIDDEN to anyone else. */
  async requireStaff(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders): Promise<Viewer> {
    const actor = await this.requireMember(viewer, courseId, loaders);
    if (!(await isCourseStaff(actor, courseId, loaders))) throw forbidden(STAFF_ONLY);
    return actor;
  }

  /** Whether the viewer is the course's staff; false when signed out. */
  async isStaff(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders): Promise<boolean> {
    return viewer !== null && (await this.isMember(viewer, courseId, loaders)) && isCourseStaff(viewer, courseId, loaders);
  }

  /** Once a request: checks asked together (a study group's courses) share one catch-up. */
  private catchUp(loaders: EngagementLoaders): Promise<void> {
    loaders.catchingUp ??= this.membership.catchUp().then(() => {
      loaders.caughtUp = true;
      loaders.course.clearAll();
      loaders.enrolled?.clearAll();
    });
    return loaders.catchingUp;
  }
}
