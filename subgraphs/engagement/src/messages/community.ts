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

  /** The courses of each of `userIds` (enrolled or instructing): one read of each kind for all of them. */
  private async coursesOf(userIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const [enrolled, taught] = await Promise.all([
      this.repository.memberships.find({ userId: { $in: [...userIds] } }, { projection: { userId: 1, courseId: 1 } }).toArray(),
      this.repository.courses.find({ instructorId: { $in: [...userIds] } }, { projection: { _id: 1, instructorId: 1 } }).toArray(),
    ]);
    const courses = new Map(userIds.map((id) => [id, new Set<string>()]));
    for (const m of enrolled) courses.get(m.userId)?.add(m.courseId);
    for (const c of taught) courses.get(c.instructorId)?.add(c._id);
    return courses;
  }

  /** Which of `others` share a study group with `a`: one read of `a`'s groups that hold any of them. */
  private async groupMatesOf(a: string, others: readonly string[]): Promise<Set<string>> {
    const groups = await this.groups.groups.find({ $and: [{ memberIds: a }, { memberIds: { $in: [...others] } }] }, { projection: { memberIds: 1 } }).toArray();
    const wanted = new Set(others);
    return new Set(groups.flatMap((g) => g.memberIds.filter((id) => wanted.has(id))));
  }

  /**
   * Whether `a` shares a community with every one of `others`, in at most three reads whatever their
   * number; the projection is caught up once before a no.
   */
  async sharesWithAll(a: string, others: readonly string[]): Promise<boolean> {
    const check = async () => {
      const courses = await this.coursesOf([a, ...others]);
      const mine = courses.get(a)!;
      const apart = others.filter((other) => ![...courses.get(other)!].some((c) => mine.has(c)));
      if (apart.length === 0) return true;
      const mates = await this.groupMatesOf(a, apart);
      return apart.every((other) => mates.has(other));
    };
    if (await check()) return true;
    await this.source.catchUp();
    return check();
  }
}
