// A user's picture wherever they appear: the uploaded one, or the generated initials.
import { graphql } from '../../gql/index.ts';

/** What a query selects of a user to show their picture (spread `...UserAvatar`). */
export const UserAvatarFragment = graphql(`
  fragment UserAvatar on User { displayName avatar { initials fallbackUrl image { id url } } }
`);

export interface AvatarUser { displayName: string; avatar: { fallbackUrl: string; image?: { url?: string | null } | null } }

export function UserAvatar({ user, size = 32 }: { user: AvatarUser; size?: number }) {
  return (
    <img className="user-avatar" src={user.avatar.image?.url ?? user.avatar.fallbackUrl} alt={`${user.displayName}'s picture`}
      width={size} height={size} style={{ borderRadius: '50%', objectFit: 'cover', flex: 'none' }} />
  );
}
