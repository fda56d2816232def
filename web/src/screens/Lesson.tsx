// The lesson viewer: the sanitised body, the video (resumed where the student stopped), downloads,
// previous/next, Mark complete, the course's supplements; a refused visitor is offered to join.
import { useCallback } from 'react';
import { useMutation, useQuery } from 'urql';
import { Attachments } from '../lesson/Attachments.tsx';
import { JoinCourse } from '../lesson/JoinCourse.tsx';
import { LessonOutline } from '../lesson/LessonOutline.tsx';
import { neighbours, lessonPath } from '../lesson/order.ts';
import { CompleteFromViewerMutation, LessonPageQuery } from '../lesson/queries.ts';
import { Supplements } from '../lesson/Supplements.tsx';
import { usePlaybackSaver } from '../lesson/usePlaybackSaver.ts';
import { useStudyTimer } from '../lesson/useStudyTimer.ts';
import { VideoPlayer } from '../lesson/VideoPlayer.tsx';
import { errorCode } from '../lib/errors.ts';
import { Link } from '../lib/router.tsx';
import { Alert, Badge, Button, Card, Empty, ErrorAlert, Loading, Row, Stack } from '../ui/index.tsx';

const REFUSED = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);

export function LessonScreen({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: LessonPageQuery, variables: { courseId, lessonId }, requestPolicy: 'cache-and-network' });
  const [completeState, complete] = useMutation(CompleteFromViewerMutation);
  const enrolment = data?.course?.viewerEnrollment;
  const watching = enrolment != null && enrolment.status !== 'CANCELLED';
  const saved = enrolment?.playbackPositions.find((p) => p.lessonId === lessonId)?.seconds ?? 0;
  const saver = usePlaybackSaver(lessonId, watching, saved);
  useStudyTimer(lessonId, watching);
  const startAt = useCallback(() => saved, [saved]);

  if (!data && fetching) return <Loading label="Loading the lesson…" />;
  const course = data?.course;
  if (!course) return error ? <ErrorAlert error={error} /> : <Empty>This course does not exist or is not published.</Empty>;
  const lesson = course.lesson;
  if (!lesson) return <Empty>This course has no such lesson. <Link to={`/courses/${course.id}`}>Back to {course.title}</Link></Empty>;
  const content = lesson.content;
  const refused = !content && error !== undefined && REFUSED.has(errorCode(error) ?? '');
  const { previous, next } = neighbours(course.sections, lesson.id);
  const done = enrolment?.completedLessonIds.includes(lesson.id) ?? false;
  const video = content?.video;

  return (
    <Stack gap={6}>
      <Stack gap={2}>
        <p className="muted"><Link to={`/courses/${course.id}`}>← {course.title}</Link></p>
        <Row gap={2}><Badge>{lesson.kind.toLowerCase()}</Badge>{lesson.preview && <Badge>Preview</Badge>}{done && <Badge label={`${lesson.title} completed`}>✓ Completed</Badge>}</Row>
        <h1>{lesson.title}</h1>
      </Stack>
      <div className="two-cols">
        <Stack gap={6}>
          {refused ? (
            <JoinCourse course={course} lessonTitle={lesson.title} onJoined={() => refetch({ requestPolicy: 'network-only' })} />
          ) : !content ? (
            <ErrorAlert error={error ?? new Error('This lesson could not be loaded.')} />
          ) : (
            <>
              {video && (video.status === 'READY' && video.url ? (
                <VideoPlayer key={video.id} video={{ id: video.id, url: video.url, posterUrl: video.posterUrl }} captions={content.captions} title={lesson.title} startAt={startAt} saver={saver} />
              ) : video.status === 'FAILED' ? (
                <Alert tone="error">The video of this lesson could not be processed{video.failureReason ? `: ${video.failureReason}` : '.'}</Alert>
              ) : (
                <Alert>The video of this lesson is being prepared. Come back in a few minutes.</Alert>
              ))}
              <Card as="article" aria-label="Lesson text">
                {content.bodyHtml
                  // Sanitised by catalog when it was written: no script, handler, style or javascript: URL.
                  ? <div className="lesson-body" dangerouslySetInnerHTML={{ __html: content.bodyHtml }} />
                  : <p className="muted">This lesson has no text.</p>}
              </Card>
              <Attachments files={content.media} />
            </>
          )}
          <ErrorAlert error={completeState.error} />
          <nav aria-label="Lessons" className="lesson-nav">
            {previous ? <Link to={lessonPath(course.id, previous.id)} rel="prev">← {previous.title}</Link> : <span />}
            {watching && (done
              ? <span className="muted">You completed this lesson.</span>
              : <Button busy={completeState.fetching} onClick={() => void complete({ courseId: course.id, lessonId: lesson.id })}>Mark complete</Button>)}
            {next ? <Link to={lessonPath(course.id, next.id)} rel="next">{next.title} →</Link> : <span />}
          </nav>
        </Stack>
        <Stack gap={6}>
          <LessonOutline course={course} currentId={lesson.id} completed={enrolment?.completedLessonIds ?? []} member={data.isCourseMember} />
          <Supplements courseId={course.id} />
        </Stack>
      </div>
    </Stack>
  );
}
