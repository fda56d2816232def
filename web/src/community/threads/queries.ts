import { graphql } from '../../gql/index.ts';

export const ThreadsQuery = graphql(`
  query CourseThreads($courseId: ID!, $after: String) {
    course(id: $courseId) {
      id title viewerIsStaff
      threads(first: 20, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id title pinned locked replyCount lastActivityAt author { id displayName } } }
      }
    }
  }
`);

export const StartThreadMutation = graphql(`
  mutation StartThread($input: StartThreadInput!) { startThread(input: $input) { id title } }
`);


export const ThreadQuery = graphql(`
  query Thread($id: ID!) {
    thread(id: $id) {
      id title body bodyHtml pinned locked replyCount createdAt editedAt hiddenAt hiddenReason viewerFollows viewerBookmarked viewerReactions
      reactions { reaction count }
      author { id displayName }
      course { id title viewerIsStaff }
      replies(first: 50) {
        totalCount
        edges { node {
          id body bodyHtml depth createdAt editedAt hiddenAt hiddenReason author { id displayName } reactions { reaction count } viewerReactions
          replies(first: 20) { edges { node {
            id body bodyHtml depth createdAt editedAt hiddenAt hiddenReason author { id displayName } reactions { reaction count } viewerReactions
          } } }
        } }
      }
    }
  }
`);

export const ReplyMutation = graphql(`
  mutation ReplyToThread($threadId: ID!, $body: String!, $parentId: ID) { replyToThread(threadId: $threadId, body: $body, parentId: $parentId) { id depth } }
`);

export const ReactMutation = graphql(`
  mutation ReactToPost($kind: PostKind!, $id: ID!, $reaction: Reaction!) { reactToPost(kind: $kind, id: $id, reaction: $reaction) { kind id reactions { reaction count } viewerReactions } }
`);

export const PinMutation = graphql(`
  mutation PinThread($threadId: ID!, $pinned: Boolean!) { pinThread(threadId: $threadId, pinned: $pinned) { id pinned } }
`);

export const LockMutation = graphql(`
  mutation LockThread($threadId: ID!, $locked: Boolean!) { lockThread(threadId: $threadId, locked: $locked) { id locked } }
`);

export const FollowMutation = graphql(`
  mutation FollowThread($threadId: ID!) { followThread(threadId: $threadId) { id viewerFollows } }
`);

export const UnfollowMutation = graphql(`
  mutation UnfollowThread($threadId: ID!) { unfollowThread(threadId: $threadId) { id viewerFollows } }
`);

export const BookmarkMutation = graphql(`
  mutation BookmarkPost($kind: PostKind!, $id: ID!) { bookmark(kind: $kind, id: $id) { id kind } }
`);

export const UnbookmarkMutation = graphql(`
  mutation UnbookmarkPost($kind: PostKind!, $id: ID!) { unbookmark(kind: $kind, id: $id) }
`);

export const ThreadReplyAddedSubscription = graphql(`
  subscription ThreadReplyAdded($threadId: ID!) { threadReplyAdded(threadId: $threadId) { id depth author { id displayName } } }
`);

export const MembersQuery = graphql(`
  query CourseMembers($courseId: ID!, $after: String) {
    course(id: $courseId) {
      id title viewerIsStaff instructor { id }
      members(first: 50, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { displayName role since user { id } } }
      }
    }
  }
`);

export const AppointMutation = graphql(`
  mutation AppointTeachingAssistant($courseId: ID!, $userId: ID!) { appointTeachingAssistant(courseId: $courseId, userId: $userId) { role displayName } }
`);

export const RemoveAssistantMutation = graphql(`
  mutation RemoveTeachingAssistant($courseId: ID!, $userId: ID!) { removeTeachingAssistant(courseId: $courseId, userId: $userId) }
`);

/** What reactToPost's answer writes into the cached thread or reply (lib/client.ts). */
export const ThreadReactionsFragment = graphql(`fragment ThreadReactions on Thread { id reactions { reaction count } viewerReactions }`);
export const ReplyReactionsFragment = graphql(`fragment ReplyReactions on ThreadReply { id reactions { reaction count } viewerReactions }`);
