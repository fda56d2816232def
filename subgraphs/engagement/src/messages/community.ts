import type { GroupsRepository } from '../groups/repository.ts';
import type { EngagementRepository } from '../repository.ts';

/** The projections community rests on, caught up before a refusal. */
export interface CommunitySource { catchUp(): Promise<void> }

/**
 * Who may message whom: two users share a community when they are members of a common course
 * (enrolled or instructing) or of a common study group (a group may span courses, so its members
 * need not share one); this is the one place that decides it.
 */
export class Community {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly source: CommunitySource,
    private readonly groups: Pick<GroupsRepository, 'groups'>,
  ) {}

  private async coursesOf(userId: string): Promise<Set<string>> {
    const [enrolled, taught] = await Promise.all([
      this.repository.memberships.find({ userId }, { projection: { courseId: 1 } }).toArray(),
      this.repository.courses.find({ instructorId: userId }, { projection: { _id: 1 } }).toArray(),
    ]);
    return new Set([...enrolled.map((m) => m.courseId), ...taught.map((c) => c._id)]);
  }

  /** Whether `a` and `b` share a course or a study group. */
  async sharesCommunity(a: string, b: string): Promise<boolean> {
    const [mine, theirs] = await Promise.all([this.coursesOf(a), this.coursesOf(b)]);
    if ([...theirs].some((c) => mine.has(c))) return true;
    return (await this.groups.groups.countDocuments({ $and: [{ memberIds: a }, { memberIds: b }] }, { limit: 1 })) > 0;
  }

  /** Whether `a` shares a community with every one of `others`; the projection is caught up once before a no. */
  async sharesWithAll(a: string, others: readonly string[]): Promise<boolean> {
    const check = async () => {
      for (const other of others) if (!(await this.sharesCommunity(a, other))) return false;
      return true;
    };
    if (await check()) return true;
    await this.source.catchUp();
    return check();
  }
}
