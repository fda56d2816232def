// The course's cover: upload an image (COURSE_COVER), and it becomes the cover once READY.
import { useMutation } from 'urql';
import { Button, Card, ErrorAlert, Stack } from '../ui/index.tsx';
import { MediaUploader } from './MediaUploader.tsx';
import { SetCourseCoverMutation, type AuthoredCourse } from './queries.ts';


export function CoverImage({ course }: { course: AuthoredCourse }) {
  const [state, setCover] = useMutation(SetCourseCoverMutation);
  return (
    <Card as="section" aria-labelledby="cover">
      <Stack gap={3}>
        <h2 id="cover">Cover image</h2>
        {course.coverImage?.url
          ? <img src={course.coverImage.url} alt={`Cover of ${course.title}`} className="cover-preview" style={{ maxWidth: '100%', borderRadius: 8 }} />
          : <p className="muted">No cover yet.</p>}
        <ErrorAlert error={state.error} />
        <MediaUploader label="Upload a cover image" purpose="COURSE_COVER" courseId={course.id} accept="image/png,image/jpeg,image/webp"
          onReady={(asset) => void setCover({ courseId: course.id, mediaId: asset.id })} />
        {course.coverImage && <div><Button variant="ghost" busy={state.fetching} onClick={() => void setCover({ courseId: course.id, mediaId: null })}>Remove the cover</Button></div>}
      </Stack>
    </Card>
  );
}
