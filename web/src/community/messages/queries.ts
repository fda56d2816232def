import { graphql } from '../../gql/index.ts';

export const UnreadConversationsQuery = graphql(`
  query UnreadConversations { unreadConversationCount }
`);
export const AnyDirectMessageSubscription = graphql(`
  subscription AnyDirectMessageAdded { directMessageAdded { id conversation { id } } }
`);
export const ConversationsQuery = graphql(`
  query Conversations($after: String) {
    conversations(first: 30, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id unreadCount lastMessageAt participants { user { id displayName } } lastMessage { id body author { id displayName } } } }
    }
  }
`);
export const ConversationQuery = graphql(`
  query DirectConversation($id: ID!) {
    directConversation(id: $id) {
      id canSend
      participants { user { id displayName } lastReadAt }
      messages(last: 50) { edges { node { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } } }
    }
  }
`);
export const MessageAddedSubscription = graphql(`
  subscription DirectMessageAdded($id: ID) { directMessageAdded(conversationId: $id) { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } } }
`);
export const ConversationReadSubscription = graphql(`
  subscription ConversationRead($id: ID!) { conversationRead(conversationId: $id) { id participants { user { id displayName } lastReadAt } } }
`);
export const TypingSubscription = graphql(`
  subscription ConversationTyping($id: ID!) { conversationTyping(conversationId: $id) { at user { id displayName } } }
`);
export const SendMessageMutation = graphql(`
  mutation SendDirectMessage($input: SendDirectMessageInput!) {
    sendDirectMessage(input: $input) { id body createdAt editedAt hiddenAt hiddenReason author { id displayName } conversation { id } }
  }
`);
export const MarkReadMutation = graphql(`
  mutation MarkConversationRead($id: ID!) { markConversationRead(conversationId: $id) { id unreadCount participants { user { id displayName } lastReadAt } } }
`);
export const SetTypingMutation = graphql(`
  mutation SetTyping($id: ID!) { setTyping(conversationId: $id) }
`);
export const BlockedQuery = graphql(`
  query BlockedUsers { blockedUsers { id } }
`);
export const BlockMutation = graphql(`
  mutation BlockUser($id: ID!) { blockUser(userId: $id) }
`);
export const UnblockMutation = graphql(`
  mutation UnblockUser($id: ID!) { unblockUser(userId: $id) }
`);
