import { hasRole, isOwnerOrAdmin, type Viewer } from '@lg/platform';
import type { MediaAssetModel } from './models.ts';
import type { MediaRepository } from './repository.ts';

/**
 * The access rule of an asset, from media's own projections. Its uploader and ADMIN see it in every
 * status; anybody else only once READY: covers, lab photos and avatars are public, so are a preview
 * lesson's media and a public supplement's file; the rest is for the course's instructor and
 * its members (ACTIVE or COMPLETED enrolment).
 */
export class AccessRules {
  constructor(
    private readonly repository: MediaRepository,
    /** Catches the projections up with the log; asked once before a refusal. */
    private readonly catchUp: () => Promise<void>,
  ) {}

  async mayRead(viewer: Viewer | null, asset: MediaAssetModel): Promise<boolean> {
    if (isOwnerOrAdmin(viewer, asset.ownerId)) return true;
    if (asset.status !== 'READY') return false;
    if (asset.purpose === 'COURSE_COVER' || asset.purpose === 'LAB_PHOTO' || asset.purpose === 'AVATAR') return true;
    if (await this.decide(viewer, asset)) return true;
    // The projections may lag a fresh enrolment or a lesson just marked preview.
    await this.catchUp();
    return this.decide(viewer, asset);
  }

  /**
   * Whether another subgraph may show the asset's metadata to the viewer (a lesson's video, a
   * course's cover): a READY asset by the rule of `mayRead`; one not READY yet also to those its
   * course would show it to (members, its instructor; everyone while a preview lesson or public
   * supplement holds it), since a lesson may name a video still processing. Never a URL: those
   * are only signed by `mayRead`.
   */
  async mayReference(viewer: Viewer | null, asset: MediaAssetModel): Promise<boolean> {
    if (asset.status === 'READY' || isOwnerOrAdmin(viewer, asset.ownerId)) return this.mayRead(viewer, asset);
    // Not READY: the course's own rule, whatever the status (`mayRead` asks READY first).
    if (await this.decide(viewer, asset)) return true;
    await this.catchUp();
    return this.decide(viewer, asset);
  }

  private async decide(viewer: Viewer | null, asset: MediaAssetModel): Promise<boolean> {
    if (!asset.courseId) return false;
    if (viewer && (await this.isInstructorOrMember(viewer, asset.courseId))) return true;
    return this.repository.isPubliclyShown(asset._id);
  }

  private async isInstructorOrMember(viewer: Viewer, courseId: string): Promise<boolean> {
    const [course, enrollment] = await Promise.all([this.repository.findCourse(courseId), this.repository.findEnrollment(courseId, viewer.id)]);
    return course?.instructorId === viewer.id || enrollment?.status === 'ACTIVE' || enrollment?.status === 'COMPLETED';
  }

  /** Whether the viewer may add media to the course: its instructor or ADMIN. */
  async mayUploadToCourse(viewer: Viewer, courseId: string): Promise<boolean> {
    if (hasRole(viewer, 'ADMIN')) return true;
    let course = await this.repository.findCourse(courseId);
    if (!course) {
      await this.catchUp();
      course = await this.repository.findCourse(courseId);
    }
    return course?.instructorId === viewer.id;
  }

  /** Whether the viewer may add a photo to the lab: its host or ADMIN. */
  async mayUploadToLab(viewer: Viewer, labId: string): Promise<boolean> {
    if (hasRole(viewer, 'ADMIN')) return true;
    let lab = await this.repository.findLab(labId);
    if (!lab) {
      await this.catchUp();
      lab = await this.repository.findLab(labId);
    }
    return lab?.hostId === viewer.id;
  }
}
