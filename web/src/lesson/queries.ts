// The lesson viewer's operations; the screen and its parts share them.
import { graphql } from '../gql/index.ts';

/** What an enrolment shows on the lesson page; mutations select it too so the cache stays current. */
export const ViewerEnrollmentFields = graphql(`
  fragment LessonViewerEnrollment on Enrollment {
    id status progressPercent completedLessonIds resumeAtSeconds
    resumeLesson { id }
    playbackPositions { lessonId seconds }
  }
`);

export const LessonPageQuery = graphql(`
  query LessonPage($courseId: ID!, $lessonId: ID!) {
    course(id: $courseId) {
      id title status priceCents currency
      sections { id title position lessons { id title kind position preview durationMinutes } }
      lesson(id: $lessonId) {
        id title kind preview durationMinutes
        content {
          bodyHtml
          video { id status failureReason url posterUrl durationSeconds width height }
          captions { id status fileName url }
          media { id kind status fileName contentType byteSize downloadUrl }
        }
      }
      viewerEnrollment { ...LessonViewerEnrollment }
    }
    isCourseMember(courseId: $courseId)
  }
`);

export const SavePlaybackMutation = graphql(`
  mutation SavePlaybackPosition($lessonId: ID!, $seconds: Float!) {
    savePlaybackPosition(lessonId: $lessonId, seconds: $seconds) { ...LessonViewerEnrollment }
  }
`);

export const RecordLessonActivityMutation = graphql(`
  mutation RecordLessonActivity($lessonId: ID!, $seconds: Int!, $opened: Boolean!) {
    recordLessonActivity(lessonId: $lessonId, seconds: $seconds, opened: $opened) { id }
  }
`);

export const CompleteFromViewerMutation = graphql(`
  mutation CompleteLessonFromViewer($courseId: ID!, $lessonId: ID!) {
    completeLesson(courseId: $courseId, lessonId: $lessonId) { ...LessonViewerEnrollment }
  }
`);

export const EnrolFromLessonMutation = graphql(`
  mutation EnrolFromLesson($courseId: ID!) {
    enrollInFreeCourse(courseId: $courseId) { ...LessonViewerEnrollment course { id enrollmentCount viewerEnrollment { id } } }
  }
`);

export const AddToCartFromLessonMutation = graphql(`
  mutation AddToCartFromLesson($courseId: ID!) { addCourseToCart(courseId: $courseId) { subtotalCents currency items { id priceCents course { id title } } } }
`);

export const SupplementsQuery = graphql(`
  query CourseSupplements($courseId: ID!) {
    course(id: $courseId) {
      id
      supplements { id kind title url youtubeId public file { id kind status fileName byteSize downloadUrl } }
    }
  }
`);
