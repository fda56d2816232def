import { hasRole, type Viewer } from '@lg/platform';
import type { Moderated } from '../models.ts';
import type { CourseMembership, EngagementLoaders } from '../services/membership.ts';

/**
 * Whether a post the viewer may otherwise read is there for them: a deleted post is gone for
 * everyone, a hidden one for everyone but its author and the course's staff.
 */
export async function postVisible(
  viewer: Viewer | null, post: Moderated & { authorId: string; courseId?: string | null }, loaders: EngagementLoaders, membership: CourseMembership,
): Promise<boolean> {
  if (post.deletedAt) return false;
  if (!post.hiddenAt) return true;
  if (viewer && viewer.id === post.authorId) return true;
  return post.courseId ? membership.isCourseStaff(viewer, post.courseId, loaders) : Boolean(viewer && hasRole(viewer, 'ADMIN'));
}
