import { graphql } from '../gql/index.ts';
import type { TeachCourseQuery as TeachCourseResult } from '../gql/graphql.ts';

// The documents of the course authoring screen (TeachCourse): one query for the whole course, and
// the writes, each answering with what the screen shows so that the normalised cache updates it.

export const TeachCourseQuery = graphql(`
  query TeachCourse($id: ID!) {
    course(id: $id) {
      id title summary description category level tags priceCents currency status version
      coverImage { id url fileName }
      sections { id title position lessons { id title kind preview } }
      supplements { id kind title url youtubeId public file { id fileName } }
    }
  }
`);

export const UpdateCourseDetailsMutation = graphql(`
  mutation UpdateCourseDetails($id: ID!, $input: UpdateCourseInput!) {
    updateCourse(id: $id, input: $input) { id title summary description category level tags priceCents version }
  }
`);

export const SetCourseCoverMutation = graphql(`
  mutation SetCourseCover($courseId: ID!, $mediaId: ID) { setCourseCover(courseId: $courseId, mediaId: $mediaId) { id version coverImage { id url fileName } } }
`);

export const ReorderCourseMutation = graphql(`
  mutation ReorderCourse($input: ReorderCourseInput!) {
    reorderCourse(input: $input) { id version sections { id title position lessons { id title kind preview position } } }
  }
`);

/**
 * A lesson's content as the editor shows it: the query reads it and the save answers with it, so
 * that the normalised cache holds one shape of it.
 */
export const LessonContentFields = graphql(`
  fragment LessonContent on LessonContent {
    bodyMarkdown bodyHtml version updatedAt
    media { id kind status fileName }
    video { id kind status fileName durationSeconds }
    captions { id kind status fileName }
  }
`);

export const LessonContentQuery = graphql(`
  query LessonForEditing($courseId: ID!, $lessonId: ID!) {
    course(id: $courseId) {
      id
      lesson(id: $lessonId) {
        id courseId title preview
        content { ...LessonContent }
      }
    }
  }
`);

export const UpdateLessonContentMutation = graphql(`
  mutation UpdateLessonContent($input: UpdateLessonContentInput!) {
    updateLessonContent(input: $input) {
      id courseId preview
      content { ...LessonContent }
    }
  }
`);

export const AddSupplementMutation = graphql(`
  mutation AddSupplement($input: AddSupplementInput!) { addSupplement(input: $input) { id kind title url youtubeId public file { id fileName } } }
`);

export const RemoveSupplementMutation = graphql(`
  mutation RemoveSupplement($courseId: ID!, $supplementId: ID!) {
    removeSupplement(courseId: $courseId, supplementId: $supplementId) { id version supplements { id kind title url youtubeId public file { id fileName } } }
  }
`);

/** The course as the authoring screen reads it (TeachCourseQuery). */
export type AuthoredCourse = NonNullable<TeachCourseResult['course']>;
