// A lab's photos as its host manages them: upload one (LAB_PHOTO), and once READY it joins the
// lab's photos (setLabPhotos); remove any.
import { useMutation } from 'urql';
import { graphql } from '../gql/index.ts';
import { Button, ErrorAlert, Stack } from '../ui/index.tsx';
import { MediaUploader } from './MediaUploader.tsx';

const SetLabPhotosMutation = graphql(`
  mutation SetLabPhotos($labId: ID!, $mediaIds: [ID!]!) { setLabPhotos(labId: $labId, mediaIds: $mediaIds) { id photos { id url fileName } } }
`);

/** At most this many (the labs subgraph's limit). */
const MAX_PHOTOS = 10;

export function LabPhotosEditor({ lab }: { lab: { id: string; title: string; photos: { id: string; fileName: string }[] } }) {
  const [state, setPhotos] = useMutation(SetLabPhotosMutation);
  const ids = lab.photos.map((p) => p.id);
  return (
    <Stack gap={2}>
      <ErrorAlert error={state.error} />
      <ul className="list" aria-label={`Photo files of ${lab.title}`}>
        {lab.photos.map((p) => (
          <li key={p.id} className="lesson">
            <span>{p.fileName}</span>
            <Button variant="ghost" aria-label={`Remove photo ${p.fileName}`} onClick={() => void setPhotos({ labId: lab.id, mediaIds: ids.filter((id) => id !== p.id) })}>Remove</Button>
          </li>
        ))}
      </ul>
      {ids.length < MAX_PHOTOS && (
        <MediaUploader key={ids.length} label={`Add a photo of ${lab.title}`} purpose="LAB_PHOTO" labId={lab.id} accept="image/png,image/jpeg,image/webp"
          onReady={(asset) => void setPhotos({ labId: lab.id, mediaIds: [...ids, asset.id] })} />
      )}
    </Stack>
  );
}
