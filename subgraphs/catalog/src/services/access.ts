import type DataLoader from 'dataloader';
import { badInput, hasRole, isOwnerOrAdmin, type Viewer } from '@lg/platform';
import type { MediaProjection } from '../models.ts';
import type { CatalogRepository } from '../repository.ts';

/** Brings a projection up to the end of the log now (its consumer's catchUp). */
export interface ProjectionCatchUp {
  members(): Promise<void>;
  media(): Promise<void>;
}

export interface AccessLoaders {
  member: DataLoader<string, boolean>;
  /** Set once a request has caught the member projection up: a request does that at most once. */
  membersRefreshed?: Promise<void>;
}

/** What an attached asset must be: its purpose, and the kinds allowed (any when absent). */
export interface AssetRule {
  field: string;
  purposes: readonly string[];
  kinds?: readonly string[];
}

/**
 * Who may read a course's members-only parts, and whether assets a course names are its own: both
 * answered from catalog's projections of learning's and media's events, never by asking them.
 */
export class CourseAccess {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly projections: ProjectionCatchUp,
  ) {}

  loaders(viewer: Viewer | null): AccessLoaders {
    return { member: this.repository.memberLoader(viewer?.id ?? null) };
  }

  /**
   * Its instructor, ADMIN, or a student with an ACTIVE or COMPLETED enrolment. A signed-in viewer
   * who appears to be no member may have just enrolled: the request catches the projection up once
   * and looks again.
   */
  async isMember(viewer: Viewer | null, course: { _id: string; instructorId: string }, loaders: AccessLoaders): Promise<boolean> {
    if (!viewer) return false;
    if (isOwnerOrAdmin(viewer, course.instructorId) || hasRole(viewer, 'ADMIN')) return true;
    if (await loaders.member.load(course._id)) return true;
    await (loaders.membersRefreshed ??= this.projections.members().then(() => void loaders.member.clearAll()));
    return loaders.member.load(course._id);
  }

  /**
   * The assets of `ids`, each of this course, owned by its instructor's side (any uploader of the
   * course) and fit for `rule`; BAD_USER_INPUT naming the field otherwise. An id media has just
   * logged may not be projected yet: the projection is caught up once before refusing.
   */
  async checkAssets(courseId: string, ids: string[], rule: AssetRule): Promise<MediaProjection[]> {
    if (ids.length === 0) return [];
    let found = await this.repository.mediaAssets(ids);
    if (found.length < ids.length) {
      await this.projections.media();
      found = await this.repository.mediaAssets(ids);
    }
    const byId = new Map(found.map((a) => [a._id, a]));
    return ids.map((id) => {
      const asset = byId.get(id);
      if (!asset || asset.courseId !== courseId) throw badInput(`${rule.field}: ${id} is no media asset of this course.`, rule.field);
      if (!rule.purposes.includes(asset.purpose)) throw badInput(`${rule.field}: ${id} was uploaded as ${asset.purpose}, not ${rule.purposes.join(' or ')}.`, rule.field);
      if (rule.kinds && !rule.kinds.includes(asset.kind)) throw badInput(`${rule.field}: ${id} is ${asset.kind}, not ${rule.kinds.join(' or ')}.`, rule.field);
      if (asset.status === 'FAILED') throw badInput(`${rule.field}: ${id} failed processing; upload it again or retry it.`, rule.field);
      return asset;
    });
  }
}
