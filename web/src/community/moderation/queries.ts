// Moderation's documents: the author's edit and delete, staff's hide, anyone's report, the queue,
// and the live stream of changes to a course's posts.
import { graphql } from '../../gql/index.ts';

export const EditPostMutation = graphql(`
  mutation EditPost($input: EditPostInput!) {
    editPost(input: $input) {
      __typename
      ... on ChatMessage { id body editedAt }
      ... on Question { id title body editedAt }
      ... on Answer { id body editedAt }
      ... on Thread { id title body bodyHtml editedAt }
      ... on ThreadReply { id body bodyHtml editedAt }
      ... on DirectMessage { id body editedAt }
    }
  }
`);
export const DeletePostMutation = graphql(`
  mutation DeletePost($input: PostRef!) { deletePost(input: $input) }
`);
/** What a hide or an unhide changes, whatever the kind of post. */
export const PostHideStateFragment = graphql(`
  fragment PostHideState on Post {
    __typename
    ... on ChatMessage { id hiddenAt hiddenReason }
    ... on Question { id hiddenAt hiddenReason }
    ... on Answer { id hiddenAt hiddenReason }
    ... on Thread { id hiddenAt hiddenReason }
    ... on ThreadReply { id hiddenAt hiddenReason }
    ... on DirectMessage { id hiddenAt hiddenReason }
  }
`);
export const HidePostMutation = graphql(`
  mutation HidePost($input: HidePostInput!) {
    hidePost(input: $input) {
      ...PostHideState
    }
  }
`);
export const UnhidePostMutation = graphql(`
  mutation UnhidePost($input: PostRef!) {
    unhidePost(input: $input) {
      ...PostHideState
    }
  }
`);
export const ReportPostMutation = graphql(`
  mutation ReportPost($input: ReportPostInput!) { reportPost(input: $input) { id status } }
`);

/** Each change to the course's posts; the post comes as the viewer may see it now (null: gone for them). */
export const PostChangedSubscription = graphql(`
  subscription PostChanged($courseId: ID!) {
    postChanged(courseId: $courseId) {
      id kind postId change
      chatMessage { id body editedAt hiddenAt hiddenReason }
      question { id title body editedAt hiddenAt hiddenReason }
      answer { id body editedAt hiddenAt hiddenReason }
      thread { id title body bodyHtml editedAt hiddenAt hiddenReason }
      threadReply { id body bodyHtml editedAt hiddenAt hiddenReason }
    }
  }
`);

/** Each change to a conversation's messages (participants only); the message as the viewer may see it now. */
export const DirectMessageChangedSubscription = graphql(`
  subscription DirectMessageChanged($conversationId: ID!) {
    directMessageChanged(conversationId: $conversationId) {
      id kind postId change
      directMessage { id body editedAt hiddenAt hiddenReason }
    }
  }
`);

export const ModerationQueueQuery = graphql(`
  query ModerationQueue($status: ReportStatus!, $after: String) {
    moderationQueue(status: $status, first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id kind postId reason status excerpt postHidden createdAt resolution note
          course { id title }
          reporter { id displayName }
        }
      }
    }
  }
`);
export const ResolveReportMutation = graphql(`
  mutation ResolveReport($input: ResolveReportInput!) { resolveReport(input: $input) { id status resolution note postHidden excerpt } }
`);

/** The GraphQL type of each post kind the web client shows. */
export const POST_TYPENAMES = {
  QUESTION: 'Question', ANSWER: 'Answer', CHAT_MESSAGE: 'ChatMessage', THREAD: 'Thread', THREAD_REPLY: 'ThreadReply', DIRECT_MESSAGE: 'DirectMessage',
} as const;
