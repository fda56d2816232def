// Documents shared by screens and the cache, which files new questions and answers (asked here or
// arriving by subscription) into the lists already loaded, and marks wishlisted courses.
import { graphql } from '../gql/index.ts';

export const QuestionsQuery = graphql(`
  query CourseQuestions($courseId: ID!) {
    course(id: $courseId) { id questions(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { id title body voteScore viewerVote answerCount createdAt editedAt hiddenAt hiddenReason author { id displayName } } } } }
  }
`);
/** Older questions, a page after the cursor of the one before (the first page is QuestionsQuery). */
export const MoreQuestionsQuery = graphql(`
  query MoreCourseQuestions($courseId: ID!, $after: String!) {
    course(id: $courseId) { id questions(first: 20, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id title body voteScore viewerVote answerCount createdAt editedAt hiddenAt hiddenReason author { id displayName } } } } }
  }
`);
export const QuestionAddedSubscription = graphql(`
  subscription QuestionAdded($courseId: ID!) { questionAdded(courseId: $courseId) { id title body voteScore viewerVote answerCount createdAt editedAt hiddenAt hiddenReason author { id displayName } } }
`);
export const AskMutation = graphql(`
  mutation Ask($input: AskQuestionInput!) { askQuestion(input: $input) { id title body voteScore viewerVote answerCount createdAt editedAt hiddenAt hiddenReason author { id displayName } } }
`);
export const AnswersQuery = graphql(`
  query QuestionAnswers($questionId: ID!) {
    question(id: $questionId) {
      id answerCount acceptedAnswer { id }
      answers(first: 100) { edges { node { id body voteScore viewerVote isAccepted createdAt editedAt hiddenAt hiddenReason author { id displayName } } } }
    }
  }
`);
export const AnswerAddedSubscription = graphql(`
  subscription AnswerAdded($questionId: ID!) { answerAdded(questionId: $questionId) { id body voteScore viewerVote isAccepted createdAt editedAt hiddenAt hiddenReason author { id displayName } question { id answerCount } } }
`);
export const AnswerMutation = graphql(`
  mutation AnswerQuestion($questionId: ID!, $body: String!) {
    answerQuestion(questionId: $questionId, body: $body) { id body voteScore viewerVote isAccepted createdAt editedAt hiddenAt hiddenReason author { id displayName } question { id answerCount } }
  }
`);

/** Whether the viewer has wishlisted a course: written by the cache when they add or remove it. */
export const WishlistedFragment = graphql(`
  fragment Wishlisted on Course { id viewerHasWishlisted }
`);

/** The viewer's wishlist: a removed course leaves the loaded list at once. */
export const WishlistQuery = graphql(`
  query MyWishlist { myWishlist { id title summary priceCents currency viewerHasWishlisted instructor { id displayName } } }
`);

/** A notification marked read in place. */
export const NotificationReadFragment = graphql(`
  fragment NotificationRead on Notification { id read }
`);
