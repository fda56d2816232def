// The account page's picture: upload an image (an AVATAR asset of media's), which becomes the
// picture once READY; or go back to the generated initials.
import { useMutation } from 'urql';
import { MediaUploader } from '../../authoring/MediaUploader.tsx';
import { graphql } from '../../gql/index.ts';
import { Button, ErrorAlert, Stack } from '../../ui/index.tsx';
import { UserAvatar, type AvatarUser } from './UserAvatar.tsx';

const SetAvatarMutation = graphql(`
  mutation SetAvatar($mediaId: ID!) { setAvatar(mediaId: $mediaId) { id ...UserAvatar } }
`);
const ClearAvatarMutation = graphql(`
  mutation ClearAvatar { clearAvatar { id ...UserAvatar } }
`);

export function AvatarSettings({ me }: { me: AvatarUser }) {
  const [setState, setAvatar] = useMutation(SetAvatarMutation);
  const [clearState, clearAvatar] = useMutation(ClearAvatarMutation);
  return (
    <Stack gap={3} aria-labelledby="avatar-title">
      <h2 id="avatar-title">Your picture</h2>
      <div style={{ display: 'flex', gap: 16, alignItems: 'center', flexWrap: 'wrap' }}>
        <UserAvatar user={me} size={64} />
        <MediaUploader label="Upload a picture" purpose="AVATAR" accept="image/png,image/jpeg,image/webp,image/gif"
          onReady={(asset) => void setAvatar({ mediaId: asset.id })} />
        {me.avatar.image && <Button variant="secondary" busy={clearState.fetching} onClick={() => void clearAvatar({})}>Remove picture</Button>}
      </div>
      <ErrorAlert error={setState.error ?? clearState.error} />
    </Stack>
  );
}
