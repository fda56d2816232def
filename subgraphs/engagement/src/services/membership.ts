import type DataLoader from 'dataloader';
import { forbidden, hasRole, notFound, signedIn, type Viewer } from '@lg/platform';
import { checkId } from '../inputs.ts';
import type { AnswerModel, CourseProjection, QuestionModel } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';

/** Per request: batched reads, and the viewer's own memberships and votes. */
export interface EngagementLoaders {
  question: DataLoader<string, QuestionModel | null>;
  answer: DataLoader<string, AnswerModel | null>;
  course: DataLoader<string, CourseProjection | null>;
  /** The viewer's enrolments by course id; null for anonymous. */
  enrolled: DataLoader<string, boolean> | null;
  /** The viewer's votes by question or answer id; null for anonymous. */
  vote: DataLoader<string, number> | null;
  /** Set once this request has caught the membership projection up (at most once a request). */
  caughtUp: boolean;
}

/** What membership needs of the membership projection. */
export interface MembershipSource {
  catchUp(): Promise<void>;
}

const MEMBERS_ONLY = 'Only members of this course (its enrolled students, its instructor and ADMIN) can do this.';

/** Who belongs to a course's Q&A and chat: the rule every engagement service applies. */
export class CourseMembership {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly membership: MembershipSource,
  ) {}

  loaders(viewer: Viewer | null): EngagementLoaders {
    return {
      question: this.repository.questionLoader(),
      answer: this.repository.answerLoader(),
      course: this.repository.courseLoader(),
      enrolled: viewer ? this.repository.enrolledLoader(viewer.id) : null,
      vote: viewer ? this.repository.voteLoader(viewer.id) : null,
      caughtUp: false,
    };
  }

  /**
   * Enrolled, the course's instructor, or ADMIN. A refusal is only given after catching the
   * projection up once, so that a user enrolled a moment ago is a member at once.
   */
  async isMember(viewer: Viewer | null, courseId: string, loaders: EngagementLoaders = this.loaders(viewer)): Promise<boolean> {
    if (!viewer) return false;
    if (hasRole(viewer, 'ADMIN')) return true;
    const check = async () => {
      const [course, enrolled] = await Promise.all([loaders.course.load(courseId), loaders.enrolled!.load(courseId)]);
      return enrolled || course?.instructorId === viewer.id;
    };
    if (await check()) return true;
    if (loaders.caughtUp) return false;
    await this.catchUp(loaders);
    return check();
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

  private async catchUp(loaders: EngagementLoaders): Promise<void> {
    await this.membership.catchUp();
    loaders.caughtUp = true;
    loaders.course.clearAll();
    loaders.enrolled?.clearAll();
  }
}

/**
 * A course's staff: its instructor or ADMIN (teaching assistants join them where the threads
 * sub-domain records them). Reads the course projection; the caller catches it up when it matters.
 */
export async function isCourseStaff(viewer: Viewer, courseId: string, loaders: EngagementLoaders): Promise<boolean> {
  if (hasRole(viewer, 'ADMIN')) return true;
  const course = await loaders.course.load(courseId);
  return course?.instructorId === viewer.id;
}
