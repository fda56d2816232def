import { UserAvatarChanged } from '@lg/events';
import { badInput, flushOutbox, forbidden, isId, notFound, signedIn, type EventLog, type Viewer } from '@lg/platform';
import type { AvatarModel, UserModel } from '../models.ts';
import { initialsAvatarUrl, initialsOf } from './initials.ts';
import type { AvatarRepository } from './repository.ts';

/**
 * A user's picture: an AVATAR asset they uploaded to media (checked against identity's projection
 * of media's events, caught up once before a refusal), or else generated initials.
 */
export class AvatarService {
  constructor(
    private readonly repository: AvatarRepository,
    private readonly events: EventLog,
    private readonly catchUp: () => Promise<void>,
  ) {}

  avatarOf(user: UserModel): AvatarModel {
    const initials = initialsOf(user.displayName);
    return { mediaId: user.avatarId ?? null, initials, fallbackUrl: initialsAvatarUrl(user._id, initials) };
  }

  async setAvatar(viewer: Viewer | null, mediaId: string): Promise<UserModel> {
    const actor = signedIn(viewer);
    if (!isId(mediaId)) throw badInput('mediaId is not a valid id.', 'mediaId');
    let asset = await this.repository.findAsset(mediaId);
    if (asset?.status !== 'READY') {
      await this.catchUp();
      asset = await this.repository.findAsset(mediaId);
    }
    if (!asset) throw badInput('mediaId is not an AVATAR upload.', 'mediaId');
    if (asset.ownerId !== actor.id) throw forbidden('mediaId is a picture someone else uploaded.');
    if (asset.status !== 'READY') throw badInput(`mediaId is not READY yet (${asset.status}).`, 'mediaId');
    return this.write(actor.id, mediaId);
  }

  clearAvatar(viewer: Viewer | null): Promise<UserModel> {
    return this.write(signedIn(viewer).id, null);
  }

  private async write(userId: string, mediaId: string | null): Promise<UserModel> {
    const user = await this.repository.setAvatar(userId, mediaId, UserAvatarChanged.build({ userId, mediaId }));
    if (!user) throw notFound('Your account');
    await flushOutbox(this.repository.users, userId, this.events);
    return user;
  }
}
